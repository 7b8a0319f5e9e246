package io.kombify.sim.cloud.hetzner;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kombify.core.KombifyException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful fake of the Hetzner Cloud API, served over HTTP on a local port, for tests of code
 * that talks to Hetzner Cloud: a provider, a script, or the official {@code hcloud} command
 * (pointed at it with {@code HCLOUD_ENDPOINT}). It follows the published API document: the same
 * paths under {@code /v1}, request bodies, response shapes, status codes and error envelope
 * {@code {"error": {"code", "message", "details"}}} with {@code details.fields} for
 * {@code invalid_input}; bearer-token authentication; {@code RateLimit-*} headers on every
 * response; {@code name}, {@code label_selector}, {@code sort} and pagination on every list.
 *
 * <pre>{@code
 * try (HetznerCloudFake fake = HetznerCloudFake.builder().start()) {
 *     URI api = fake.endpoint();          // http://127.0.0.1:PORT/v1
 *     String token = fake.token();        // "fake-token"
 *     // ... run the code under test against api with "Authorization: Bearer " + token
 *     assertThat(fake.resources("servers")).extracting(FakeResource::name).containsExactly("web-1");
 * }
 * }</pre>
 *
 * <p>It serves servers (with power actions and networks), SSH keys, networks (subnets, routes),
 * firewalls (rules, apply and remove), volumes (attach, detach, resize), primary IPs (assign, unassign),
 * actions, and a read-only catalogue of locations ({@code fsn1}, {@code nbg1}, {@code hel1},
 * {@code ash}), datacenters, server types ({@code cx22}, {@code cx32}, {@code cpx11},
 * {@code cpx21}, {@code cax11}) and system images ({@code debian-12}, {@code ubuntu-22.04},
 * {@code ubuntu-24.04}). Unknown paths answer {@code 404 not_found}.
 *
 * <p>Actions start {@code running} and finish after they have been polled
 * {@linkplain Builder#actionPolls(int) a number of times}: a request that reads the action, or
 * reads a resource it concerns ({@code GET /servers/{id}}, or a list that includes the server),
 * polls it once. Their effect (a server running, a
 * volume attached, rules replaced) applies when they succeed, so a client has to wait for them
 * as it must with the real API. Creating a resource and deleting one take effect at once.
 * {@link #faults()} plans rate limiting, unavailability, slow answers and failing actions. IDs count up from 1
 * and public addresses come from the documentation ranges ({@code 203.0.113.0/24},
 * {@code 198.51.100.0/24}, {@code 192.0.2.0/24}, {@code 2001:db8::/32}): with a fixed
 * {@linkplain Builder#clock(Clock) clock}, the same requests get byte-identical answers.
 *
 * <p>Each fake has its own state and port; it never prints. Instances are thread-safe: requests
 * are answered one at a time. Close the fake to free its port.
 */
public final class HetznerCloudFake implements AutoCloseable {
    /** The API's path prefix. */
    static final String PREFIX = "/v1";
    /** Requests kept for {@link #requests()} by default; older ones are forgotten. */
    static final int MAX_RECORDED = 100_000;
    /** The longest request body {@link #requests()} keeps, in characters; longer ones are cut. */
    static final int MAX_RECORDED_BODY = 64 * 1024;
    private static final int MAX_BODY = 1024 * 1024;
    /** How long {@link #close()} waits for requests being answered before it interrupts them. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final List<String> COLLECTIONS = List.of("servers", "ssh_keys", "networks", "firewalls", "volumes", "primary_ips");

    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService delayer;
    private final Routes routes = routes();
    private final Cloud cloud;
    private final Faults faults = new Faults();
    private final RateLimiter limiter;
    private final Clock clock;
    private final String token;
    private final URI endpoint;
    private final int recordRequests;
    private final ArrayDeque<FakeRequest> requests = new ArrayDeque<>();
    private long received;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HetznerCloudFake(Builder b) {
        this.clock = b.clock;
        this.token = b.token;
        this.recordRequests = b.recordRequests;
        this.cloud = new Cloud(b.clock, b.actionPolls, faults);
        this.limiter = new RateLimiter(b.rateLimit, b.clock.instant());
        try {
            this.server = HttpServer.create(b.listen, 0);
        } catch (IOException e) {
            throw new KombifyException("IO_ERROR", "the Hetzner Cloud fake cannot listen on " + b.listen.getHostString() + ":"
                    + b.listen.getPort() + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        // one thread per open exchange: a client that stalls while sending its body holds only its own
        String name = "hetzner-cloud-fake-" + server.getAddress().getPort() + "-";
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.delayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "delayed-answers");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        InetSocketAddress bound = server.getAddress();
        InetAddress address = bound.getAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        this.endpoint = URI.create("http://" + host + ":" + bound.getPort() + PREFIX);
    }

    /**
     * A builder with the defaults: 127.0.0.1 on a free port, token {@code fake-token}, 3600 requests
     * an hour, one poll per action, the last {@value #MAX_RECORDED} requests recorded.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The API's base address, {@code http://127.0.0.1:PORT/v1}, as {@code HCLOUD_ENDPOINT} takes it. */
    public URI endpoint() {
        return endpoint;
    }

    /** The bearer token the fake accepts. */
    public String token() {
        return token;
    }

    /** The port the fake listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Failures to plan for the next requests and actions. */
    public Faults faults() {
        return faults;
    }

    /**
     * The requests received so far, oldest first: the last {@linkplain Builder#recordRequests(int)
     * as many as are recorded} (by default {@value #MAX_RECORDED}). A body longer than
     * {@value #MAX_RECORDED_BODY} characters is kept cut to that length, followed by
     * {@code ...[truncated, N bytes in all]}.
     */
    public List<FakeRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many requests the fake has received, recorded or not. */
    public long requestCount() {
        synchronized (requests) {
            return received;
        }
    }

    /**
     * The resources of a collection as they are now, by ID: {@code servers}, {@code ssh_keys},
     * {@code networks}, {@code firewalls}, {@code volumes} or {@code primary_ips}.
     *
     * @throws IllegalArgumentException for any other collection
     */
    public List<FakeResource> resources(String collection) {
        synchronized (cloud) {
            Collection<? extends Resource> values = switch (Objects.requireNonNull(collection, "collection")) {
                case "servers" -> cloud.servers.values();
                case "ssh_keys" -> cloud.sshKeys.values();
                case "networks" -> cloud.networks.values();
                case "firewalls" -> cloud.firewalls.values();
                case "volumes" -> cloud.volumes.values();
                case "primary_ips" -> cloud.primaryIps.values();
                default -> throw new IllegalArgumentException("unknown collection '" + collection + "'; use one of "
                        + String.join(", ", COLLECTIONS));
            };
            return values.stream().map(r -> new FakeResource(r.id(), r.name(), Map.copyOf(r.labels()), Json.write(r.json()))).toList();
        }
    }

    /** Stops serving and frees the port. Closing twice does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        delayer.shutdownNow();
        executor.shutdown();
        boolean interrupted = false;
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "HetznerCloudFake[" + endpoint + "]";
    }

    /** Every operation the fake serves. */
    static Routes routes() {
        Routes r = new Routes();
        CatalogApi.register(r);
        ActionsApi.register(r);
        ServersApi.register(r);
        SshKeysApi.register(r);
        NetworksApi.register(r);
        FirewallsApi.register(r);
        VolumesApi.register(r);
        PrimaryIpsApi.register(r);
        return r;
    }

    private void handle(HttpExchange exchange) {
        RateLimiter.State rate;
        Routes.Reply reply;
        try {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            String query = uri.getRawQuery();
            Headers in = exchange.getRequestHeaders();
            byte[] raw = readBody(exchange.getRequestBody());
            String body = raw.length > MAX_BODY ? "" : new String(raw, StandardCharsets.UTF_8);
            Instant now = clock.instant();
            Duration planned = faults.takeRateLimit();
            if (planned != null) {
                rate = limiter.exhaustedFor(now, planned);
                reply = error(new ApiException(429, "rate_limit_exceeded", "limit of " + rate.limit() + " requests per hour reached"));
            } else if (faults.takeServerError()) {
                rate = limiter.peek(now);
                reply = error(new ApiException(503, "unavailable", "A service or product is currently not available"));
            } else if (!("Bearer " + token).equals(in.getFirst("Authorization"))) {
                rate = limiter.peek(now);
                reply = error(new ApiException(401, "unauthorized", "unable to authenticate"));
            } else {
                rate = limiter.take(now);
                if (!rate.allowed()) {
                    reply = error(new ApiException(429, "rate_limit_exceeded", "limit of " + rate.limit() + " requests per hour reached"));
                } else if (raw.length > MAX_BODY) {
                    reply = error(new ApiException(413, "invalid_input", "the request body is larger than " + MAX_BODY + " bytes"));
                } else {
                    reply = dispatch(method, path, query, body);
                }
            }
            record(new FakeRequest(method, path, query, recorded(body, raw.length), in.getFirst("Content-Type"), reply.status()));
        } catch (IOException e) {
            // the client went away before it finished its request
            exchange.close();
            return;
        }
        Duration delay = faults.takeDelay();
        if (delay == null) {
            answer(exchange, rate, reply);
            return;
        }
        try {
            delayer.schedule(() -> answer(exchange, rate, reply), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the fake is closing: the answer is never sent, as if the connection dropped
            exchange.close();
        }
    }

    private void record(FakeRequest request) {
        synchronized (requests) {
            received++;
            if (recordRequests == 0) {
                return;
            }
            if (requests.size() == recordRequests) {
                requests.removeFirst();
            }
            requests.addLast(request);
        }
    }

    /** A body as {@link #requests()} keeps it: cut after {@value #MAX_RECORDED_BODY} characters, with a marker. */
    static String recorded(String body, int bytes) {
        if (body.length() <= MAX_RECORDED_BODY) {
            return body;
        }
        int end = Character.isHighSurrogate(body.charAt(MAX_RECORDED_BODY - 1)) ? MAX_RECORDED_BODY - 1 : MAX_RECORDED_BODY;
        return body.substring(0, end) + "...[truncated, " + bytes + " bytes in all]";
    }

    private static void answer(HttpExchange exchange, RateLimiter.State rate, Routes.Reply reply) {
        try {
            Headers out = exchange.getResponseHeaders();
            out.set("RateLimit-Limit", String.valueOf(rate.limit()));
            out.set("RateLimit-Remaining", String.valueOf(rate.remaining()));
            out.set("RateLimit-Reset", String.valueOf(rate.reset()));
            if (reply.status() == 429) {
                out.set("Retry-After", String.valueOf(rate.retryAfterSeconds()));
            }
            if (reply.body() == null) {
                exchange.sendResponseHeaders(reply.status(), -1);
            } else {
                byte[] bytes = Json.write(reply.body()).getBytes(StandardCharsets.UTF_8);
                out.set("Content-Type", "application/json");
                exchange.sendResponseHeaders(reply.status(), bytes.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(bytes);
                }
            }
        } catch (IOException e) {
            // the client went away (or gave up waiting); there is no one left to answer
        } finally {
            exchange.close();
        }
    }

    private Routes.Reply dispatch(String method, String path, String query, String body) {
        try {
            if (!path.startsWith(PREFIX + "/")) {
                throw ApiException.notFound("no such API path: " + path + " (the API is served below " + PREFIX + ")");
            }
            Routes.Match match = routes.match(method, path.substring(PREFIX.length()));
            synchronized (cloud) {
                cloud.nextRequest();
                return match.route().handler().handle(new Routes.Call(cloud, match.params(), Query.parse(query), body));
            }
        } catch (ApiException e) {
            return error(e);
        } catch (RuntimeException e) {
            return error(new ApiException(500, "server_error", "the fake failed to answer " + method + " " + path + ": " + e));
        }
    }

    private static Routes.Reply error(ApiException e) {
        ObjectNode body = e.body();
        return new Routes.Reply(e.status(), body);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(MAX_BODY + 1);
        }
    }

    /** Settings of a fake; {@link #start()} starts one. */
    public static final class Builder {
        private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private String token = "fake-token";
        private int rateLimit = 3600;
        private int actionPolls = 1;
        private int recordRequests = MAX_RECORDED;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The loopback address and port to listen on; port 0 picks a free one. Default: loopback,
         * port 0. The fake serves this machine only.
         *
         * @throws IllegalArgumentException when the address is not a loopback address (such as
         *         {@code 0.0.0.0} or a LAN address) or is unresolved
         */
        public Builder listen(InetSocketAddress address) {
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("the Hetzner Cloud fake listens on loopback addresses only, not on "
                        + address.getHostString() + ":" + address.getPort() + "; use 127.0.0.1 or ::1");
            }
            this.listen = address;
            return this;
        }

        /**
         * The bearer token accepted; requests without it are answered {@code 401 unauthorized}.
         *
         * @throws IllegalArgumentException when blank
         */
        public Builder token(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("the token must not be blank");
            }
            this.token = token;
            return this;
        }

        /**
         * Requests allowed per hour (the real API's default is 3600); the budget refills
         * gradually and when it is spent requests are answered {@code 429 rate_limit_exceeded}.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder rateLimit(int perHour) {
            if (perHour < 1) {
                throw new IllegalArgumentException("the rate limit must be at least 1 request per hour: " + perHour);
            }
            this.rateLimit = perHour;
            return this;
        }

        /**
         * How many polls an action answers {@code running} before it finishes; 0 finishes it at
         * its first poll. A request that reads the action, or a resource it concerns, polls it
         * once. Default 1.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder actionPolls(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("actionPolls must not be negative: " + n);
            }
            this.actionPolls = n;
            return this;
        }

        /**
         * How many of the latest requests {@link HetznerCloudFake#requests()} keeps; 0 keeps none
         * (a long-running fake that nobody inspects). {@link HetznerCloudFake#requestCount()}
         * counts all of them either way. Default {@value HetznerCloudFake#MAX_RECORDED}.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder recordRequests(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("recordRequests must not be negative: " + max);
            }
            this.recordRequests = max;
            return this;
        }

        /** The clock for timestamps and the rate limit's refill. Default: the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts a fake with these settings.
         *
         * @throws KombifyException with code {@code IO_ERROR} when the address cannot be listened on
         */
        public HetznerCloudFake start() {
            return new HetznerCloudFake(this);
        }
    }
}
