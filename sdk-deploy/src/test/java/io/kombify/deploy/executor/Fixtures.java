package io.kombify.deploy.executor;

import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.Cancellation;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlannedChange;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.RetryPolicy;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.state.Journal;
import io.kombify.deploy.state.JournalEntry;
import io.kombify.deploy.state.LockInfo;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import io.kombify.deploy.state.StateLock;
import io.kombify.deploy.state.StateStore;
import io.kombify.deploy.state.InMemoryStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Resources, graphs, plans and stores for the executor tests. */
final class Fixtures {

    static final ResourceType NETWORK = ResourceType.NETWORK;
    static final ResourceType VOLUME = ResourceType.VOLUME;
    static final ResourceType CONTAINER = ResourceType.CONTAINER;
    static final ResourceType ROUTE = ResourceType.PROXY_ROUTE;

    private Fixtures() {
    }

    static ResourceId id(String address) {
        return ResourceId.parse(address);
    }

    static Resource resource(String address, String provider, Map<String, Object> attributes, String... dependsOn) {
        Set<ResourceId> deps = Arrays.stream(dependsOn).map(ResourceId::parse).collect(Collectors.toSet());
        return new Resource(ResourceId.parse(address), provider, attributes, deps);
    }

    static Resource resource(String address, String provider, String... dependsOn) {
        return resource(address, provider, Map.of("image", "app:1"), dependsOn);
    }

    static ResourceGraph graph(Resource... resources) {
        ResourceGraph.Builder b = ResourceGraph.builder("lab", "hash-" + Arrays.hashCode(resources));
        for (Resource r : resources) {
            b.add(r);
        }
        return b.build();
    }

    static ApplyOptions options(int parallelism) {
        return new ApplyOptions(parallelism, Map.of(),
                new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50), 2.0, 0.2), new Cancellation());
    }

    /**
     * A plan of {@code graph} against {@code state}, made the way the planner's rules say (without a
     * refresh): not recorded means create, recorded but not desired means delete, differing
     * attributes mean update when every changed attribute is updatable and replace otherwise.
     */
    static Plan plan(ResourceGraph graph, State state, Providers providers) {
        List<PlannedChange> changes = new ArrayList<>();
        for (Resource r : graph.resources()) {
            Optional<ResourceRecord> prior = state.resource(r.id());
            if (prior.isEmpty()) {
                changes.add(new PlannedChange(r.id(), Action.CREATE, Optional.of(r), Optional.empty(), List.of(), "new"));
                continue;
            }
            ResourceRecord rec = prior.get();
            Set<String> changed = new TreeSet<>();
            Set<String> keys = new TreeSet<>(r.attributes().keySet());
            keys.addAll(rec.attributes().keySet());
            for (String k : keys) {
                if (!Objects.equals(r.attributes().get(k), rec.attributes().get(k))) {
                    changed.add(k);
                }
            }
            if (changed.isEmpty() && rec.provider().equals(r.provider())) {
                changes.add(new PlannedChange(r.id(), Action.NOOP, Optional.of(r), prior, List.of(), ""));
                continue;
            }
            ResourceTypeSupport support = providers.get(r.provider()).orElseThrow().descriptor()
                    .support(r.type()).orElseThrow();
            boolean inPlace = rec.provider().equals(r.provider()) && changed.stream().allMatch(support::updatable);
            changes.add(new PlannedChange(r.id(), inPlace ? Action.UPDATE : Action.REPLACE, Optional.of(r), prior,
                    List.of(), String.join(", ", changed) + " changed"));
        }
        for (ResourceRecord rec : state.resources().values()) {
            if (!graph.contains(rec.id())) {
                changes.add(new PlannedChange(rec.id(), Action.DELETE, Optional.empty(), Optional.of(rec), List.of(),
                        "not in the spec"));
            }
        }
        return new Plan(graph.stack(), graph.specHash(), state.lineage(), state.serial(), false, graph, changes);
    }

    /** A plan deleting everything {@code state} records. */
    static Plan destroyPlan(State state) {
        List<PlannedChange> changes = new ArrayList<>();
        for (ResourceRecord rec : state.resources().values()) {
            changes.add(new PlannedChange(rec.id(), Action.DELETE, Optional.empty(), Optional.of(rec), List.of(),
                    "destroy"));
        }
        return new Plan(state.stack(), "", state.lineage(), state.serial(), true,
                ResourceGraph.builder(state.stack(), "").build(), changes);
    }

    /** The current state of a store, or an empty one. */
    static State stateOf(StateStore store) {
        return store.read().orElseGet(() -> State.empty("lab", java.time.Instant.now()));
    }

    /** A record's content without what differs from run to run (the provider's identifier and the key). */
    static Map<ResourceId, String> content(State state) {
        Map<ResourceId, String> out = new TreeMap<>();
        state.resources().forEach((id, r) -> out.put(id, r.provider() + " " + r.attributes() + " sensitive="
                + r.sensitive() + " outputs=" + r.outputs() + " dependsOn=" + new TreeSet<>(r.dependsOn())));
        return out;
    }

    /** Collects events. */
    static final class Events implements DeployListener {
        final List<DeployEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(DeployEvent event) {
            all.add(event);
        }

        <T extends DeployEvent> List<T> of(Class<T> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /** A store that remembers every journal entry appended and every state written. */
    static final class RecordingStore implements StateStore {
        final InMemoryStateStore delegate = new InMemoryStateStore();
        final List<JournalEntry> appended = new CopyOnWriteArrayList<>();
        final List<State> written = new CopyOnWriteArrayList<>();
        private final Journal journal = new Journal() {
            @Override
            public void append(JournalEntry entry) {
                delegate.journal().append(entry);
                appended.add(entry);
            }

            @Override
            public List<JournalEntry> entries() {
                return delegate.journal().entries();
            }

            @Override
            public long nextSeq() {
                return delegate.journal().nextSeq();
            }

            @Override
            public void clear() {
                delegate.journal().clear();
            }
        };

        @Override
        public String location() {
            return delegate.location();
        }

        @Override
        public Optional<State> read() {
            return delegate.read();
        }

        @Override
        public void write(State state) {
            delegate.write(state);
            written.add(state);
        }

        @Override
        public StateLock lock(String operation, String owner) {
            return delegate.lock(operation, owner);
        }

        @Override
        public Optional<LockInfo> lockHolder() {
            return delegate.lockHolder();
        }

        @Override
        public void forceUnlock(String lockId) {
            delegate.forceUnlock(lockId);
        }

        @Override
        public Journal journal() {
            return journal;
        }
    }

    static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
