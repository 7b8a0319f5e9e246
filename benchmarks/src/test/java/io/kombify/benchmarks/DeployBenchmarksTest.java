package io.kombify.benchmarks;

import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.Plan;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeployBenchmarksTest {

    @Test
    void fleetHasExactlyTheRequestedSizeAndTheShapeOfAStack() {
        for (int size : new int[] {1, 7, 100, 999, 1000}) {
            assertThat(DeployGraphs.fleet(size).size()).as("size %d", size).isEqualTo(size);
        }
        ResourceGraph fleet = DeployGraphs.fleet(1000);
        Map<ResourceType, Long> byType = fleet.resources().stream()
                .collect(Collectors.groupingBy(Resource::type, Collectors.counting()));

        assertThat(byType.get(ResourceType.MACHINE)).isEqualTo(10);
        assertThat(byType.get(ResourceType.FIREWALL)).isEqualTo(10);
        assertThat(byType).containsKeys(ResourceType.SSH_KEY, ResourceType.NETWORK, ResourceType.SUBNET,
                ResourceType.VPN_MEMBER, ResourceType.CONTAINER_NETWORK, ResourceType.VOLUME, ResourceType.CONTAINER,
                ResourceType.PROXY_ROUTE, ResourceType.DNS_RECORD);
        assertThat(fleet.resources()).filteredOn(r -> !r.sensitive().isEmpty()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.attributes().get("env_secrets").toString()).contains("secret://"));
        // web containers of later applications need the one before them on their machine
        assertThat(DeployGraphs.longestChain(fleet)).isGreaterThan(10);
    }

    @Test
    void longestChainCountsTheResourcesOnTheCriticalPath() {
        ResourceGraph spine = DeployGraphs.spine(200, 25);

        assertThat(spine.size()).isEqualTo(200);
        assertThat(DeployGraphs.longestChain(spine)).isEqualTo(25);
        assertThat(spine.resources()).filteredOn(r -> r.dependsOn().isEmpty()).hasSize(200 - 25 + 1);
        assertThatThrownBy(() -> DeployGraphs.spine(10, 11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIdealScheduleOfTheSpineReachesTheBoundAndNoScheduleBeatsIt() {
        ResourceGraph spine = DeployGraphs.spine(200, 25);
        ResourceGraph fleet = DeployGraphs.fleet(200);

        assertThat(DeployGraphs.listScheduleSteps(spine, 4)).isEqualTo(50);
        assertThat(DeployGraphs.listScheduleSteps(spine, 8)).isEqualTo(25);
        assertThat(DeployGraphs.listScheduleSteps(spine, 16)).isEqualTo(25);
        assertThat(DeployGraphs.listScheduleSteps(spine, 1)).isEqualTo(200);
        for (int parallelism : new int[] {1, 4, 8, 16}) {
            assertThat(DeployGraphs.listScheduleSteps(fleet, parallelism))
                    .isGreaterThanOrEqualTo(DeployGraphs.longestChain(fleet))
                    .isGreaterThanOrEqualTo((200 + parallelism - 1) / parallelism);
        }
    }

    @Test
    void planningAnEmptyStateCreatesEverythingWithoutReading() {
        ResourceGraph graph = DeployGraphs.fleet(300);
        PlannerBenchmark.Planning planning = PlannerBenchmark.Planning.of(graph, "empty");

        Plan plan = planning.deployer().plan(graph, io.kombify.deploy.PlanOptions.DEFAULT);

        planning.check(plan);
        assertThat(plan.counts().get(Action.CREATE)).isEqualTo(300);
        assertThat(planning.reads()).isZero();
    }

    @Test
    void planningAnAppliedStateReadsEveryResourceAndChangesNothing() {
        ResourceGraph graph = DeployGraphs.fleet(300);
        PlannerBenchmark.Planning planning = PlannerBenchmark.Planning.of(graph, "applied");

        Plan plan = planning.deployer().plan(graph, io.kombify.deploy.PlanOptions.DEFAULT);

        planning.check(plan);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(planning.reads()).isEqualTo(300);
        assertThat(planning.providers().stream().mapToInt(LatencyProvider::size).sum()).isEqualTo(300);
    }

    @Test
    void applyingWithZeroLatencyRecordsEveryResourceAndKeepsToTheParallelism() {
        ResourceGraph graph = DeployGraphs.fleet(500);
        for (int parallelism : new int[] {1, 4}) {
            ExecutorBenchmark.Fresh fresh = new ExecutorBenchmark.Fresh(graph, Duration.ZERO);

            ApplyResult result = fresh.apply(parallelism);

            fresh.check(result, parallelism);
            assertThat(result.state().resources().keySet())
                    .containsExactlyInAnyOrderElementsOf(graph.resources().stream().map(Resource::id).toList());
        }
    }

    @Test
    void aSlowApplyTakesAtLeastTheLowerBoundAndRecordsEverything() {
        Duration latency = Duration.ofMillis(2);
        for (String shape : new String[] {"spine", "fleet"}) {
            ResourceGraph graph = ExecutorBenchmark.FixedLatency.graph(shape);
            int criticalPath = DeployGraphs.longestChain(graph);
            ExecutorBenchmark.Fresh fresh = new ExecutorBenchmark.Fresh(graph, latency);

            long start = System.nanoTime();
            ApplyResult result = fresh.apply(8);
            long makespan = System.nanoTime() - start;

            fresh.check(result, 8);
            double bound = ExecutorBenchmark.FixedLatency.lowerBoundNanos(criticalPath, graph.size(), 8, latency);
            assertThat((double) makespan).as(shape).isGreaterThanOrEqualTo(bound);
            assertThat(fresh.meanCallTime()).isGreaterThanOrEqualTo(latency);
        }
    }

    @Test
    void theProviderKeepsTheContract() {
        LatencyProvider provider = DeployGraphs.providers(Duration.ZERO).get(0);
        ResourceId id = ResourceId.of(ResourceType.SSH_KEY, "stack");
        ProviderContext context = new ProviderContext("bench", Map.of(), SecretResolver.NONE);
        CreateRequest create = new CreateRequest(id, Map.of("name", "bench"), Set.of(), "key-1", context);

        ResourceState made = provider.create(create);

        assertThat(provider.create(create)).isEqualTo(made);
        assertThat(provider.lookup(new LookupRequest(id, "key-1", context))).contains(made);
        assertThat(provider.read(new ReadRequest(id, made.providerId(), Map.of(), context))).contains(made);
        provider.delete(new DeleteRequest(id, made.providerId(), Map.of(), "key-2", context));
        provider.delete(new DeleteRequest(id, made.providerId(), Map.of(), "key-2", context));
        assertThat(provider.read(new ReadRequest(id, made.providerId(), Map.of(), context))).isEmpty();
        assertThat(provider.lookup(new LookupRequest(id, "key-1", context))).isEmpty();
        assertThat(provider.calls()).isEqualTo(8);
    }

    @Test
    void theProviderLeavesSensitiveAttributesOutOfWhatItReturns() {
        LatencyProvider provider = DeployGraphs.providers(Duration.ZERO).get(1);
        ResourceId id = ResourceId.of(ResourceType.CONTAINER, "db");
        ProviderContext context = new ProviderContext("bench", Map.of(), SecretResolver.NONE);

        ResourceState made = provider.create(new CreateRequest(id, Map.of("image", "postgres:16",
                "env_secrets", Map.of("PASSWORD", "secret://db-password")), Set.of("env_secrets"), "k", context));

        assertThat(made.attributes()).containsOnlyKeys("image");
    }
}
