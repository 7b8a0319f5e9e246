package io.kombify.deploy.executor;

import static io.kombify.deploy.executor.Fixtures.CONTAINER;
import static io.kombify.deploy.executor.Fixtures.NETWORK;
import static io.kombify.deploy.executor.Fixtures.ROUTE;
import static io.kombify.deploy.executor.Fixtures.VOLUME;
import static io.kombify.deploy.executor.Fixtures.attrs;
import static io.kombify.deploy.executor.Fixtures.graph;
import static io.kombify.deploy.executor.Fixtures.options;
import static io.kombify.deploy.executor.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.state.JournalEntry;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An apply dies (its provider throws an {@link Error}) at every one of its provider calls in turn,
 * before or after the call took effect; the next apply recovers from the journal and finishes.
 * The outcome must be that of an apply that was never interrupted, with no resource made twice.
 */
class CrashRecoveryTest {

    static FakeProvider provider() {
        return new FakeProvider("docker", List.of(
                new ResourceTypeSupport(NETWORK, Set.of(), false),
                new ResourceTypeSupport(VOLUME, Set.of("size"), false),
                new ResourceTypeSupport(CONTAINER, Set.of("env"), true),
                new ResourceTypeSupport(ROUTE, Set.of("env"), false)), Optional.empty());
    }

    /** The first apply: everything is created. */
    static ResourceGraph first() {
        return graph(
                resource("network.lan", "docker", attrs("cidr", "10.0.0.0/24")),
                resource("volume.data", "docker", attrs("size", 1)),
                resource("container.db", "docker", attrs("image", "db:1"), "network.lan", "volume.data"),
                resource("container.cache", "docker", attrs("image", "cache:1"), "volume.data"),
                resource("container.app", "docker", attrs("image", "app:1", "env", "a"), "network.lan", "container.db"),
                resource("proxy_route.app", "docker", attrs("env", "a"), "container.app"),
                resource("container.old", "docker", attrs("image", "old:1"), "network.lan"));
    }

    /**
     * The second apply: creates, updates, a delete-first replacement (the network), a
     * create-before-destroy replacement (the cache) and a delete.
     */
    static ResourceGraph second() {
        return graph(
                resource("network.lan", "docker", attrs("cidr", "10.1.0.0/24")),
                resource("network.dmz", "docker", attrs("cidr", "10.9.0.0/24")),
                resource("volume.data", "docker", attrs("size", 2)),
                resource("container.db", "docker", attrs("image", "db:1"), "network.lan", "volume.data"),
                resource("container.cache", "docker", attrs("image", "cache:2"), "volume.data"),
                resource("container.app", "docker", attrs("image", "app:1", "env", "b"), "network.lan", "container.db"),
                resource("proxy_route.app", "docker", attrs("env", "b"), "container.app"),
                resource("container.web", "docker", attrs("image", "web:1"), "network.dmz"));
    }

    record Reference(Map<ResourceId, String> content, Map<ResourceId, Map<String, Object>> objects, int calls) {
    }

    /** What an uninterrupted run ends with, and how many mutating calls its last apply makes. */
    private static Reference reference(boolean firstOnly) {
        FakeProvider p = provider();
        Harness h = new Harness(p);
        if (!firstOnly) {
            assertThat(h.apply(first(), options(1)).status()).isEqualTo(ApplyStatus.SUCCEEDED);
        }
        p.resetObservations();
        ApplyResult r = h.apply(firstOnly ? first() : second(), options(1));
        assertThat(r.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        int calls = (int) p.calls().stream().filter(c -> !c.kind().equals("read") && !c.kind().equals("lookup")).count();
        return new Reference(Fixtures.content(r.state()), objects(p), calls);
    }

    private static Map<ResourceId, Map<String, Object>> objects(FakeProvider p) {
        Map<ResourceId, Map<String, Object>> out = new TreeMap<>();
        p.objects().values().forEach(o -> out.put(o.id(), o.attributes()));
        return out;
    }

    static Stream<Arguments> crashes() {
        List<Arguments> args = new ArrayList<>();
        for (boolean firstOnly : new boolean[] {true, false}) {
            int calls = reference(firstOnly).calls();
            for (int k = 1; k <= calls; k++) {
                for (boolean afterEffect : new boolean[] {false, true}) {
                    for (int parallelism : new int[] {1, 3}) {
                        for (String then : new String[] {"plan and apply", "saved plan"}) {
                            args.add(Arguments.of(firstOnly ? "first apply" : "second apply", k, afterEffect,
                                    parallelism, then));
                        }
                    }
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}: crash at call {1}, after its effect: {2}, parallelism {3}, then {4}")
    @MethodSource("crashes")
    void recoversFromACrashAtAnyCall(String which, int k, boolean afterEffect, int parallelism, String then) {
        boolean firstOnly = which.equals("first apply");
        Reference expected = reference(firstOnly);
        FakeProvider p = provider();
        Harness h = new Harness(p);
        if (!firstOnly) {
            h.apply(first(), options(parallelism));
        }
        ResourceGraph target = firstOnly ? first() : second();
        int writes = h.store.written.size();
        int appended = h.store.appended.size();
        p.latency(parallelism > 1 ? Duration.ofMillis(1) : Duration.ZERO);
        p.crashOnMutatingCall(k, afterEffect);

        assertThatThrownBy(() -> h.apply(target, options(parallelism)))
                .isInstanceOf(FakeProvider.SimulatedCrash.class);

        assertThat(h.store.written).as("no state is written by a crashed apply").hasSize(writes);
        List<JournalEntry> crashed = h.store.appended.subList(appended, h.store.appended.size());
        assertThat(crashed).as("the crashed call was journaled").isNotEmpty();
        if (parallelism == 1) {
            assertThat(crashed.get(crashed.size() - 1).phase()).as("the crashed call has no end in the journal")
                    .isEqualTo(JournalEntry.Phase.BEGIN);
        }
        assertThat(h.store.lockHolder()).isEmpty();

        p.crashOnMutatingCall(0, false);
        p.latency(Duration.ZERO);
        ApplyResult result;
        if (then.equals("plan and apply")) {
            // `kombify apply`: recovery, plan (with refresh) and apply under one lock
            result = h.deployer.apply(target, PlanOptions.DEFAULT, options(parallelism));
            assertThat(result.recovered()).isPositive();
        } else {
            result = h.applyAfterInterruption(target, options(parallelism));
        }

        assertThat(h.events.of(DeployEvent.RecoveryStarted.class)).hasSize(1);
        assertThat(h.events.of(DeployEvent.StepRecovered.class)).isNotEmpty();
        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(h.store.delegate.journal().entries()).isEmpty();
        State state = result.state();
        assertThat(Fixtures.content(state)).isEqualTo(expected.content());
        assertThat(objects(p)).as("the provider holds what an uninterrupted apply leaves").isEqualTo(expected.objects());
        assertThat(p.objects()).as("no resource was made twice").hasSameSizeAs(state.resources());
        for (ResourceRecord r : state.resources().values()) {
            assertThat(p.objectsOf(r.id())).singleElement()
                    .satisfies(o -> assertThat(o.providerId()).isEqualTo(r.providerId()));
        }
        // and nothing is left to do
        ApplyResult again = h.apply(target, options(parallelism));
        assertThat(again.created() + again.updated() + again.deleted()).isZero();
    }
}
