package io.kombify.sim.cloud.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The fake as a server: authentication, errors, rate limits, planned faults, the request log, determinism. */
class HetznerCloudFakeTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final List<HetznerCloudFake> fakes = new ArrayList<>();

    @AfterEach
    void closeFakes() {
        fakes.forEach(HetznerCloudFake::close);
    }

    HetznerCloudFake start(HetznerCloudFake.Builder b) {
        HetznerCloudFake fake = b.start();
        fakes.add(fake);
        return fake;
    }

    HetznerCloudFake start() {
        return start(HetznerCloudFake.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)));
    }

    @Test
    void servesTheApiBelowV1OnLoopbackWithTheDefaultToken() {
        HetznerCloudFake fake = start();

        assertThat(fake.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+/v1").endsWith(":" + fake.port() + "/v1");
        assertThat(fake.token()).isEqualTo("fake-token");
        Api.Response r = new Api(fake).get("/locations");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(Api.field(r.body().path("locations"), "name")).containsExactly("fsn1", "nbg1", "hel1", "ash");
    }

    @Test
    void answersAWrongOrMissingTokenWith401Unauthorized() {
        HetznerCloudFake fake = start(HetznerCloudFake.builder().token("s3cret"));

        Api.Response wrong = new Api(fake.endpoint(), "fake-token").get("/servers");
        Api.Response missing = new Api(fake.endpoint(), null).get("/servers");
        Api.Response right = new Api(fake.endpoint(), "s3cret").get("/servers");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("unauthorized");
        assertThat(wrong.body().path("error").path("message").asString()).isNotBlank();
        assertThat(missing.status()).isEqualTo(401);
        assertThat(right.status()).isEqualTo(200);
    }

    @Test
    void answersUnknownIdsAndPathsWith404NotFound() {
        HetznerCloudFake fake = start();
        Api api = new Api(fake);

        Api.Response server = api.get("/servers/999");
        Api.Response path = api.get("/load_balancers_nope");
        Api.Response outsideV1 = new Api(URI.create("http://127.0.0.1:" + fake.port()), fake.token()).get("/servers");

        assertThat(server.status()).isEqualTo(404);
        assertThat(server.code()).isEqualTo("not_found");
        assertThat(server.body().path("error").path("message").asString()).isEqualTo("server with ID '999' not found");
        assertThat(path.status()).isEqualTo(404);
        assertThat(outsideV1.status()).isEqualTo(404);
        assertThat(api.post("/servers/1/actions/poweron", "{}").code()).isEqualTo("not_found");
    }

    @Test
    void everyResponseCarriesTheRateLimitHeadersAndTheBudgetGoesDown() {
        HetznerCloudFake fake = start();
        Api api = new Api(fake);

        Api.Response first = api.get("/servers");
        Api.Response second = api.get("/servers");
        Api.Response unauthorized = new Api(fake.endpoint(), "nope").get("/servers");

        assertThat(first.header("RateLimit-Limit")).isEqualTo("3600");
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("3599");
        assertThat(second.header("RateLimit-Remaining")).isEqualTo("3598");
        // the budget refills one request a second: full again two seconds from now
        assertThat(second.header("RateLimit-Reset")).isEqualTo(String.valueOf(T0.getEpochSecond() + 2));
        assertThat(unauthorized.header("RateLimit-Remaining")).isEqualTo("3598");
    }

    @Test
    void anExhaustedBudgetAnswers429WithRetryAfterUntilItRefills() {
        TestClock clock = new TestClock(T0);
        HetznerCloudFake fake = start(HetznerCloudFake.builder().clock(clock).rateLimit(2));
        Api api = new Api(fake);

        assertThat(api.get("/servers").status()).isEqualTo(200);
        assertThat(api.get("/servers").status()).isEqualTo(200);
        Api.Response limited = api.get("/servers");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limit_exceeded");
        assertThat(limited.header("RateLimit-Limit")).isEqualTo("2");
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.header("Retry-After")).isEqualTo("1800");
        clock.advance(Duration.ofMinutes(30));
        assertThat(api.get("/servers").status()).isEqualTo(200);
        assertThat(api.get("/servers").status()).isEqualTo(429);
    }

    @Test
    void plannedRateLimitingAnswersTheNextRequestsWith429AndRetryAfter() {
        HetznerCloudFake fake = start();
        Api api = new Api(fake);
        fake.faults().rateLimitNext(2, Duration.ofSeconds(30));

        Api.Response first = api.get("/servers");
        Api.Response second = api.post("/ssh_keys", "{}");
        Api.Response third = api.get("/servers");

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.code()).isEqualTo("rate_limit_exceeded");
        assertThat(first.header("Retry-After")).isEqualTo("30");
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(first.header("RateLimit-Reset")).isEqualTo(String.valueOf(T0.getEpochSecond() + 30));
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void plannedServerErrorsAnswer503Unavailable() {
        HetznerCloudFake fake = start();
        Api api = new Api(fake);
        fake.faults().serverErrorNext(1);

        Api.Response failed = api.post("/ssh_keys", "{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519 + "\"}");
        Api.Response retried = api.post("/ssh_keys", "{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519 + "\"}");

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.code()).isEqualTo("unavailable");
        assertThat(failed.header("RateLimit-Limit")).isEqualTo("3600");
        assertThat(retried.status()).isEqualTo(201);
        assertThat(fake.resources("ssh_keys")).hasSize(1);
    }

    @Test
    void aDelayedAnswerArrivesLateButTheRequestTookEffectAtOnce() throws Exception {
        HetznerCloudFake fake = start();
        fake.faults().delayNext(1, Duration.ofSeconds(30));
        HttpURLConnection create = (HttpURLConnection) URI.create(fake.endpoint() + "/ssh_keys").toURL().openConnection();
        create.setReadTimeout(150);
        create.setRequestMethod("POST");
        create.setRequestProperty("Authorization", "Bearer " + fake.token());
        create.setRequestProperty("Content-Type", "application/json");
        create.setDoOutput(true);
        create.getOutputStream().write(("{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519 + "\"}").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(create::getResponseCode).isInstanceOf(SocketTimeoutException.class);
        create.disconnect();
        assertThat(fake.resources("ssh_keys")).as("what the request whose answer was late made").hasSize(1);

        long start = System.nanoTime();
        Api.Response next = new Api(fake).get("/ssh_keys");
        assertThat(next.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the next answer is not held back the planned 30 s")
                .isLessThan(Duration.ofSeconds(10));

        Duration planned = Duration.ofMillis(300);
        fake.faults().delayNext(1, planned);
        start = System.nanoTime();
        assertThat(new Api(fake).get("/ssh_keys").status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a client that waits gets the answer after the delay")
                .isGreaterThanOrEqualTo(planned);
        assertThatThrownBy(() -> fake.faults().delayNext(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDelayLongerThanTenMinutesIsRefusedBeforeAnyRequest() {
        HetznerCloudFake fake = start();

        assertThatThrownBy(() -> fake.faults().delayNext(1, Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than the 10 minutes");
        assertThatThrownBy(() -> fake.faults().delayNext(1, Duration.ofMinutes(10).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        fake.faults().delayNext(0, Duration.ofMinutes(10));
        Api.Response created = new Api(fake).post("/ssh_keys", "{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519 + "\"}");
        assertThat(created.status()).as("nothing refused was planned").isEqualTo(201);
    }

    @Test
    void clientsThatStallMidRequestDoNotHoldUpOthers() throws Exception {
        HetznerCloudFake fake = start();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), fake.port());
                s.getOutputStream().write(("POST /v1/ssh_keys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer fake-token\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            String workers = "hetzner-cloud-fake-" + fake.port() + "-";
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline
                    && Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(workers)).count() < 8) {
                Thread.sleep(10);
            }

            assertThat(new Api(fake).get("/servers").status()).as("answered while eight clients stall").isEqualTo(200);
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void clearedFaultsDoNotHappen() {
        HetznerCloudFake fake = start();
        fake.faults().serverErrorNext(3).rateLimitNext(1, Duration.ofSeconds(1)).delayNext(2, Duration.ofSeconds(30)).clear();

        assertThat(new Api(fake).get("/servers").status()).isEqualTo(200);
    }

    @Test
    void recordsEveryRequestWithoutTheAuthorizationHeader() {
        HetznerCloudFake fake = start();
        Api api = new Api(fake);

        api.get("/servers?name=web-1&label_selector=env%3Dprod");
        api.post("/ssh_keys", "{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519 + "\"}");
        new Api(fake.endpoint(), "wrong").delete("/ssh_keys/1");

        assertThat(fake.requests()).containsExactly(
                new FakeRequest("GET", "/v1/servers", "name=web-1&label_selector=env%3Dprod", "", "", 200),
                new FakeRequest("POST", "/v1/ssh_keys", "", "{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519 + "\"}",
                        "application/json", 201),
                new FakeRequest("DELETE", "/v1/ssh_keys/1", "", "", "", 401));
        assertThat(fake.requests().get(0).apiPath()).isEqualTo("/servers");
        assertThat(fake.requests().toString()).doesNotContain("fake-token").doesNotContain("wrong");
    }

    @Test
    void keepsOnlyTheLatestRequestsAsConfiguredAndCountsThemAll() {
        HetznerCloudFake fake = start(HetznerCloudFake.builder().recordRequests(2));
        Api api = new Api(fake);

        api.get("/servers");
        api.get("/networks");
        api.get("/volumes");

        assertThat(fake.requests()).extracting(FakeRequest::apiPath).containsExactly("/networks", "/volumes");
        assertThat(fake.requestCount()).isEqualTo(3);

        HetznerCloudFake silent = start(HetznerCloudFake.builder().recordRequests(0));
        new Api(silent).get("/servers");
        new Api(silent.endpoint(), "wrong").get("/servers");
        assertThat(silent.requests()).isEmpty();
        assertThat(silent.requestCount()).isEqualTo(2);
    }

    @Test
    void cutsALongRecordedBodyWithAMarker() {
        HetznerCloudFake fake = start();
        String description = "x".repeat(100_000);
        String body = "{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519 + "\",\"labels\":{\"d\":\"" + description + "\"}}";

        Api.Response r = new Api(fake).post("/ssh_keys", body);

        assertThat(r.status()).as("the fake still reads the whole body").isEqualTo(400);
        String recorded = fake.requests().get(0).body();
        assertThat(recorded).startsWith(body.substring(0, 1000))
                .endsWith("...[truncated, " + body.getBytes(StandardCharsets.UTF_8).length + " bytes in all]");
        assertThat(recorded.length()).isLessThan(64 * 1024 + 64);
        assertThat(recorded.substring(0, 64 * 1024)).isEqualTo(body.substring(0, 64 * 1024));
    }

    @Test
    void malformedJsonIsAJsonError() {
        Api.Response r = new Api(start()).post("/servers", "{\"name\": ");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("json_error");
    }

    @Test
    void sameRequestsGiveByteIdenticalAnswersWithAFixedClock() {
        List<String> first = scenario(new Api(start()));
        List<String> second = scenario(new Api(start()));

        assertThat(first).isEqualTo(second);
        assertThat(first.get(1)).contains("\"ip\":\"203.0.113.1\"").contains("\"created\":\"2026-03-01T10:00:00Z\"");
    }

    private static List<String> scenario(Api api) {
        List<String> bodies = new ArrayList<>();
        bodies.add(api.post("/ssh_keys", "{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519 + "\"}").text());
        bodies.add(api.post("/servers", "{\"name\":\"a\",\"server_type\":\"cx22\",\"image\":\"debian-12\"}").text());
        bodies.add(api.post("/servers", "{\"name\":\"b\",\"server_type\":\"cpx11\",\"image\":\"ubuntu-24.04\",\"location\":\"ash\"}").text());
        bodies.add(api.get("/servers").text());
        bodies.add(api.get("/actions?id=1&id=2&id=3").text());
        return bodies;
    }

    @Test
    void concurrentClientsGetDistinctIdsAndEveryServerIsKept() throws Exception {
        HetznerCloudFake fake = start(HetznerCloudFake.builder());
        Api api = new Api(fake);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> created = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "node-" + i;
                created.add(pool.submit(() -> api.post("/servers", "{\"name\":\"" + name
                        + "\",\"server_type\":\"cx22\",\"image\":\"debian-12\"}").body()));
            }
            Set<Long> ids = new TreeSet<>();
            Set<String> ips = new TreeSet<>();
            for (Future<JsonNode> f : created) {
                JsonNode server = f.get().path("server");
                ids.add(server.path("id").asLong());
                ips.add(server.path("public_net").path("ipv4").path("ip").asString());
            }
            assertThat(ids).hasSize(40);
            assertThat(ips).hasSize(40);
            assertThat(fake.resources("servers")).hasSize(40);
            assertThat(fake.resources("primary_ips")).hasSize(80);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingFreesThePortAndTwiceIsHarmless() {
        HetznerCloudFake fake = start();
        int port = fake.port();
        fake.close();
        fake.close();

        HetznerCloudFake again = start(HetznerCloudFake.builder().listen(new InetSocketAddress("127.0.0.1", port)));
        assertThat(again.port()).isEqualTo(port);
    }

    @Test
    void aPortInUseIsAnIoErrorNamingTheAddress() {
        HetznerCloudFake fake = start();

        assertThatThrownBy(() -> HetznerCloudFake.builder().listen(new InetSocketAddress("127.0.0.1", fake.port())).start())
                .isInstanceOf(KombifyException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + fake.port())
                .extracting(e -> ((KombifyException) e).code()).isEqualTo("IO_ERROR");
    }

    @Test
    void listensOnLoopbackAddressesOnly() {
        assertThatThrownBy(() -> HetznerCloudFake.builder().listen(new InetSocketAddress("0.0.0.0", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback addresses only, not on 0.0.0.0:0");
        assertThatThrownBy(() -> HetznerCloudFake.builder().listen(new InetSocketAddress("192.0.2.10", 8080)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192.0.2.10:8080");
        assertThatThrownBy(() -> HetznerCloudFake.builder().listen(InetSocketAddress.createUnresolved("localhost", 0)))
                .isInstanceOf(IllegalArgumentException.class);

        HetznerCloudFake fake = start(HetznerCloudFake.builder().listen(new InetSocketAddress("127.0.0.1", 0)));
        assertThat(fake.endpoint().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void rejectsNonsensicalSettings() {
        assertThatThrownBy(() -> HetznerCloudFake.builder().rateLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HetznerCloudFake.builder().actionPolls(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HetznerCloudFake.builder().recordRequests(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HetznerCloudFake.builder().token(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> start().resources("load_balancers"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("servers, ssh_keys");
    }
}
