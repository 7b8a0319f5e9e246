package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.SecretResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How the API's answers become results and errors: status codes, pages, rate-limit headers, timeouts. */
class HetznerClientTest {

    private static final ProviderContext LAB = new ProviderContext("lab", Map.of(ProviderContext.LABEL_STACK, "lab"),
            SecretResolver.NONE);

    @Test
    void statusCodesAndApiCodesMapToErrorKinds() {
        assertThat(HetznerClient.kindOf(401, "unauthorized")).isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(HetznerClient.kindOf(403, "forbidden")).isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(HetznerClient.kindOf(403, "")).isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(HetznerClient.kindOf(403, "resource_limit_exceeded")).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
        assertThat(HetznerClient.kindOf(404, "not_found")).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(HetznerClient.kindOf(409, "uniqueness_error")).as("a taken name stays taken").isEqualTo(ErrorKind.INVALID);
        assertThat(HetznerClient.kindOf(409, "conflict")).isEqualTo(ErrorKind.CONFLICT);
        assertThat(HetznerClient.kindOf(423, "locked")).isEqualTo(ErrorKind.CONFLICT);
        assertThat(HetznerClient.kindOf(422, "")).isEqualTo(ErrorKind.INVALID);
        assertThat(HetznerClient.kindOf(400, "invalid_input")).isEqualTo(ErrorKind.INVALID);
        assertThat(HetznerClient.kindOf(429, "rate_limit_exceeded")).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(HetznerClient.kindOf(500, "")).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(HetznerClient.kindOf(503, "unavailable")).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(HetznerClient.kindOf(418, "")).isEqualTo(ErrorKind.FATAL);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsADate() {
        assertThat(HetznerClient.retryAfter("7")).contains(Duration.ofSeconds(7));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        assertThat(HetznerClient.retryAfter(inTenSeconds).orElseThrow()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(HetznerClient.retryAfter("soon")).isEmpty();
        assertThat(HetznerClient.retryAfter(null)).isEmpty();
    }

    @Test
    void aTakenNameIsRefusedWithoutRetryNamingTheField() {
        try (FakeCloud cloud = new FakeCloud(0); HetznerProvider provider = cloud.provider()) {
            provider.create(key("a", "twin", TestKeys.ed25519("one@test"), "k1"));
            assertThatThrownBy(() -> provider.create(key("b", "twin", TestKeys.ed25519("two@test"), "k2")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                        assertThat(e.code()).isEqualTo("HETZNER_NAME_TAKEN");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("POST /ssh_keys", "uniqueness_error", "field name",
                                "named twin");
                    });
        }
    }

    @Test
    void aServerErrorIsUnavailableAndRetryable() {
        try (FakeCloud cloud = new FakeCloud(0); HetznerProvider provider = cloud.provider()) {
            cloud.fake.faults().serverErrorNext(1);
            assertThatThrownBy(() -> provider.read(new ReadRequest(ResourceId.of(ResourceType.NETWORK, "n"), "1", Map.of(), LAB)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("GET /networks/1", "HTTP 503");
                    });
            assertThat(provider.read(new ReadRequest(ResourceId.of(ResourceType.NETWORK, "n"), "1", Map.of(), LAB)))
                    .as("a network that does not exist reads as empty").isEmpty();
        }
    }

    @Test
    void listsAreFollowedThroughEveryPage() {
        try (FakeCloud cloud = new FakeCloud(0); HetznerProvider provider = cloud.provider()) {
            for (int i = 0; i < 52; i++) {
                provider.create(key("k" + i, "key-" + i, TestKeys.ed25519("page" + i + "@test"), "key" + i));
            }
            assertThat(provider.inventory("lab")).hasSize(52);
            assertThat(cloud.fake.requests()).filteredOn(r -> r.method().equals("GET") && r.path().equals("/v1/ssh_keys")
                    && r.query().contains("label_selector=kombify.io%2Fstack%3Dlab&") && r.query().contains("page=2"))
                    .isNotEmpty();
        }
    }

    @Test
    void whenTheBudgetIsSpentTheCallFailsAsRateLimitedWithoutAskingTheApi() {
        // Two requests an hour: a create spends both (lookup and POST), and the next request would
        // have to wait half an hour, longer than the provider waits in a call.
        try (FakeCloud cloud = new FakeCloud(0, 2); HetznerProvider provider = cloud.provider()) {
            provider.create(key("a", "first", TestKeys.ed25519("first@test"), "k1"));
            int sent = cloud.fake.requests().size();
            assertThatThrownBy(() -> provider.create(key("b", "second", TestKeys.ed25519("second@test"), "k2")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                        assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofMinutes(20)));
                        assertThat(e.getMessage()).contains("2 requests per hour");
                    });
            assertThat(cloud.fake.requests()).hasSize(sent);
        }
    }

    @Test
    void theGateWaitsForOneRequestsWorthOrTheResetWhicheverComesFirst() throws InterruptedException {
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        RateLimitGate gate = new RateLimitGate(now::get);
        assertThat(gate.waitNeeded()).isZero();
        gate.record("3600", "0", String.valueOf(now.get() / 1000 + 1800));
        assertThat(gate.waitNeeded()).as("3600 an hour refill one a second").isEqualTo(Duration.ofSeconds(1));
        gate.record("60", "0", String.valueOf(now.get() / 1000 + 5));
        assertThat(gate.waitNeeded()).as("the reset comes before the next minute's refill").isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> gate.acquire(Duration.ofSeconds(2))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(5)));
        gate.record("36000", "0", String.valueOf(now.get() / 1000 + 60));
        long start = System.nanoTime();
        gate.acquire(Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited a tenth of a second").isGreaterThanOrEqualTo(Duration.ofMillis(95));
        gate.record("36000", "5", String.valueOf(now.get() / 1000 + 60));
        assertThat(gate.waitNeeded()).isZero();
    }

    @Test
    void requestsWaitingForTheBudgetGetStartTimesOneRefillApartInTheOrderTheyAsked() throws Exception {
        RateLimitGate gate = new RateLimitGate(System::currentTimeMillis);
        // 36000 an hour: one request every 100 ms once the budget is spent.
        gate.record("36000", "0", String.valueOf(System.currentTimeMillis() / 1000 + 3600));
        List<Long> started = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                try {
                    gate.acquire(Duration.ofSeconds(5));
                    started.add(System.nanoTime() - t0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(5_000);
        }
        assertThat(gate.waitNeeded()).as("a newcomer queues behind them, it does not pass").isPositive();

        List<Long> sorted = started.stream().sorted().toList();
        assertThat(sorted).hasSize(3);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(Duration.ofNanos(sorted.get(i) - sorted.get(i - 1))).as("gap before request %s", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(80));
        }
    }

    @Test
    void anOlderAnswerDoesNotRaiseTheBudgetWhileLaterRequestsAreInFlight() throws InterruptedException {
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        RateLimitGate gate = new RateLimitGate(now::get);
        gate.record("3600", "2", String.valueOf(now.get() / 1000 + 3600));
        gate.acquire(Duration.ZERO);
        gate.acquire(Duration.ZERO);
        assertThat(gate.waitNeeded()).as("both requests of the budget are in flight").isPositive();

        gate.record("3600", "1", String.valueOf(now.get() / 1000 + 3600));
        assertThat(gate.waitNeeded()).as("the first answer did not count the second request yet").isPositive();
        gate.record("3600", "3", String.valueOf(now.get() / 1000 + 3600));
        assertThat(gate.waitNeeded()).as("the last answer, with nothing in flight, tells the budget").isZero();
    }

    @Test
    void aRequestThatGetsNoAnswerTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    Thread.sleep(5_000);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HetznerSettings settings = HetznerSettings.from(new ProviderConfig(Map.of(
                    HetznerSettings.ENDPOINT, "http://127.0.0.1:" + silent.getLocalPort() + "/v1",
                    HetznerSettings.REQUEST_TIMEOUT, "300ms"), Map.of(), SecretResolver.NONE, Optional.empty()));
            try (HetznerProvider provider = new HetznerProvider(settings, "t".toCharArray())) {
                assertThatThrownBy(() -> provider.read(new ReadRequest(ResourceId.of(ResourceType.NETWORK, "n"), "1", Map.of(), LAB)))
                        .isInstanceOfSatisfying(ProviderException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
                            assertThat(e.retryable()).isTrue();
                            assertThat(e.getMessage()).contains("GET /networks/1", "timed out");
                        });
            }
            acceptor.interrupt();
        }
    }

    private static CreateRequest key(String address, String name, String publicKey, String idempotencyKey) {
        ResourceId id = ResourceId.of(ResourceType.SSH_KEY, address);
        return new CreateRequest(id, Map.of("name", name, "publicKey", publicKey), Set.of(), idempotencyKey,
                new ProviderContext("lab", Map.of(ProviderContext.LABEL_STACK, "lab", ProviderContext.LABEL_RESOURCE, id.toString(),
                        ProviderContext.LABEL_IDEMPOTENCY_KEY, idempotencyKey), SecretResolver.NONE));
    }
}
