package io.kombify.deploy.executor;

import static io.kombify.deploy.executor.Fixtures.CONTAINER;
import static io.kombify.deploy.executor.Fixtures.NETWORK;
import static io.kombify.deploy.executor.Fixtures.attrs;
import static io.kombify.deploy.executor.Fixtures.graph;
import static io.kombify.deploy.executor.Fixtures.id;
import static io.kombify.deploy.executor.Fixtures.options;
import static io.kombify.deploy.executor.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.RetryPolicy;
import io.kombify.deploy.StepFailure;
import io.kombify.deploy.internal.StateJson;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.JournalEntry;
import io.kombify.deploy.state.State;
import io.kombify.deploy.state.StateLockedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeployEngineTest {

    private static FakeProvider docker() {
        return FakeProvider.of("docker", NETWORK, CONTAINER);
    }

    @Test
    void refusesAPlanMadeBeforeTheStateChanged() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);
        h.apply(graph(resource("network.lan", "docker")), options(2));
        Plan old = h.plan(graph(resource("network.lan", "docker"), resource("container.a", "docker", "network.lan")));
        h.apply(graph(resource("network.lan", "docker"), resource("container.b", "docker", "network.lan")), options(2));
        docker.resetObservations();

        assertThatThrownBy(() -> h.deployer.apply(old, options(2)))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("PLAN_STALE");
                    assertThat(e.getMessage())
                            .startsWith("the state changed since this plan was made (serial 1, now 2; ")
                            .endsWith("). Run `kombify plan` again");
                });
        assertThat(docker.calls()).isEmpty();
        assertThat(h.store.lockHolder()).isEmpty();
        assertThat(h.state().serial()).isEqualTo(2);
    }

    @Test
    void refusesAPlanOfAnotherLineage() {
        Harness h = new Harness(docker());
        h.apply(graph(resource("network.lan", "docker")), options(2));
        State other = State.empty("lab", java.time.Instant.now());
        Plan foreign = new Plan("lab", "x", other.lineage(), 1, false, graph(), List.of());

        assertThatThrownBy(() -> h.deployer.apply(foreign, options(2)))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("PLAN_STALE");
                    assertThat(e.getMessage()).contains("lineage " + other.lineage());
                });
    }

    @Test
    void aPlanForAStackWithoutStateGivesTheStateItsLineage() {
        Harness h = new Harness(docker());
        Plan plan = h.plan(graph(resource("network.lan", "docker")));

        ApplyResult result = h.deployer.apply(plan, options(1));

        assertThat(result.state().lineage()).isEqualTo(plan.lineage());
        assertThat(result.state().serial()).isEqualTo(1);
        assertThat(result.state().resource(id("network.lan")).orElseThrow().idempotencyKey())
                .isEqualTo(io.kombify.deploy.internal.IdempotencyKeys.create(plan.lineage(), id("network.lan"),
                        Map.of("image", "app:1")));
    }

    @Test
    void refusesAResourceWhoseProviderIsMissing() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);

        assertThatThrownBy(() -> h.apply(graph(resource("network.lan", "docker"),
                resource("container.a", "hetzner", "network.lan")), options(2)))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("PROVIDER_MISSING");
                    assertThat(e.getMessage()).contains("container.a").contains("'hetzner'").contains("--simulate");
                });
        assertThat(docker.calls()).isEmpty();
        assertThat(h.store.read()).isEmpty();
        assertThat(h.store.lockHolder()).isEmpty();
    }

    @Test
    void aSecondConcurrentApplyFailsAtOnceNamingTheHolder() throws Exception {
        FakeProvider docker = docker().latency(Duration.ofMillis(400));
        Harness h = new Harness(docker);
        CountDownLatch locked = new CountDownLatch(1);
        Deployer first = Deployer.builder().providers(h.providers).stateStore(h.store).owner("alice@nas (pid 4242)")
                .listener(e -> {
                    if (e instanceof DeployEvent.LockAcquired) {
                        locked.countDown();
                    }
                }).build();
        Deployer second = Deployer.builder().providers(h.providers).stateStore(h.store).owner("bob@laptop (pid 7)")
                .build();
        ResourceGraph g = graph(resource("network.lan", "docker"));
        Plan plan = h.plan(g);

        CompletableFuture<ApplyResult> running = CompletableFuture.supplyAsync(() -> first.apply(plan, options(1)));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> second.apply(plan, options(1)))
                .isInstanceOfSatisfying(StateLockedException.class, e -> {
                    assertThat(e.code()).isEqualTo("STATE_LOCKED");
                    assertThat(e.getMessage()).contains("alice@nas (pid 4242)").contains("apply");
                    assertThat(e.holder().owner()).isEqualTo("alice@nas (pid 4242)");
                });
        assertThat(running).as("the second failed while the first was still running").isNotDone();
        assertThat(running.get(10, TimeUnit.SECONDS).status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(docker.calls("create")).hasSize(1);
        assertThat(h.store.lockHolder()).isEmpty();
    }

    @Test
    void neverLetsAResolvedSecretOut() {
        String canary = "CANARY-7f3a91c2-do-not-leak";
        SecretResolver secrets = ref -> Secret.of(ref, canary);
        FakeProvider docker = new FakeProvider("docker", List.of(
                new ResourceTypeSupport(CONTAINER, Set.of("env", "password"), false),
                new ResourceTypeSupport(NETWORK, Set.of(), false)), Optional.empty());
        docker.failAlways(id("container.broken"), "create", FakeProvider.invalid("password rejected"));
        Fixtures.Events events = new Fixtures.Events();
        Harness h = new Harness(secrets, events, docker);
        List<Plan> plans = new ArrayList<>();
        List<ApplyResult> results = new ArrayList<>();

        ResourceGraph v1 = graph(resource("network.lan", "docker"),
                db("container.db", "secret://db-password", "a"),
                db("container.broken", "secret://db-password", "a"));
        plans.add(h.plan(v1));
        results.add(h.deployer.apply(plans.get(0), options(2)));
        ResourceGraph v2 = graph(resource("network.lan", "docker"), db("container.db", "secret://db-password-2", "b"));
        plans.add(h.plan(v2));
        results.add(h.deployer.apply(plans.get(1), options(2)));
        plans.add(Fixtures.destroyPlan(h.state()));
        results.add(h.deployer.apply(plans.get(2), options(2)));

        assertThat(docker.revealedSecrets()).as("the provider did get the value").contains(canary);
        assertThat(results).extracting(ApplyResult::status)
                .containsExactly(ApplyStatus.FAILED, ApplyStatus.SUCCEEDED, ApplyStatus.SUCCEEDED);
        List<String> outputs = new ArrayList<>();
        events.all.forEach(e -> outputs.add(e.toString()));
        h.store.appended.forEach(e -> outputs.add(new String(StateJson.writeJournalLine(e), StandardCharsets.UTF_8)));
        h.store.appended.forEach(e -> outputs.add(e.toString()));
        h.store.written.forEach(s -> outputs.add(new String(StateJson.writeState(s), StandardCharsets.UTF_8)));
        plans.forEach(p -> {
            outputs.add(p.toString());
            outputs.add(p.toText());
            outputs.add(p.toJson());
        });
        results.forEach(r -> outputs.add(r.toString()));
        assertThat(h.store.appended).anySatisfy(e -> assertThat(e.phase()).isEqualTo(JournalEntry.Phase.DONE));
        assertThat(outputs).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(canary));
        assertThat(String.join("\n", outputs)).contains("secret://db-password-2");
    }

    private static Resource db(String address, String passwordRef, String env) {
        return new Resource(id(address), "docker", attrs("image", "db:1", "env", env, "password", passwordRef),
                Set.of("password"), Set.of(id("network.lan")));
    }

    @Test
    void plansAppliesAndDestroysThroughTheDeployer() {
        FakeProvider docker = docker().latency(Duration.ofMillis(2));
        Harness h = new Harness(docker);
        ResourceGraph g = graph(resource("network.lan", "docker"),
                resource("container.db", "docker", "network.lan"),
                resource("container.app", "docker", "network.lan", "container.db"));

        ApplyResult applied = h.deployer.apply(g, PlanOptions.DEFAULT, options(3));

        assertThat(applied.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(applied.created()).isEqualTo(3);
        assertThat(h.events.of(DeployEvent.PlanReady.class)).hasSize(1);
        assertThat(h.deployer.plan(g, PlanOptions.DEFAULT).isEmpty()).isTrue();
        docker.resetObservations();

        ApplyResult destroyed = h.deployer.destroy(PlanOptions.DEFAULT, options(3));

        assertThat(destroyed.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(destroyed.deleted()).isEqualTo(3);
        assertThat(destroyed.state().resources()).isEmpty();
        assertThat(destroyed.state().specHash()).isEmpty();
        List<FakeProvider.Call> deletes = docker.calls("delete");
        assertThat(deletes).extracting(FakeProvider.Call::id)
                .containsExactly(id("container.app"), id("container.db"), id("network.lan"));
        assertThat(docker.objects()).isEmpty();
        assertThat(h.events.of(DeployEvent.LockAcquired.class)).extracting(DeployEvent.LockAcquired::operation)
                .containsExactly("apply", "destroy");
    }

    @Test
    void aCreateThatFailedAfterTheCloudMadeItIsFoundAndRecordedSoDestroyRemovesIt() {
        FakeProvider docker = docker();
        docker.failAfterEffect(id("container.app"), "create", () -> new ProviderException(ErrorKind.TIMEOUT,
                "no answer within 60 s"));
        Harness h = new Harness(docker);
        ResourceGraph g = graph(resource("network.lan", "docker"), resource("container.app", "docker", "network.lan"));

        ApplyResult applied = h.deployer.apply(g, PlanOptions.DEFAULT,
                options(2).withRetry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0)));

        assertThat(applied.status()).isEqualTo(ApplyStatus.FAILED);
        assertThat(applied.failures()).extracting(StepFailure::id).containsExactly(id("container.app"));
        assertThat(docker.objects()).as("the cloud made the container once; the retry carried the same key").hasSize(2);
        assertThat(applied.state().resources()).as("the failed create was looked up by its key and recorded")
                .containsKeys(id("network.lan"), id("container.app"));
        assertThat(h.store.journal().entries()).isEmpty();

        ApplyResult destroyed = h.deployer.destroy(PlanOptions.DEFAULT, options(2));

        assertThat(destroyed.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(docker.objects()).as("nothing is left behind").isEmpty();
    }

    @Test
    void aProviderThatBreaksDuringRecoveryGivesRecoveryFailedAndKeepsTheJournal() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);
        ResourceGraph g = graph(resource("network.lan", "docker"), resource("container.app", "docker", "network.lan"));
        docker.crashOnMutatingCall(2, true);
        assertThatThrownBy(() -> h.apply(g, options(1))).isInstanceOf(Error.class);
        docker.crashOnMutatingCall(0, false);
        docker.failAlways(id("container.app"), "lookup", () -> new IllegalStateException("socket closed"));
        int journaled = h.store.journal().entries().size();

        assertThatThrownBy(() -> h.deployer.apply(g, PlanOptions.DEFAULT, options(1)))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("RECOVERY_FAILED");
                    assertThat(e.getMessage()).contains("container.app", "IllegalStateException: socket closed",
                            "The journal is kept");
                });
        assertThat(h.store.journal().entries()).hasSize(journaled);
        assertThat(h.store.lockHolder()).isEmpty();
    }

    @Test
    void checksDriftWithoutTakingTheLock() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);
        h.deployer.apply(graph(resource("network.lan", "docker"), resource("container.db", "docker", "network.lan")),
                PlanOptions.DEFAULT, options(2));
        docker.deleteOutside(h.state().resource(id("container.db")).orElseThrow().providerId());

        try (var held = h.store.lock("apply", "someone else")) {
            var report = h.deployer.drift();

            assertThat(report.hasDrift()).isTrue();
            assertThat(report.checked()).isEqualTo(2);
            assertThat(report.items()).singleElement().satisfies(i -> {
                assertThat(i.id()).isEqualTo(id("container.db"));
                assertThat(i.kind()).isEqualTo(io.kombify.deploy.DriftItem.Kind.MISSING);
            });
        }
        ApplyResult repaired = h.deployer.apply(graph(resource("network.lan", "docker"),
                resource("container.db", "docker", "network.lan")), PlanOptions.DEFAULT, options(2));
        assertThat(repaired.created()).isEqualTo(1);
        assertThat(docker.objectsOf(id("container.db"))).singleElement()
                .satisfies(o -> assertThat(o.providerId())
                        .isEqualTo(repaired.state().resource(id("container.db")).orElseThrow().providerId()));
    }

    @Test
    void anUpdateRepairingAChangeMadeOutsideKombifyNamesTheChangedAttribute() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);
        var g = graph(resource("container.app", "docker", Map.of("image", "app:1", "env", "prod")));
        h.deployer.apply(g, PlanOptions.DEFAULT, options(1));
        String providerId = h.state().resource(id("container.app")).orElseThrow().providerId();
        docker.changeOutside(providerId, "env", "edited");

        ApplyResult repaired = h.deployer.apply(g, PlanOptions.DEFAULT, options(1));

        assertThat(repaired.updated()).isEqualTo(1);
        assertThat(docker.updatesChanged()).containsExactly(Set.of("env"));
        assertThat(docker.objectsOf(id("container.app"))).singleElement()
                .satisfies(o -> assertThat(o.attributes()).containsEntry("env", "prod"));
    }

    @Test
    void destroyOfAStackWithoutStateDoesNothing() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);

        ApplyResult result = h.destroy(options(2));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(result.deleted()).isZero();
        assertThat(h.store.read()).isEmpty();
        assertThat(docker.calls()).isEmpty();
    }
}
