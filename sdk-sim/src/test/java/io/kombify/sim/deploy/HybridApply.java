package io.kombify.sim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.core.Secret;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.RetryPolicy;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.LocalDirectoryStateStore;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import io.kombify.sim.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies the hybrid sample through the simulated provider on a state directory, the way
 * {@code kombify apply --simulate} does: the world is saved next to the state, so a new process
 * (a new provider and a new state store on the same directory) carries on where the last left off.
 */
final class HybridApply {

    /** Every secret reference resolves, to a value that never shows up anywhere. */
    static final SecretResolver SECRETS = ref -> Secret.of(ref, "value-of-" + ref.name());

    /** Retries that do not wait long: the simulated provider fails only when told to. */
    static final RetryPolicy QUICK_RETRIES = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10), 2.0, 0.0);

    private static volatile ResourceGraph graph;

    private HybridApply() {
    }

    static ResourceGraph graph() {
        ResourceGraph g = graph;
        if (g == null) {
            g = ResourceGraph.of(HybridSample.resolved());
            graph = g;
        }
        return g;
    }

    /** The provider names the graph's resources use, for which the simulated provider stands in. */
    static Set<String> providerNames(ResourceGraph g) {
        Set<String> names = new TreeSet<>();
        g.resources().forEach(r -> names.add(r.provider()));
        return names;
    }

    /** A new simulated provider on the world saved in {@code dir}, with these faults. */
    static SimulatedProvider provider(Path dir, Fault... faults) {
        return SimulatedProvider.builder().world(SimulatedWorld.load(dir)).faults(List.of(faults)).build();
    }

    /** A new deployer on the state in {@code dir}, calling {@code sim} for every provider name of the graph. */
    static Deployer deployer(Path dir, SimulatedProvider sim) {
        return Deployer.builder()
                .providers(sim.standIn(providerNames(graph())))
                .stateStore(new LocalDirectoryStateStore(dir))
                .secrets(SECRETS)
                .owner("crash test")
                .build();
    }

    static ApplyOptions options(int parallelism) {
        return ApplyOptions.defaults().withParallelism(parallelism).withRetry(QUICK_RETRIES);
    }

    /**
     * The records of a state as comparable values: everything but the idempotency key, which
     * differs between two states only because each has its own lineage.
     */
    static Map<ResourceId, List<Object>> comparable(State state, boolean withProviderIds) {
        Map<ResourceId, List<Object>> out = new TreeMap<>();
        for (ResourceRecord r : state.resources().values()) {
            List<Object> v = new ArrayList<>(List.of(r.provider(), r.attributes(), r.sensitive(), r.dependsOn()));
            if (withProviderIds) {
                v.add(r.providerId());
                v.add(r.outputs());
            } else {
                v.add(r.outputs().keySet());
            }
            out.put(r.id(), v);
        }
        return out;
    }

    /** Checks the world holds exactly one resource per address of the graph, and nothing else. */
    static void assertOnePerAddress(SimulatedWorld world, ResourceGraph g) {
        Map<ResourceId, List<SimulatedResource>> byAddress = world.byAddress(g.stack());
        assertThat(byAddress.keySet()).as("addresses in the simulated world")
                .containsExactlyInAnyOrderElementsOf(g.resources().stream().map(Resource::id).toList());
        assertThat(byAddress).as("resources per address in the simulated world")
                .allSatisfy((id, resources) -> assertThat(resources).as("resources labelled %s", id).hasSize(1));
        assertThat(world.size()).as("resources in the simulated world").isEqualTo(g.size());
    }
}
