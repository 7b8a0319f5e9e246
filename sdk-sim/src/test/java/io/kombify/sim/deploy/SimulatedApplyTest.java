package io.kombify.sim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.DriftItem;
import io.kombify.deploy.DriftReport;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.PlannedChange;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.StepFailure;
import io.kombify.deploy.state.InMemoryStateStore;
import io.kombify.deploy.state.LocalDirectoryStateStore;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.sim.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hybrid sample applied through the simulated provider, as {@code kombify apply --simulate} does it. */
class SimulatedApplyTest {

    private static final ResourceId IMMICH = ResourceId.of(ResourceType.CONTAINER, "immich-server");
    private static final ResourceId PAPERLESS = ResourceId.of(ResourceType.CONTAINER, "paperless");

    @TempDir
    Path dir;

    private final ResourceGraph graph = HybridApply.graph();

    @Test
    void separateRunsShareTheWorldSoTheSecondFindsNothingToDo() {
        ApplyResult first = HybridApply.deployer(dir, HybridApply.provider(dir)).apply(graph, PlanOptions.DEFAULT, HybridApply.options(4));
        assertThat(first.succeeded()).isTrue();
        assertThat(first.created()).isEqualTo(graph.size());

        SimulatedProvider later = HybridApply.provider(dir);
        HybridApply.assertOnePerAddress(later.world(), graph);
        Plan again = HybridApply.deployer(dir, later).plan(graph, PlanOptions.DEFAULT);
        assertThat(again.effectiveChanges()).isEmpty();
        ResourceRecord vps = first.state().resource(ResourceId.of(ResourceType.MACHINE, "edge-vps")).orElseThrow();
        assertThat(vps.providerId()).startsWith("sim-machine-");
        assertThat(vps.outputs().get("public_ipv4").toString()).startsWith("203.0.113.");
        assertThat(vps.outputs().get("private_ipv4").toString()).startsWith("10.0.0.");
        assertThat(later.world().toJson()).doesNotContain("value-of-");
    }

    @Test
    void driftBehindTheEnginesBackIsFoundAndRepaired() {
        ApplyResult applied = HybridApply.deployer(dir, HybridApply.provider(dir)).apply(graph, PlanOptions.DEFAULT, HybridApply.options(4));
        SimulatedWorld world = HybridApply.provider(dir).world();
        String immich = applied.state().resource(IMMICH).orElseThrow().providerId();
        String paperless = applied.state().resource(PAPERLESS).orElseThrow().providerId();
        ResourceId firewall = ResourceId.of(ResourceType.FIREWALL, "home-server");
        String firewallId = applied.state().resource(firewall).orElseThrow().providerId();
        world.deleteBehindOurBack(immich);
        world.changeBehindOurBack(paperless, Map.of("image", "ghcr.io/paperless-ngx/paperless-ngx:latest"));
        world.changeBehindOurBack(firewallId, Map.of("defaultInbound", "allow"));

        Deployer deployer = HybridApply.deployer(dir, HybridApply.provider(dir));
        DriftReport drift = deployer.drift();
        assertThat(drift.hasDrift()).isTrue();
        assertThat(drift.items()).extracting(DriftItem::id, DriftItem::kind).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(IMMICH, DriftItem.Kind.MISSING),
                org.assertj.core.groups.Tuple.tuple(PAPERLESS, DriftItem.Kind.CHANGED),
                org.assertj.core.groups.Tuple.tuple(firewall, DriftItem.Kind.CHANGED));

        Plan repair = deployer.plan(graph, PlanOptions.DEFAULT);
        assertThat(repair.effectiveChanges()).extracting(PlannedChange::id, PlannedChange::action).contains(
                org.assertj.core.groups.Tuple.tuple(IMMICH, Action.CREATE),
                org.assertj.core.groups.Tuple.tuple(PAPERLESS, Action.REPLACE),
                org.assertj.core.groups.Tuple.tuple(firewall, Action.UPDATE));
        ApplyResult repaired = deployer.apply(repair, HybridApply.options(4));
        assertThat(repaired.failures()).isEmpty();
        SimulatedProvider after = HybridApply.provider(dir);
        HybridApply.assertOnePerAddress(after.world(), graph);
        assertThat(after.world().resources("hybrid-lab", PAPERLESS)).singleElement()
                .satisfies(r -> assertThat(r.attributes()).containsEntry("image", "ghcr.io/paperless-ngx/paperless-ngx:2.18"));
        assertThat(HybridApply.deployer(dir, after).drift().hasDrift()).isFalse();
    }

    @Test
    void providerErrorsAreRetriedWithoutMakingAnythingTwice() {
        SimulatedProvider flaky = SimulatedProvider.builder().world(SimulatedWorld.load(dir)).seed(3)
                .fault(Fault.parse("provider-rate-limit:hetzner=20ms@call(create,1)+2"))
                .fault(Fault.parse("provider-timeout:docker@chance(25%)"))
                .fault(Fault.parse("provider-server-error:*=503@call(7)"))
                .build();
        List<DeployEvent> events = new CopyOnWriteArrayList<>();
        Deployer deployer = Deployer.builder().providers(flaky.standIn(HybridApply.providerNames(graph)))
                .stateStore(new LocalDirectoryStateStore(dir)).secrets(HybridApply.SECRETS).listener(events::add).build();

        ApplyResult result = deployer.apply(graph, PlanOptions.DEFAULT,
                HybridApply.options(4).withRetry(new io.kombify.deploy.RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0)));

        assertThat(result.failures()).isEmpty();
        assertThat(result.succeeded()).isTrue();
        HybridApply.assertOnePerAddress(flaky.world(), graph);
        List<DeployEvent.StepRetrying> retries = events.stream().filter(DeployEvent.StepRetrying.class::isInstance)
                .map(DeployEvent.StepRetrying.class::cast).toList();
        assertThat(retries).extracting(DeployEvent.StepRetrying::code)
                .contains("PROVIDER_RATE_LIMITED", "PROVIDER_TIMEOUT", "PROVIDER_UNAVAILABLE");
        assertThat(retries).filteredOn(r -> r.code().equals("PROVIDER_RATE_LIMITED"))
                .allSatisfy(r -> assertThat(r.delay()).as("the Retry-After is honoured").isGreaterThanOrEqualTo(Duration.ofMillis(20)));
        assertThat(HybridApply.deployer(dir, HybridApply.provider(dir)).plan(graph, PlanOptions.DEFAULT).effectiveChanges())
                .isEmpty();
    }

    @Test
    void aContainerOnANodeThatDoesNotExistFailsWithAClearMessage() {
        Resource orphan = new Resource(ResourceId.of(ResourceType.CONTAINER, "orphan"), "docker",
                Map.of("name", "orphan", "image", "nginx:1.27", "node", "ghost"), Set.of());
        ResourceGraph broken = ResourceGraph.builder("broken", "hash").add(orphan).build();
        SimulatedProvider sim = SimulatedProvider.inMemory();
        Deployer deployer = Deployer.builder().providers(sim.standIn(List.of("docker")))
                .stateStore(new InMemoryStateStore()).build();

        ApplyResult result = deployer.apply(broken, PlanOptions.DEFAULT, HybridApply.options(1));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROVIDER_REQUEST_INVALID");
            assertThat(f.attempts()).as("a fatal error is not retried").isEqualTo(1);
            assertThat(f.message()).isEqualTo("container.orphan needs node 'ghost', but the simulated world holds no "
                    + "machine.ghost or host.ghost of stack 'broken'; create that first (does container.orphan depend on it "
                    + "in the resource graph?)");
        });
        assertThat(result.failures()).extracting(StepFailure::id).containsExactly(orphan.id());
        assertThat(sim.world().size()).isZero();
    }

    @Test
    void destroyLeavesAnEmptyWorld() {
        Deployer deployer = HybridApply.deployer(dir, HybridApply.provider(dir));
        assertThat(deployer.apply(graph, PlanOptions.DEFAULT, HybridApply.options(4)).succeeded()).isTrue();
        ApplyResult destroyed = HybridApply.deployer(dir, HybridApply.provider(dir))
                .destroy(PlanOptions.DEFAULT.forDestroy(), HybridApply.options(4));
        assertThat(destroyed.failures()).isEmpty();
        assertThat(destroyed.deleted()).isEqualTo(graph.size());
        assertThat(HybridApply.provider(dir).world().resources()).isEmpty();
    }
}
