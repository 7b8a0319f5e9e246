package io.kombify.deploy.internal;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.core.SecretRef;
import io.kombify.deploy.Action;
import io.kombify.deploy.AttributeChange;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.DriftItem;
import io.kombify.deploy.DriftReport;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.PlannedChange;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.RetryPolicy;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.RateLimit;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Refresh, diff and plan; drift.
 *
 * <p>A plan compares three views of every resource: desired (the graph), recorded (the state)
 * and actual (what the providers report when refresh is on). Not recorded means create;
 * recorded but not desired means delete; recorded but gone means create again. Otherwise every
 * top-level attribute whose desired value differs from the recorded one, or whose actual value
 * differs from the recorded one (drift), is a change; the resource is updated in place when its
 * provider can change all of them, else replaced. Sensitive attributes compare by reference only,
 * since providers never return them.
 *
 * <p>Refresh reads the recorded resources in parallel on a pool of at most
 * {@value #MAX_REFRESH_THREADS} threads made for the call and shut down after it, honouring each
 * provider's {@link RateLimit#maxConcurrentCalls()}. Instances are immutable and thread-safe.
 */
public final class Planner {

    /** At most this many resources are read at once. */
    static final int MAX_REFRESH_THREADS = 16;

    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final int CLOSE_MATCHES = 3;
    private static final int NAMES_SHOWN = 3;

    private final Providers providers;
    private final SecretResolver secrets;
    private final RetryPolicy retry;
    private final DeployListener listener;

    /**
     * A planner calling these providers.
     *
     * @param providers the providers resources name
     * @param secrets   given to providers in their context (a refresh does not resolve anything itself)
     * @param listener  receives refresh progress and {@link DeployEvent.PlanReady}; {@code null} for none
     */
    public Planner(Providers providers, SecretResolver secrets, DeployListener listener) {
        this(providers, secrets, listener, RetryPolicy.DEFAULT);
    }

    /** With the retry policy for reads that fail with a retryable error during refresh. */
    public Planner(Providers providers, SecretResolver secrets, DeployListener listener, RetryPolicy retry) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.secrets = secrets == null ? SecretResolver.NONE : secrets;
        this.listener = listener == null ? DeployListener.NONE : listener;
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /**
     * Plans {@code graph} against {@code state} (an empty state when the stack has none yet).
     * With {@link PlanOptions#destroy()} set, plans a destroy of the state instead.
     *
     * @throws KombifyException {@code RESOURCE_ADDRESS_UNKNOWN} for a target or exclusion the stack
     *                          does not have, {@code PROVIDER_MISSING} when a resource names a
     *                          provider that is not available, {@code PROVIDER_TYPE_UNSUPPORTED}
     *                          when its provider does not handle its type, the provider's code when
     *                          a refresh read fails, {@code STATE_STACK_MISMATCH} when the state
     *                          belongs to another stack
     */
    public Plan plan(ResourceGraph graph, State state, PlanOptions options) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(options, "options");
        if (options.destroy()) {
            return planDestroy(state, options);
        }
        if (!graph.stack().equals(state.stack())) {
            throw new KombifyException("STATE_STACK_MISMATCH", "the state belongs to stack " + state.stack()
                    + ", not to stack " + graph.stack());
        }
        Relations rel = new Relations(graph, state);
        checkAddresses(graph.stack(), options, rel::known, rel::addresses);
        Set<ResourceId> scope = planScope(options, rel);

        List<Resource> desired = new ArrayList<>(graph.size());
        for (Resource r : graph.resources()) {
            if (scope == null || scope.contains(r.id())) {
                desired.add(r);
            }
        }
        List<ResourceRecord> recorded = new ArrayList<>();
        List<ResourceRecord> orphans = new ArrayList<>();
        for (ResourceRecord rec : state.resources().values()) {
            if (scope == null || scope.contains(rec.id())) {
                recorded.add(rec);
                if (!graph.contains(rec.id())) {
                    orphans.add(rec);
                }
            }
        }
        checkSensitive(desired);
        ProviderSet ps = resolveProviders(desired, recorded);
        Map<ResourceId, Optional<ResourceState>> actual = options.refresh() ? refresh(state.stack(), recorded, ps) : null;

        List<PlannedChange> changes = new ArrayList<>(desired.size() + orphans.size());
        for (Resource r : desired) {
            changes.add(diff(r, state.resources().get(r.id()), actual == null ? null : actual.get(r.id()), ps));
        }
        for (ResourceRecord rec : deleteOrder(orphans)) {
            boolean gone = actual != null && actual.get(rec.id()).isEmpty();
            changes.add(new PlannedChange(rec.id(), Action.DELETE, Optional.empty(), Optional.of(rec), List.of(),
                    gone ? "not in the spec (already gone)" : "not in the spec"));
        }
        Plan plan = new Plan(graph.stack(), graph.specHash(), state.lineage(), state.serial(), false, graph, changes);
        emit(new DeployEvent.PlanReady(plan.counts()));
        return plan;
    }

    /**
     * Plans destroying what {@code state} records, or with targets the targets and everything
     * that depends on them; an excluded resource is kept together with everything it depends on.
     * The plan's graph holds the recorded resources, in an order where each follows what it
     * depends on.
     *
     * @throws KombifyException as {@link #plan}
     */
    public Plan planDestroy(State state, PlanOptions options) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(options, "options");
        ResourceGraph graph = graphOf(state);
        checkAddresses(state.stack(), options, graph::contains, () -> state.resources().keySet());
        Set<ResourceId> scope = new HashSet<>(options.targets().isEmpty()
                ? state.resources().keySet() : graph.withDependents(options.targets()));
        if (!options.excludes().isEmpty()) {
            scope.removeAll(graph.withDependencies(options.excludes()));
        }
        List<ResourceRecord> records = new ArrayList<>(scope.size());
        for (ResourceRecord rec : state.resources().values()) {
            if (scope.contains(rec.id())) {
                records.add(rec);
            }
        }
        ProviderSet ps = resolveProviders(List.of(), records);
        Map<ResourceId, Optional<ResourceState>> actual = options.refresh() ? refresh(state.stack(), records, ps) : null;
        List<PlannedChange> changes = new ArrayList<>(records.size());
        for (ResourceRecord rec : deleteOrder(records)) {
            boolean gone = actual != null && actual.get(rec.id()).isEmpty();
            changes.add(new PlannedChange(rec.id(), Action.DELETE, Optional.empty(), Optional.of(rec), List.of(),
                    gone ? "destroy (already gone)" : "destroy"));
        }
        Plan plan = new Plan(state.stack(), "", state.lineage(), state.serial(), true, graph, changes);
        emit(new DeployEvent.PlanReady(plan.counts()));
        return plan;
    }

    /**
     * Reads every recorded resource and reports what differs: resources gone, and attributes
     * whose actual value differs from the recorded one (sensitive ones are never compared).
     *
     * @throws KombifyException {@code PROVIDER_MISSING}, or the provider's code when a read fails
     */
    public DriftReport drift(State state) {
        Objects.requireNonNull(state, "state");
        List<ResourceRecord> records = List.copyOf(state.resources().values());
        ProviderSet ps = resolveProviders(List.of(), records);
        Map<ResourceId, Optional<ResourceState>> actual = refresh(state.stack(), records, ps);
        List<DriftItem> items = new ArrayList<>();
        for (ResourceRecord rec : records) {
            Optional<ResourceState> now = actual.get(rec.id());
            if (now.isEmpty()) {
                items.add(new DriftItem(rec.id(), DriftItem.Kind.MISSING, List.of()));
                continue;
            }
            List<AttributeChange> changes = new ArrayList<>();
            Map<String, Object> was = rec.attributes();
            Map<String, Object> is = now.get().attributes();
            for (Map.Entry<String, Object> e : was.entrySet()) {
                String key = e.getKey();
                if (!rec.sensitive().contains(key) && is.containsKey(key) && !Objects.equals(e.getValue(), is.get(key))) {
                    diffValue(topPath(key), e.getValue(), is.get(key), false, false, changes);
                }
            }
            if (!changes.isEmpty()) {
                items.add(new DriftItem(rec.id(), DriftItem.Kind.CHANGED, changes));
            }
        }
        return new DriftReport(state.stack(), records.size(), items);
    }

    // ---------------------------------------------------------------- diff

    private static PlannedChange diff(Resource r, ResourceRecord rec, Optional<ResourceState> actual, ProviderSet ps) {
        if (rec == null) {
            return new PlannedChange(r.id(), Action.CREATE, Optional.of(r), Optional.empty(), List.of(), "not yet created");
        }
        if (actual != null && actual.isEmpty()) {
            return new PlannedChange(r.id(), Action.CREATE, Optional.of(r), Optional.of(rec), List.of(), "deleted outside kombify");
        }
        boolean providerChanged = !r.provider().equals(rec.provider());
        ResourceTypeSupport support = ps.support(r.provider(), r.type());
        Map<String, Object> des = r.attributes();
        Map<String, Object> was = rec.attributes();
        Map<String, Object> now = actual == null ? null : actual.get().attributes();
        if (!providerChanged && sameValue(des, was) && (now == null || noDrift(was, now, r.sensitive(), rec.sensitive()))) {
            // The common case, answered without collecting and sorting the attribute names.
            return new PlannedChange(r.id(), Action.NOOP, Optional.of(r), Optional.of(rec), List.of(), "");
        }
        TreeSet<String> keys = new TreeSet<>(des.keySet());
        keys.addAll(was.keySet());

        List<AttributeChange> out = new ArrayList<>();
        List<String> specChanged = new ArrayList<>();
        List<String> drifted = new ArrayList<>();
        List<String> forcing = new ArrayList<>();
        for (String key : keys) {
            boolean sensitive = r.sensitive().contains(key) || rec.sensitive().contains(key);
            boolean inDes = des.containsKey(key);
            boolean inWas = was.containsKey(key);
            Object d = des.get(key);
            Object w = was.get(key);
            boolean changed = inDes != inWas || !Objects.equals(d, w);
            boolean drift = !sensitive && inWas && now != null && now.containsKey(key) && !Objects.equals(now.get(key), w);
            if (!changed && !drift) {
                continue;
            }
            // Show what is there now when it drifted, unless it already is what the spec wants.
            Object before = drift && !Objects.equals(now.get(key), d) ? now.get(key) : w;
            boolean forces = providerChanged || !support.updatable(key);
            int size = out.size();
            diffValue(topPath(key), before, d, sensitive, forces && !providerChanged, out);
            if (out.size() == size) {
                out.add(new AttributeChange(topPath(key), before, d, sensitive, forces && !providerChanged));
            }
            if (changed) {
                specChanged.add(key);
            }
            if (drift) {
                drifted.add(key);
            }
            if (forces && !providerChanged) {
                forcing.add(key);
            }
        }
        Action action;
        if (providerChanged) {
            action = Action.REPLACE;
        } else if (specChanged.isEmpty() && drifted.isEmpty()) {
            action = Action.NOOP;
        } else {
            action = forcing.isEmpty() ? Action.UPDATE : Action.REPLACE;
        }
        List<String> why = new ArrayList<>();
        if (providerChanged) {
            why.add("provider changes from " + rec.provider() + " to " + r.provider());
        }
        if (!specChanged.isEmpty()) {
            why.add(String.join(", ", specChanged) + " changed");
        }
        if (!drifted.isEmpty()) {
            why.add(String.join(", ", drifted) + " changed outside kombify");
        }
        if (!forcing.isEmpty()) {
            why.add(String.join(", ", forcing) + " cannot be changed in place");
        }
        return new PlannedChange(r.id(), action, Optional.of(r), Optional.of(rec), out, String.join("; ", why));
    }

    /** Adds the leaf differences between {@code before} and {@code after} at {@code path}. */
    static void diffValue(String path, Object before, Object after, boolean sensitive, boolean forces, List<AttributeChange> out) {
        if (Objects.equals(before, after)) {
            return;
        }
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            TreeSet<String> keys = new TreeSet<>();
            b.keySet().forEach(k -> keys.add((String) k));
            a.keySet().forEach(k -> keys.add((String) k));
            for (String k : keys) {
                diffValue(childPath(path, k), b.get(k), a.get(k), sensitive, forces, out);
            }
            return;
        }
        if (before instanceof List<?> b && after instanceof List<?> a) {
            int n = Math.max(b.size(), a.size());
            for (int i = 0; i < n; i++) {
                diffValue(path + "[" + i + "]", i < b.size() ? b.get(i) : null, i < a.size() ? a.get(i) : null,
                        sensitive, forces, out);
            }
            return;
        }
        out.add(new AttributeChange(path, before, after, sensitive, forces));
    }

    /** The path of a top-level attribute: its name, or {@code ["name"]} when it is not a plain name. */
    static String topPath(String key) {
        return SIMPLE_KEY.matcher(key).matches() ? key : "[" + quote(key) + "]";
    }

    private static String childPath(String parent, String key) {
        return SIMPLE_KEY.matcher(key).matches() ? parent + "." + key : parent + "[" + quote(key) + "]";
    }

    private static String quote(String key) {
        return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Whether no recorded attribute drifted: every one that is not sensitive and that the provider
     * reports has the recorded value (the same test as the attribute walk of {@link #diff}).
     */
    static boolean noDrift(Map<String, Object> was, Map<String, Object> now, Set<String> sensitive,
                           Set<String> recordedSensitive) {
        if (sameValue(now, was)) {
            return true;
        }
        for (Map.Entry<String, Object> e : was.entrySet()) {
            String key = e.getKey();
            if (sensitive.contains(key) || recordedSensitive.contains(key)) {
                continue;
            }
            Object actual = now.get(key);
            if ((actual != null || now.containsKey(key)) && !sameValue(actual, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link Objects#equals} for attribute values, faster on maps in normal form: two maps are
     * walked side by side, which needs no look-up by key while both list the same keys in the same
     * order (sorted, in normal form); maps whose keys come in another order are compared by
     * {@link Map#equals}.
     */
    static boolean sameValue(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            java.util.Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
            java.util.Iterator<? extends Map.Entry<?, ?>> j = y.entrySet().iterator();
            while (i.hasNext() && j.hasNext()) {
                Map.Entry<?, ?> e = i.next();
                Map.Entry<?, ?> f = j.next();
                if (!Objects.equals(e.getKey(), f.getKey())) {
                    return x.equals(y);
                }
                if (!sameValue(e.getValue(), f.getValue())) {
                    // the same key holds different values
                    return false;
                }
            }
            return !i.hasNext() && !j.hasNext();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            java.util.Iterator<?> i = x.iterator();
            java.util.Iterator<?> j = y.iterator();
            while (i.hasNext() && j.hasNext()) {
                if (!sameValue(i.next(), j.next())) {
                    return false;
                }
            }
            return !i.hasNext() && !j.hasNext();
        }
        return Objects.equals(a, b);
    }

    /** Whether a value holds only {@code secret://} references (or nothing). */
    static boolean referencesOnly(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof String s) {
            return SecretRef.isReference(s);
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (!referencesOnly(v)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> l) {
            for (Object v : l) {
                if (!referencesOnly(v)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static void checkSensitive(List<Resource> desired) {
        for (Resource r : desired) {
            for (String key : r.sensitive()) {
                if (!referencesOnly(r.attributes().get(key))) {
                    throw new KombifyException("SENSITIVE_VALUE_NOT_REFERENCE", r.id() + ": sensitive attribute " + key
                            + " holds a value that is not a secret:// reference (the value is not shown)",
                            List.of(Diagnostic.error("SENSITIVE_VALUE_NOT_REFERENCE", "", r.id() + "." + key
                                    + " must hold secret:// references", "put the value in the secret store and refer to it as secret://name")));
                }
            }
        }
    }

    // ---------------------------------------------------------------- scope

    /** Desired and recorded resources together: who depends on whom, in either view. */
    private static final class Relations {
        private final ResourceGraph graph;
        private final State state;
        private Map<ResourceId, List<ResourceId>> recordDependents;

        Relations(ResourceGraph graph, State state) {
            this.graph = graph;
            this.state = state;
        }

        boolean known(ResourceId id) {
            return graph.contains(id) || state.resources().containsKey(id);
        }

        boolean orphan(ResourceId id) {
            return !graph.contains(id) && state.resources().containsKey(id);
        }

        Collection<ResourceId> addresses() {
            Set<ResourceId> all = new TreeSet<>(state.resources().keySet());
            graph.resources().forEach(r -> all.add(r.id()));
            return all;
        }

        List<ResourceId> recordDependents(ResourceId id) {
            if (recordDependents == null) {
                recordDependents = new HashMap<>();
                for (ResourceRecord rec : state.resources().values()) {
                    for (ResourceId dep : rec.dependsOn()) {
                        recordDependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(rec.id());
                    }
                }
            }
            return recordDependents.getOrDefault(id, List.of());
        }
    }

    /**
     * The resources a plan covers, or {@code null} for all: the targets with what they depend on
     * (and, for a target being deleted, the other deleted resources depending on it), minus the
     * exclusions and what depends on them.
     */
    private static Set<ResourceId> planScope(PlanOptions options, Relations rel) {
        if (options.targets().isEmpty() && options.excludes().isEmpty()) {
            return null;
        }
        Set<ResourceId> scope = new HashSet<>();
        if (options.targets().isEmpty()) {
            scope.addAll(rel.addresses());
        } else {
            Deque<ResourceId> todo = new ArrayDeque<>(options.targets());
            while (!todo.isEmpty()) {
                ResourceId id = todo.pop();
                if (!scope.add(id)) {
                    continue;
                }
                if (rel.graph.contains(id)) {
                    todo.addAll(rel.graph.dependencies(id));
                } else {
                    for (ResourceId dependent : rel.recordDependents(id)) {
                        if (rel.orphan(dependent)) {
                            todo.add(dependent);
                        }
                    }
                }
            }
        }
        if (!options.excludes().isEmpty()) {
            Set<ResourceId> dropped = new HashSet<>();
            Deque<ResourceId> todo = new ArrayDeque<>(options.excludes());
            while (!todo.isEmpty()) {
                ResourceId id = todo.pop();
                if (!dropped.add(id)) {
                    continue;
                }
                todo.addAll(rel.graph.dependents(id));
                todo.addAll(rel.recordDependents(id));
                if (rel.orphan(id)) {
                    // A recorded resource that stays keeps what it was built on.
                    for (ResourceId dep : rel.state.resources().get(id).dependsOn()) {
                        if (rel.orphan(dep)) {
                            todo.add(dep);
                        }
                    }
                }
            }
            scope.removeAll(dropped);
        }
        return scope;
    }

    private static void checkAddresses(String stack, PlanOptions options, Predicate<ResourceId> has,
                                       Supplier<Collection<ResourceId>> known) {
        List<ResourceId> unknown = new ArrayList<>();
        for (ResourceId id : new TreeSet<>(options.targets())) {
            if (!has.test(id)) {
                unknown.add(id);
            }
        }
        for (ResourceId id : new TreeSet<>(options.excludes())) {
            if (!has.test(id)) {
                unknown.add(id);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        ResourceId first = unknown.get(0);
        Collection<ResourceId> addresses = known.get();
        List<String> close = closeMatches(first, addresses);
        String hint = close.isEmpty()
                ? "kombify plan lists the stack's resources; addresses are written type.name, such as container.nextcloud"
                : "did you mean " + String.join(", ", close) + "?";
        String others = unknown.size() == 1 ? "" : " (and " + (unknown.size() - 1) + " more unknown addresses)";
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (ResourceId id : unknown) {
            List<String> c = id == first ? close : closeMatches(id, addresses);
            diagnostics.add(Diagnostic.error("RESOURCE_ADDRESS_UNKNOWN", "", "stack " + stack + " has no resource " + id,
                    c.isEmpty() ? null : "did you mean " + String.join(", ", c) + "?"));
        }
        throw new KombifyException("RESOURCE_ADDRESS_UNKNOWN", "stack " + stack + " has no resource " + first + others
                + "; " + hint, diagnostics);
    }

    /** Up to three addresses like {@code wanted}: the same name with another type, or a small edit away. */
    static List<String> closeMatches(ResourceId wanted, Collection<ResourceId> addresses) {
        String w = wanted.toString();
        int limit = Math.max(2, w.length() / 4);
        record Candidate(String address, int distance) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (ResourceId id : addresses) {
            String a = id.toString();
            int d = id.name().equals(wanted.name()) ? 0 : distance(w, a, limit);
            if (d <= limit) {
                candidates.add(new Candidate(a, d));
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::address));
        return candidates.stream().limit(CLOSE_MATCHES).map(Candidate::address).toList();
    }

    /** Levenshtein distance, or {@code limit + 1} once it is certain to exceed {@code limit}. */
    private static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---------------------------------------------------------------- ordering

    /** The recorded resources as a graph, each after what it depends on (ties broken by address). */
    static ResourceGraph graphOf(State state) {
        Map<ResourceId, ResourceRecord> records = state.resources();
        Map<ResourceId, Integer> waiting = new HashMap<>();
        Map<ResourceId, List<ResourceId>> dependents = new HashMap<>();
        PriorityQueue<ResourceId> ready = new PriorityQueue<>();
        for (ResourceRecord rec : records.values()) {
            int n = 0;
            for (ResourceId dep : rec.dependsOn()) {
                if (records.containsKey(dep)) {
                    n++;
                    dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(rec.id());
                }
            }
            waiting.put(rec.id(), n);
            if (n == 0) {
                ready.add(rec.id());
            }
        }
        ResourceGraph.Builder builder = ResourceGraph.builder(state.stack(), "");
        int added = 0;
        while (!ready.isEmpty()) {
            ResourceId id = ready.poll();
            ResourceRecord rec = records.get(id);
            Set<ResourceId> deps = new HashSet<>();
            for (ResourceId dep : rec.dependsOn()) {
                if (records.containsKey(dep)) {
                    deps.add(dep);
                }
            }
            builder.add(new Resource(id, rec.provider(), rec.attributes(), rec.sensitive(), deps));
            added++;
            for (ResourceId d : dependents.getOrDefault(id, List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (added < records.size()) {
            List<ResourceId> stuck = new ArrayList<>();
            for (Map.Entry<ResourceId, Integer> e : new TreeMap<>(waiting).entrySet()) {
                if (e.getValue() > 0) {
                    stuck.add(e.getKey());
                }
            }
            throw new KombifyException("STATE_INVALID", "the state of stack " + state.stack()
                    + " records resources that depend on each other in a cycle: " + stuck);
        }
        return builder.build();
    }

    /**
     * The records in the order to delete them: every resource before the resources it depends
     * on (among these records), ties broken by address.
     */
    static List<ResourceRecord> deleteOrder(List<ResourceRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        Map<ResourceId, ResourceRecord> byId = new HashMap<>();
        records.forEach(r -> byId.put(r.id(), r));
        // Kahn's algorithm on the reversed edges: a resource is ready once everything depending on it is deleted.
        Map<ResourceId, Integer> dependentsLeft = new HashMap<>();
        for (ResourceRecord r : records) {
            dependentsLeft.putIfAbsent(r.id(), 0);
            for (ResourceId dep : r.dependsOn()) {
                if (byId.containsKey(dep)) {
                    dependentsLeft.merge(dep, 1, Integer::sum);
                }
            }
        }
        PriorityQueue<ResourceId> ready = new PriorityQueue<>();
        dependentsLeft.forEach((id, n) -> {
            if (n == 0) {
                ready.add(id);
            }
        });
        List<ResourceRecord> order = new ArrayList<>(records.size());
        while (!ready.isEmpty()) {
            ResourceRecord r = byId.get(ready.poll());
            order.add(r);
            for (ResourceId dep : r.dependsOn()) {
                if (byId.containsKey(dep) && dependentsLeft.merge(dep, -1, Integer::sum) == 0) {
                    ready.add(dep);
                }
            }
        }
        if (order.size() < records.size()) {
            // Records depending on each other in a cycle (a damaged state): delete the rest by address.
            Set<ResourceId> done = new HashSet<>();
            order.forEach(r -> done.add(r.id()));
            new TreeSet<>(byId.keySet()).stream().filter(id -> !done.contains(id)).forEach(id -> order.add(byId.get(id)));
        }
        return order;
    }

    // ---------------------------------------------------------------- providers

    /** The providers a plan calls, with their descriptors read once. */
    private static final class ProviderSet {
        final Map<String, Provider> byName = new HashMap<>();
        final Map<String, ProviderDescriptor> descriptors = new HashMap<>();

        Provider provider(String name) {
            return byName.get(name);
        }

        ResourceTypeSupport support(String provider, ResourceType type) {
            return descriptors.get(provider).support(type).orElseThrow();
        }
    }

    private ProviderSet resolveProviders(List<Resource> desired, List<ResourceRecord> recorded) {
        ProviderSet ps = new ProviderSet();
        Map<String, List<ResourceId>> missing = new LinkedHashMap<>();
        for (Resource r : desired) {
            need(ps, r.id(), r.provider(), missing);
        }
        for (ResourceRecord rec : recorded) {
            need(ps, rec.id(), rec.provider(), missing);
        }
        if (!missing.isEmpty()) {
            Map.Entry<String, List<ResourceId>> first = missing.entrySet().iterator().next();
            String name = first.getKey();
            List<ResourceId> ids = first.getValue();
            String who = ids.size() == 1 ? ids.get(0).toString()
                    : ids.subList(0, Math.min(NAMES_SHOWN, ids.size())).toString()
                    + (ids.size() > NAMES_SHOWN ? " and " + (ids.size() - NAMES_SHOWN) + " more" : "");
            String available = providers.names().isEmpty() ? "no provider is available"
                    : "available: " + String.join(", ", new TreeSet<>(providers.names()));
            String others = missing.size() == 1 ? "" : " (providers " + missing.keySet() + " are all missing)";
            String hint = "install the plugin that provides '" + name + "' (kombify plugins lists what is installed), "
                    + "or plan with --simulate to rehearse with the simulated provider";
            throw new KombifyException("PROVIDER_MISSING", who + (ids.size() == 1 ? " needs" : " need") + " provider '" + name
                    + "', which is not available (" + available + ")" + others,
                    List.of(Diagnostic.error("PROVIDER_MISSING", "", "provider '" + name + "' is not available", hint)));
        }
        return ps;
    }

    private void need(ProviderSet ps, ResourceId id, String name, Map<String, List<ResourceId>> missing) {
        ProviderDescriptor descriptor = ps.descriptors.get(name);
        if (descriptor == null) {
            if (missing.containsKey(name)) {
                missing.get(name).add(id);
                return;
            }
            Optional<Provider> p = providers.get(name);
            if (p.isEmpty()) {
                missing.computeIfAbsent(name, k -> new ArrayList<>()).add(id);
                return;
            }
            descriptor = p.get().descriptor();
            ps.byName.put(name, p.get());
            ps.descriptors.put(name, descriptor);
        }
        if (!descriptor.handles(id.type())) {
            List<String> types = descriptor.types().keySet().stream().map(ResourceType::name).sorted().toList();
            String message = id + " is of type " + id.type() + ", which provider '" + name
                    + "' does not handle (it handles " + (types.isEmpty() ? "no types" : String.join(", ", types)) + ")";
            String hint = "leave out of the spec what makes " + id.type() + " resources, install a plugin whose provider '"
                    + name + "' handles them (kombify plugins lists what is installed), or plan with --simulate";
            throw new KombifyException("PROVIDER_TYPE_UNSUPPORTED", message,
                    List.of(Diagnostic.error("PROVIDER_TYPE_UNSUPPORTED", "", message, hint)));
        }
    }

    // ---------------------------------------------------------------- refresh

    /** Reads {@code records} through their providers in parallel; the result holds every record's address. */
    private Map<ResourceId, Optional<ResourceState>> refresh(String stack, List<ResourceRecord> records, ProviderSet ps) {
        int n = records.size();
        emit(new DeployEvent.RefreshStarted(n));
        if (n == 0) {
            return Map.of();
        }
        AtomicReferenceArray<Optional<ResourceState>> results = new AtomicReferenceArray<>(n);
        AtomicReferenceArray<RuntimeException> failures = new AtomicReferenceArray<>(n);
        Map<String, Semaphore> gates = new HashMap<>();
        ps.descriptors.forEach((name, d) -> d.rateLimit().map(RateLimit::maxConcurrentCalls)
                .filter(max -> max < MAX_REFRESH_THREADS).ifPresent(max -> gates.put(name, new Semaphore(max))));
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        int workers = Math.min(MAX_REFRESH_THREADS, n);
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread t = new Thread(task, "kombify-refresh-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(workers, threads);
        try {
            List<Future<?>> futures = new ArrayList<>(workers);
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n && !failed.get(); i = next.getAndIncrement()) {
                        ResourceRecord rec = records.get(i);
                        try {
                            Optional<ResourceState> result = read(stack, rec, ps.provider(rec.provider()), gates.get(rec.provider()));
                            results.set(i, result);
                            emit(new DeployEvent.ResourceRefreshed(rec.id(), result.isPresent()));
                        } catch (RuntimeException e) {
                            failures.set(i, e);
                            failed.set(true);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KombifyException("CANCELLED", "the refresh of stack " + stack + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new KombifyException("REFRESH_FAILED", "the refresh of stack " + stack + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (failed.get()) {
            RuntimeException first = null;
            for (int i = 0; i < n; i++) {
                if (failures.get(i) != null) {
                    RuntimeException wrapped = readFailure(records.get(i), failures.get(i));
                    if (first == null) {
                        first = wrapped;
                    } else {
                        first.addSuppressed(wrapped);
                    }
                }
            }
            throw first;
        }
        Map<ResourceId, Optional<ResourceState>> actual = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            actual.put(records.get(i).id(), results.get(i));
        }
        return actual;
    }

    private Optional<ResourceState> read(String stack, ResourceRecord rec, Provider provider, Semaphore gate) {
        ProviderContext context = new ProviderContext(stack,
                Map.of(ProviderContext.LABEL_STACK, stack, ProviderContext.LABEL_RESOURCE, rec.id().toString()), secrets);
        ReadRequest request = new ReadRequest(rec.id(), rec.providerId(), rec.attributes(), context);
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(provider, request, gate);
            } catch (ProviderException e) {
                if (!e.retryable() || attempt >= retry.maxAttempts()) {
                    throw e;
                }
                // A read changes nothing, so a retryable failure (429, 5xx, timeout) is simply read again.
                long base = retry.baseDelay(attempt).toMillis();
                long delay = base + (long) (base * retry.jitter() * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
                delay = Math.max(delay, e.retryAfter().map(java.time.Duration::toMillis).orElse(0L));
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new KombifyException("CANCELLED", "the refresh was interrupted", interrupted);
                }
            }
        }
    }

    private static Optional<ResourceState> readOnce(Provider provider, ReadRequest request, Semaphore gate) {
        Optional<ResourceState> result;
        if (gate == null) {
            result = provider.read(request);
        } else {
            try {
                gate.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KombifyException("CANCELLED", "the refresh was interrupted", e);
            }
            try {
                result = provider.read(request);
            } finally {
                gate.release();
            }
        }
        if (result == null) {
            throw new KombifyException("PROVIDER_FAILED", "read returned null instead of a state or empty");
        }
        return result;
    }

    private static RuntimeException readFailure(ResourceRecord rec, RuntimeException e) {
        String what = "cannot read " + rec.id() + " through provider '" + rec.provider() + "': ";
        if (e instanceof ProviderException p) {
            return new ProviderException(p.kind(), p.code(), what + p.getMessage(), p.retryAfter().orElse(null), p);
        }
        if (e instanceof KombifyException k) {
            return new KombifyException(k.code(), what + k.getMessage(), k.diagnostics(), k);
        }
        return new KombifyException("PROVIDER_FAILED", what + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    private void emit(DeployEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException ignored) {
            // A broken progress display must not break a plan.
        }
    }
}
