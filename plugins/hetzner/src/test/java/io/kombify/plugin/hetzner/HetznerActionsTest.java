package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.RetryPolicy;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.InMemoryStateStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Actions as the provider waits for them: a create that finds an object made with its key before
 * (its answer lost) adopts it only if the object's actions succeeded, an action that runs too long
 * is waited for twice at most, polls back off, and an interrupt ends any wait.
 */
class HetznerActionsTest {

    private static final String STACK = "actions";
    private static final ResourceId WEB = ResourceId.of(ResourceType.MACHINE, "web");

    @Test
    void aServerWhoseCreateActionFailedAfterItsAnswerWasLostIsRemovedNotAdopted() {
        try (FakeCloud cloud = new FakeCloud(5); HetznerProvider impatient = cloud.provider(HetznerSettings.ACTION_TIMEOUT, "1ms");
             HetznerProvider provider = cloud.provider(); HetznerClient console = console(cloud)) {
            cloud.fake.faults().failNextAction("create_server", "placement_error", "no capacity for cx22 in nbg1 right now");

            Throwable first = catchThrowable(() -> impatient.create(web("k1")));
            assertThat(first).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.code()).isEqualTo("HETZNER_ACTION_TIMEOUT");
                assertThat(e.retryable()).as("the retry finds the server by its key and waits again").isTrue();
            });
            // While nobody asked, the create action ended in error.
            finishActions(console, cloud.fake.resources("servers").get(0).id());

            assertThatThrownBy(() -> provider.create(web("k1"))).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.code()).isEqualTo("HETZNER_ACTION_FAILED");
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("create_server", "no capacity for cx22 in nbg1 right now", "placement_error");
            });
            assertThat(cloud.fake.resources("servers")).as("the broken server was removed, not taken for made").isEmpty();
            assertThat(provider.lookup(new LookupRequest(WEB, "k1", context("k1")))).isEmpty();
        }
    }

    @Test
    void aServerWhoseCreateActionFailsWhileARetryWaitsForItIsRemoved() {
        try (FakeCloud cloud = new FakeCloud(3); HetznerProvider impatient = cloud.provider(HetznerSettings.ACTION_TIMEOUT, "1ms");
             HetznerProvider provider = cloud.provider()) {
            cloud.fake.faults().failNextAction("create_server", "placement_error", "no capacity");
            assertThat(catchThrowable(() -> impatient.create(web("k2")))).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));

            assertThatThrownBy(() -> provider.create(web("k2"))).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.code()).isEqualTo("HETZNER_ACTION_FAILED"));
            assertThat(cloud.fake.resources("servers")).isEmpty();
        }
    }

    @Test
    void aLookupRemovesAServerWhoseCreateActionFailedAndReportsNothing() {
        try (FakeCloud cloud = new FakeCloud(1); HetznerProvider impatient = cloud.provider(HetznerSettings.ACTION_TIMEOUT, "1ms");
             HetznerProvider provider = cloud.provider(); HetznerClient console = console(cloud)) {
            cloud.fake.faults().failNextAction("start_server", "server_error", "the host failed");
            assertThat(catchThrowable(() -> impatient.create(web("k3")))).isInstanceOf(ProviderException.class);
            finishActions(console, cloud.fake.resources("servers").get(0).id());

            assertThat(provider.lookup(new LookupRequest(WEB, "k3", context("k3")))).isEmpty();
            assertThat(cloud.fake.resources("servers")).isEmpty();
        }
    }

    @Test
    void anActionThatRunsTooLongIsWaitedForTwiceAtMostPollingLessAndLessOften() {
        try (FakeCloud cloud = new FakeCloud(1_000_000);
             HetznerProvider provider = cloud.provider(HetznerSettings.ACTION_TIMEOUT, "200ms")) {
            Deployer deployer = Deployer.builder().providers(Providers.of(provider)).stateStore(new InMemoryStateStore())
                    .owner("actions test").build();
            Resource web = new Resource(WEB, "hetzner", Map.of("name", "web", "serverType", "cx22"), Set.of());

            ApplyResult result = deployer.apply(ResourceGraph.builder(STACK, "test").add(web).build(), PlanOptions.DEFAULT,
                    ApplyOptions.defaults().withRetry(new RetryPolicy(6, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0)));

            assertThat(result.failures()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("HETZNER_ACTION_TIMEOUT");
                assertThat(f.message()).contains("create_server", "still running after 200ms", "hetzner.actionTimeout");
                assertThat(f.attempts()).as("the make, then one wait for the server its retry found by its key").isEqualTo(2);
            });
            assertThat(cloud.fake.resources("servers")).as("one server, made once").hasSize(1);
            long polls = cloud.fake.requests().stream().filter(r -> r.method().equals("GET") && r.apiPath().startsWith("/actions/"))
                    .count();
            assertThat(polls).as("polls in two waits of 200ms, starting 5ms apart (without backing off: 80)").isBetween(4L, 24L);
        }
    }

    @Test
    void anInterruptEndsTheWaitForAnAction() throws InterruptedException {
        try (FakeCloud cloud = new FakeCloud(1_000_000); HetznerProvider provider = cloud.provider()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread creating = new Thread(() -> {
                failure.set(catchThrowable(() -> provider.create(web("k4"))));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            creating.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (cloud.fake.requests().stream().noneMatch(r -> r.apiPath().startsWith("/actions/")) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            creating.interrupt();
            creating.join(5_000);

            assertThat(creating.isAlive()).isFalse();
            assertThat(failure.get()).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.code()).isEqualTo("HETZNER_INTERRUPTED");
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("action");
            });
            assertThat(stillInterrupted).as("the thread's interrupt status is kept").isTrue();
        }
    }

    @Test
    void anInterruptEndsTheWaitForTheRateLimit() throws InterruptedException {
        RateLimitGate gate = new RateLimitGate(System::currentTimeMillis);
        gate.record("36", "0", String.valueOf(System.currentTimeMillis() / 1000 + 3600));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiting = new Thread(() -> failure.set(catchThrowable(() -> gate.acquire(Duration.ofHours(1)))));
        waiting.start();
        Thread.sleep(50);
        waiting.interrupt();
        waiting.join(5_000);

        assertThat(waiting.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void anActionTheApiNoLongerKnowsIsAskedAboutAgain() {
        try (FakeCloud cloud = new FakeCloud(0); HetznerClient console = console(cloud)) {
            assertThatThrownBy(() -> console.await(Map.of("id", 424242, "command", "create_server", "status", "running")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("no longer knows action create_server (424242)");
                    });
        }
    }

    @Test
    void anAnswerWithoutTheObjectItShouldHoldIsAProviderFailure() {
        assertThatThrownBy(() -> Json.id(Map.of())).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.FATAL);
            assertThat(e.getMessage()).contains("without the object");
        });
    }

    /** Asks about the server's actions until none runs (each question counts towards their end in the fake). */
    private static void finishActions(HetznerClient console, long server) {
        for (int i = 0; i < 20; i++) {
            if (console.list("servers/" + server + "/actions", "actions", "status", "running").isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the actions of server " + server + " are still running");
    }

    private static HetznerClient console(FakeCloud cloud) {
        return new HetznerClient(HetznerSettings.from(cloud.config()), ApiToken.of(FakeCloud.TOKEN.toCharArray()), "console");
    }

    private static CreateRequest web(String key) {
        return new CreateRequest(WEB, Map.of("name", "web", "serverType", "cx22"), Set.of(), key, context(key));
    }

    private static ProviderContext context(String key) {
        return new ProviderContext(STACK, Map.of(ProviderContext.LABEL_STACK, STACK, ProviderContext.LABEL_RESOURCE, WEB.toString(),
                ProviderContext.LABEL_IDEMPOTENCY_KEY, key), SecretResolver.NONE);
    }
}
