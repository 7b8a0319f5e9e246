package io.kombify.deploy.executor;

import static io.kombify.deploy.executor.Fixtures.CONTAINER;
import static io.kombify.deploy.executor.Fixtures.NETWORK;
import static io.kombify.deploy.executor.Fixtures.ROUTE;
import static io.kombify.deploy.executor.Fixtures.VOLUME;
import static io.kombify.deploy.executor.Fixtures.attrs;
import static io.kombify.deploy.executor.Fixtures.graph;
import static io.kombify.deploy.executor.Fixtures.id;
import static io.kombify.deploy.executor.Fixtures.options;
import static io.kombify.deploy.executor.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.RateLimit;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.state.JournalEntry;
import io.kombify.deploy.state.ResourceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecutorTest {

    private static FakeProvider docker() {
        return FakeProvider.of("docker", NETWORK, VOLUME, CONTAINER, ROUTE);
    }

    private static ResourceGraph lab() {
        return graph(
                resource("network.lan", "docker"),
                resource("volume.data", "docker"),
                resource("container.db", "docker", "network.lan", "volume.data"),
                resource("container.app", "docker", "network.lan", "container.db"),
                resource("proxy_route.app", "docker", "container.app"));
    }

    /** Index of the last end and first start of a resource's calls of one kind. */
    private static long end(FakeProvider p, String kind, String address) {
        return p.calls(kind).stream().filter(c -> c.id().equals(id(address)) && c.ok())
                .mapToLong(FakeProvider.Call::endSeq).max().orElseThrow(() -> new AssertionError("no " + kind + " of " + address));
    }

    private static long start(FakeProvider p, String kind, String address) {
        return p.calls(kind).stream().filter(c -> c.id().equals(id(address)))
                .mapToLong(FakeProvider.Call::startSeq).min().orElseThrow(() -> new AssertionError("no " + kind + " of " + address));
    }

    @Test
    void createsEachResourceAfterWhatItDependsOn() {
        FakeProvider docker = docker().latency(Duration.ofMillis(3));
        Harness h = new Harness(docker);
        ResourceGraph g = lab();

        ApplyResult result = h.apply(g, options(4));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(result.created()).isEqualTo(5);
        for (Resource r : g.resources()) {
            for (ResourceId dep : r.dependsOn()) {
                assertThat(end(docker, "create", dep.toString()))
                        .as("%s is created before %s", dep, r.id())
                        .isLessThan(start(docker, "create", r.id().toString()));
            }
        }
        assertThat(result.state().serial()).isEqualTo(1);
        assertThat(result.state().specHash()).isEqualTo(g.specHash());
        ResourceRecord app = result.state().resource(id("container.app")).orElseThrow();
        assertThat(app.providerId()).isEqualTo(docker.objectsOf(id("container.app")).get(0).providerId());
        assertThat(app.outputs()).containsEntry("fqdn", "app.lab");
        assertThat(app.dependsOn()).containsExactlyInAnyOrder(id("network.lan"), id("container.db"));
        assertThat(app.attributes()).isEqualTo(Map.of("image", "app:1"));
        assertThat(h.events.of(DeployEvent.ApplyStarted.class)).containsExactly(new DeployEvent.ApplyStarted(5, 4));
        assertThat(h.events.of(DeployEvent.StepSucceeded.class)).hasSize(5);
        assertThat(h.events.of(DeployEvent.ApplyFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.serial()).isEqualTo(1));
        assertThat(h.store.delegate.journal().entries()).as("the journal is cleared once the state is written").isEmpty();
        assertThat(h.store.lockHolder()).isEmpty();
    }

    @Test
    void journalsEveryCallBeforeAndAfter() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);

        h.apply(lab(), options(2));

        List<JournalEntry> entries = h.store.appended;
        assertThat(entries).hasSize(10);
        assertThat(entries).extracting(JournalEntry::seq).doesNotHaveDuplicates();
        for (Resource r : lab().resources()) {
            List<JournalEntry> of = entries.stream().filter(e -> e.id().equals(r.id())).toList();
            assertThat(of).extracting(JournalEntry::phase)
                    .containsExactly(JournalEntry.Phase.BEGIN, JournalEntry.Phase.DONE);
            assertThat(of.get(0).idempotencyKey()).isEqualTo(of.get(1).idempotencyKey()).hasSize(32);
            assertThat(of.get(1).result().orElseThrow().providerId())
                    .isEqualTo(docker.objectsOf(r.id()).get(0).providerId());
        }
    }

    @Test
    void neverRunsMoreCallsAtOnceThanTheParallelism() {
        FakeProvider docker = docker().latency(Duration.ofMillis(10));
        Harness h = new Harness(docker);
        List<Resource> rs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            rs.add(resource("container.c" + i, "docker"));
        }

        ApplyResult result = h.apply(graph(rs.toArray(new Resource[0])), options(3));

        assertThat(result.created()).isEqualTo(24);
        assertThat(docker.maxInFlight()).isEqualTo(3);
    }

    @Test
    void respectsEachProvidersLimit() {
        FakeProvider cloud = new FakeProvider("hetzner", List.of(new ResourceTypeSupport(ResourceType.MACHINE, Set.of(), false)),
                Optional.of(new RateLimit(2, 0)))
                .latency(Duration.ofMillis(10));
        FakeProvider docker = docker().latency(Duration.ofMillis(10));
        Harness h = new Harness(cloud, docker);
        List<Resource> rs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rs.add(resource("machine.m" + i, "hetzner"));
            rs.add(resource("container.c" + i, "docker"));
        }

        ApplyResult result = h.apply(graph(rs.toArray(new Resource[0])), options(8).withProviderParallelism("docker", 1));

        assertThat(result.created()).isEqualTo(20);
        assertThat(cloud.maxInFlight()).as("the provider's own rate limit").isEqualTo(2);
        assertThat(docker.maxInFlight()).as("the caller's limit for the provider").isEqualTo(1);
    }

    @Test
    void pacesCallsToTheProvidersCallsPerSecond() {
        FakeProvider cloud = new FakeProvider("hetzner", List.of(new ResourceTypeSupport(ResourceType.MACHINE, Set.of(), false)),
                Optional.of(new RateLimit(10, 50)));
        Harness h = new Harness(cloud);
        List<Resource> rs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rs.add(resource("machine.m" + i, "hetzner"));
        }

        h.apply(graph(rs.toArray(new Resource[0])), options(10));

        List<Long> starts = cloud.callStartNanos().stream().sorted().toList();
        assertThat(starts).hasSize(10);
        // 50 calls per second: a call every 20 ms, so the ten take at least 180 ms (less a little for the
        // time between the executor handing a call over and the provider seeing it)
        assertThat(Duration.ofNanos(starts.get(9) - starts.get(0))).isGreaterThan(Duration.ofMillis(150));
    }

    @Test
    void retriesARateLimitedCallAfterTheRetryAfterItWasGiven() {
        FakeProvider docker = docker().script(id("container.app"), "create", FakeProvider.retryable(Duration.ofMillis(150)));
        Harness h = new Harness(docker);

        ApplyResult result = h.apply(graph(resource("container.app", "docker")), options(2));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        List<DeployEvent.StepRetrying> retries = h.events.of(DeployEvent.StepRetrying.class);
        assertThat(retries).singleElement().satisfies(r -> {
            assertThat(r.delay()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(r.code()).isEqualTo("PROVIDER_RATE_LIMITED");
            assertThat(r.attempt()).isEqualTo(1);
        });
        List<Long> starts = docker.callStartNanos();
        assertThat(starts).hasSize(2);
        assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        assertThat(h.events.of(DeployEvent.StepStarted.class)).extracting(DeployEvent.StepStarted::attempt)
                .containsExactly(1, 2);
        assertThat(docker.objectsOf(id("container.app"))).hasSize(1);
    }

    @Test
    void backsOffExponentiallyWithJitter() {
        FakeProvider docker = docker().script(id("container.app"), "create",
                FakeProvider.unavailable(), FakeProvider.unavailable(), FakeProvider.unavailable());
        Harness h = new Harness(docker);
        var policy = new io.kombify.deploy.RetryPolicy(5, Duration.ofMillis(20), Duration.ofSeconds(1), 2.0, 0.5);

        ApplyResult result = h.apply(graph(resource("container.app", "docker")), options(1).withRetry(policy));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        List<Duration> delays = h.events.of(DeployEvent.StepRetrying.class).stream()
                .map(DeployEvent.StepRetrying::delay).toList();
        assertThat(delays).hasSize(3);
        assertThat(delays.get(0)).isBetween(Duration.ofMillis(20), Duration.ofMillis(30));
        assertThat(delays.get(1)).isBetween(Duration.ofMillis(40), Duration.ofMillis(60));
        assertThat(delays.get(2)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
    }

    @Test
    void aStepWaitingForItsRetryHoldsNoSlot() {
        FakeProvider docker = docker().latency(Duration.ofMillis(5))
                .script(id("container.slow"), "create", FakeProvider.retryable(Duration.ofMillis(300)));
        Harness h = new Harness(docker);
        List<Resource> rs = new ArrayList<>();
        rs.add(resource("container.slow", "docker"));
        for (int i = 0; i < 5; i++) {
            rs.add(resource("container.c" + i, "docker"));
        }

        ApplyResult result = h.apply(graph(rs.toArray(new Resource[0])), options(1));

        assertThat(result.created()).isEqualTo(6);
        // with one slot, every other step ran while the first waited for its Retry-After
        List<FakeProvider.Call> creates = docker.calls("create");
        assertThat(creates.get(creates.size() - 1).id()).isEqualTo(id("container.slow"));
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        FakeProvider docker = docker().failAlways(id("container.app"), "create", FakeProvider.unavailable());
        Harness h = new Harness(docker);
        var policy = new io.kombify.deploy.RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0);

        ApplyResult result = h.apply(graph(resource("container.app", "docker")), options(1).withRetry(policy));

        assertThat(result.status()).isEqualTo(ApplyStatus.FAILED);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(id("container.app"));
            assertThat(f.action()).isEqualTo(Action.CREATE);
            assertThat(f.code()).isEqualTo("PROVIDER_UNAVAILABLE");
            assertThat(f.attempts()).isEqualTo(3);
        });
        assertThat(docker.calls("create")).hasSize(3);
        assertThat(h.store.appended).last().satisfies(e -> {
            assertThat(e.phase()).isEqualTo(JournalEntry.Phase.FAILED);
            assertThat(e.error()).hasValueSatisfying(m -> assertThat(m).contains("PROVIDER_UNAVAILABLE"));
        });
    }

    @Test
    void aFatalFailureSkipsOnlyWhatDependsOnIt() {
        FakeProvider docker = docker().failAlways(id("container.db"), "create",
                FakeProvider.invalid("image app:1 does not exist"));
        Harness h = new Harness(docker);
        ResourceGraph g = graph(
                resource("network.a", "docker"),
                resource("container.db", "docker", "network.a"),
                resource("container.app", "docker", "container.db"),
                resource("proxy_route.app", "docker", "container.app"),
                resource("network.b", "docker"),
                resource("container.other", "docker", "network.b"));

        ApplyResult result = h.apply(g, options(3));

        assertThat(result.status()).isEqualTo(ApplyStatus.FAILED);
        assertThat(docker.calls("create")).filteredOn(c -> c.id().equals(id("container.db"))).hasSize(1);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROVIDER_REQUEST_INVALID");
            assertThat(f.message()).isEqualTo("image app:1 does not exist");
            assertThat(f.attempts()).isEqualTo(1);
        });
        assertThat(h.events.of(DeployEvent.StepSkipped.class))
                .extracting(DeployEvent.StepSkipped::id)
                .containsExactlyInAnyOrder(id("container.app"), id("proxy_route.app"));
        assertThat(h.events.of(DeployEvent.StepSkipped.class))
                .allSatisfy(s -> assertThat(s.reason()).contains("container.db"));
        assertThat(result.skipped()).isEqualTo(2);
        assertThat(result.state().resources().keySet())
                .containsExactlyInAnyOrder(id("network.a"), id("network.b"), id("container.other"));
        assertThat(result.state().specHash()).as("a failed apply does not mark the spec applied").isEmpty();
        assertThat(h.events.of(DeployEvent.StepFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.id()).isEqualTo(id("container.db")));
    }

    @Test
    void anUnexpectedExceptionFromAProviderFailsItsStep() {
        FakeProvider docker = docker().failAlways(id("container.app"), "create",
                () -> new IllegalStateException("socket closed"));
        Harness h = new Harness(docker);

        ApplyResult result = h.apply(graph(resource("container.app", "docker"), resource("container.b", "docker")),
                options(1));

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROVIDER_FAILED");
            assertThat(f.message()).isEqualTo("socket closed");
            assertThat(f.attempts()).isEqualTo(1);
        });
        assertThat(result.created()).isEqualTo(1);
    }

    @Test
    void cancellingStartsNoFurtherStep() {
        FakeProvider docker = docker();
        var opts = options(1);
        Harness cancelling = new Harness(io.kombify.deploy.spi.SecretResolver.NONE, e -> {
            if (e instanceof DeployEvent.StepSucceeded) {
                opts.cancellation().cancel();
            }
        }, docker);
        ResourceGraph chain = graph(
                resource("network.lan", "docker"),
                resource("volume.a", "docker", "network.lan"),
                resource("container.a", "docker", "volume.a"),
                resource("proxy_route.a", "docker", "container.a"));

        ApplyResult result = cancelling.apply(chain, opts);

        assertThat(result.status()).isEqualTo(ApplyStatus.CANCELLED);
        assertThat(result.created()).isEqualTo(1);
        assertThat(result.skipped()).isEqualTo(3);
        assertThat(docker.calls("create")).hasSize(1);
        assertThat(cancelling.events.of(DeployEvent.StepSkipped.class))
                .allSatisfy(s -> assertThat(s.reason()).isEqualTo("the apply was cancelled"));
        assertThat(result.state().resources().keySet()).containsExactly(id("network.lan"));
        assertThat(cancelling.store.lockHolder()).isEmpty();
    }

    @Test
    void cancellingLetsRunningStepsFinishAndRecordsThem() {
        FakeProvider docker = docker().latency(Duration.ofMillis(80));
        var opts = options(2);
        Harness h = new Harness(io.kombify.deploy.spi.SecretResolver.NONE, e -> {
            if (e instanceof DeployEvent.StepStarted) {
                opts.cancellation().cancel();
            }
        }, docker);
        List<Resource> rs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rs.add(resource("container.c" + i, "docker"));
        }

        ApplyResult result = h.apply(graph(rs.toArray(new Resource[0])), opts);

        assertThat(result.status()).isEqualTo(ApplyStatus.CANCELLED);
        assertThat(result.created()).isBetween(1, 2);
        assertThat(result.created() + result.skipped()).isEqualTo(6);
        assertThat(result.state().resources()).hasSize(result.created());
        assertThat(docker.objects()).hasSize(result.created());
    }

    @Test
    void cancellingWhileARetryWaitsSkipsIt() throws Exception {
        FakeProvider docker = docker().script(id("container.app"), "create", FakeProvider.retryable(Duration.ofSeconds(30)));
        var opts = options(1);
        Harness h = new Harness(io.kombify.deploy.spi.SecretResolver.NONE, e -> {
            if (e instanceof DeployEvent.StepRetrying) {
                opts.cancellation().cancel();
            }
        }, docker);
        long t0 = System.nanoTime();

        ApplyResult result = h.apply(graph(resource("container.app", "docker")), opts);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("does not sit out the Retry-After")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(result.status()).isEqualTo(ApplyStatus.CANCELLED);
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(docker.calls("create")).hasSize(1);
    }

    @Test
    void replacesCreateBeforeDestroyWhenTheTypeAllowsIt() {
        FakeProvider docker = new FakeProvider("docker", List.of(
                new ResourceTypeSupport(CONTAINER, Set.of("env"), true),
                new ResourceTypeSupport(ROUTE, Set.of("env"), false)), Optional.empty());
        Harness h = new Harness(docker);
        h.apply(graph(resource("container.app", "docker", attrs("image", "app:1")),
                resource("proxy_route.app", "docker", attrs("env", "a"), "container.app")), options(4));
        String oldId = h.state().resource(id("container.app")).orElseThrow().providerId();
        docker.resetObservations();

        ApplyResult result = h.apply(graph(resource("container.app", "docker", attrs("image", "app:2")),
                resource("proxy_route.app", "docker", attrs("env", "b"), "container.app")), options(4));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(result.created()).isEqualTo(1);
        assertThat(result.deleted()).isEqualTo(1);
        assertThat(result.updated()).isEqualTo(1);
        assertThat(end(docker, "create", "container.app")).isLessThan(start(docker, "update", "proxy_route.app"));
        assertThat(end(docker, "update", "proxy_route.app")).isLessThan(start(docker, "delete", "container.app"));
        ResourceRecord rec = result.state().resource(id("container.app")).orElseThrow();
        assertThat(rec.providerId()).isNotEqualTo(oldId);
        assertThat(rec.attributes()).containsEntry("image", "app:2");
        assertThat(docker.objectsOf(id("container.app"))).singleElement()
                .satisfies(o -> assertThat(o.providerId()).isEqualTo(rec.providerId()));
    }

    @Test
    void replacesDeleteFirstOtherwise() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);
        h.apply(graph(resource("network.lan", "docker", attrs("cidr", "10.0.0.0/24")),
                resource("container.app", "docker", "network.lan")), options(4));
        docker.resetObservations();

        ApplyResult result = h.apply(graph(resource("network.lan", "docker", attrs("cidr", "10.1.0.0/24")),
                resource("container.app", "docker", "network.lan")), options(4));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(end(docker, "delete", "network.lan")).isLessThan(start(docker, "create", "network.lan"));
        assertThat(docker.objectsOf(id("network.lan"))).singleElement()
                .satisfies(o -> assertThat(o.attributes()).containsEntry("cidr", "10.1.0.0/24"));
        assertThat(result.state().resource(id("network.lan")).orElseThrow().attributes())
                .containsEntry("cidr", "10.1.0.0/24");
    }

    @Test
    void replacesAContainerDeleteFirstWhenTheNetworkUnderItIsReplacedDeleteFirst() {
        // the container may exist twice, the network may not: deleting the old network needs the old
        // container gone first, so the container cannot wait for its new network to be deleted
        FakeProvider docker = new FakeProvider("docker", List.of(
                new ResourceTypeSupport(NETWORK, Set.of(), false),
                new ResourceTypeSupport(CONTAINER, Set.of(), true)), Optional.empty());
        Harness h = new Harness(docker);
        h.apply(graph(resource("network.lan", "docker", attrs("cidr", "10.0.0.0/24")),
                resource("container.db", "docker", attrs("image", "db:1"), "network.lan")), options(4));
        docker.resetObservations();

        ApplyResult result = h.apply(graph(resource("network.lan", "docker", attrs("cidr", "10.1.0.0/24")),
                resource("container.db", "docker", attrs("image", "db:2"), "network.lan")), options(4));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(end(docker, "delete", "container.db")).isLessThan(start(docker, "delete", "network.lan"));
        assertThat(end(docker, "delete", "network.lan")).isLessThan(start(docker, "create", "network.lan"));
        assertThat(end(docker, "create", "network.lan")).isLessThan(start(docker, "create", "container.db"));
        assertThat(docker.objects()).hasSize(2);
        assertThat(result.state().resource(id("container.db")).orElseThrow().attributes()).containsEntry("image", "db:2");
        assertThat(result.state().resource(id("network.lan")).orElseThrow().attributes())
                .containsEntry("cidr", "10.1.0.0/24");
    }

    @Test
    void aFailedCreateOfAReplacementKeepsTheOldResourceRecorded() {
        FakeProvider docker = new FakeProvider("docker", List.of(new ResourceTypeSupport(CONTAINER, Set.of(), true)),
                Optional.empty());
        Harness h = new Harness(docker);
        h.apply(graph(resource("container.app", "docker", attrs("image", "app:1"))), options(2));
        ResourceRecord before = h.state().resource(id("container.app")).orElseThrow();
        docker.failAlways(id("container.app"), "create", FakeProvider.invalid("no such image"));

        ApplyResult result = h.apply(graph(resource("container.app", "docker", attrs("image", "app:2"))), options(2));

        assertThat(result.status()).isEqualTo(ApplyStatus.FAILED);
        assertThat(docker.calls("delete")).isEmpty();
        assertThat(result.state().resource(id("container.app"))).contains(before);
        assertThat(h.events.of(DeployEvent.StepSkipped.class)).singleElement().satisfies(s -> {
            assertThat(s.action()).isEqualTo(Action.DELETE);
            assertThat(s.reason()).contains("container.app");
        });
    }

    @Test
    void destroysInReverseDependencyOrder() {
        FakeProvider docker = docker().latency(Duration.ofMillis(2));
        Harness h = new Harness(docker);
        ResourceGraph g = lab();
        h.apply(g, options(4));

        ApplyResult result = h.destroy(options(4));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(result.deleted()).isEqualTo(5);
        for (Resource r : g.resources()) {
            for (ResourceId dep : r.dependsOn()) {
                assertThat(end(docker, "delete", r.id().toString()))
                        .as("%s is deleted before %s", r.id(), dep)
                        .isLessThan(start(docker, "delete", dep.toString()));
            }
        }
        assertThat(result.state().resources()).isEmpty();
        assertThat(result.state().specHash()).isEmpty();
        assertThat(result.state().serial()).isEqualTo(2);
        assertThat(docker.objects()).isEmpty();
    }

    @Test
    void deletesWhatLeftTheSpecAfterWhatDependedOnIt() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);
        h.apply(lab(), options(4));
        docker.resetObservations();

        ApplyResult result = h.apply(graph(resource("network.lan", "docker"), resource("volume.data", "docker")),
                options(4));

        assertThat(result.deleted()).isEqualTo(3);
        assertThat(end(docker, "delete", "proxy_route.app")).isLessThan(start(docker, "delete", "container.app"));
        assertThat(end(docker, "delete", "container.app")).isLessThan(start(docker, "delete", "container.db"));
        assertThat(result.state().resources().keySet()).containsExactlyInAnyOrder(id("network.lan"), id("volume.data"));
    }

    @Test
    void updatesInPlaceKeepTheRecordOfTheCreate() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);
        h.apply(graph(resource("container.app", "docker", attrs("image", "app:1", "env", "a"))), options(1));
        ResourceRecord before = h.state().resource(id("container.app")).orElseThrow();

        ApplyResult result = h.apply(graph(resource("container.app", "docker", attrs("image", "app:1", "env", "b"))),
                options(1));

        assertThat(result.updated()).isEqualTo(1);
        ResourceRecord after = result.state().resource(id("container.app")).orElseThrow();
        assertThat(after.providerId()).isEqualTo(before.providerId());
        assertThat(after.idempotencyKey()).isEqualTo(before.idempotencyKey());
        assertThat(after.attributes()).containsEntry("env", "b");
        assertThat(docker.objectsOf(id("container.app"))).singleElement()
                .satisfies(o -> assertThat(o.attributes()).containsEntry("env", "b"));
    }

    @Test
    void anEmptyPlanWritesNoState() {
        FakeProvider docker = docker();
        Harness h = new Harness(docker);
        h.apply(lab(), options(2));
        int writes = h.store.written.size();
        docker.resetObservations();

        ApplyResult result = h.apply(lab(), options(2));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(result.created() + result.updated() + result.deleted()).isZero();
        assertThat(h.store.written).hasSize(writes);
        assertThat(result.state().serial()).isEqualTo(1);
        assertThat(docker.calls()).isEmpty();
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheApply() {
        FakeProvider docker = docker();
        Harness h = new Harness(io.kombify.deploy.spi.SecretResolver.NONE, e -> {
            throw new IllegalStateException("display broke");
        }, docker);

        ApplyResult result = h.apply(lab(), options(3));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(result.created()).isEqualTo(5);
    }
}
