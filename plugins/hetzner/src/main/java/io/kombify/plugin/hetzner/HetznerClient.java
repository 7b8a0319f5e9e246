package io.kombify.plugin.hetzner;

import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Hetzner Cloud API over one {@link OkHttpClient}: JSON requests with the bearer token,
 * errors as {@link ProviderException}s of the matching {@link ErrorKind}, list calls followed
 * through every page, the rate-limit headers kept to ({@link RateLimitGate}) and actions polled
 * until they end. Thread-safe; {@link #close()} releases the connections.
 *
 * <p>How HTTP answers map: 401 and 403 are {@code UNAUTHORIZED} (but {@code resource_limit_exceeded}
 * is {@code QUOTA_EXCEEDED}), 404 {@code NOT_FOUND}, 409 {@code uniqueness_error} (a name or key
 * already taken, which waiting does not change) {@code INVALID} with the code
 * {@value #NAME_TAKEN}, other 409 and 423 ({@code conflict}, {@code locked}) {@code CONFLICT},
 * 400 and 422 {@code INVALID} with the API's field details, 429 {@code RATE_LIMITED} with the
 * {@code Retry-After} the API gave, 5xx {@code UNAVAILABLE}; a request that times out is
 * {@code TIMEOUT}, one that cannot reach the API {@code UNAVAILABLE}. Messages name the method,
 * the path, the API's code and message, never the token.
 */
final class HetznerClient implements AutoCloseable {

    /** The code of a failure of an action the API ran (not retried). */
    static final String ACTION_FAILED = "HETZNER_ACTION_FAILED";
    /** The code of an action that ran longer than the action timeout. */
    static final String ACTION_TIMEOUT = "HETZNER_ACTION_TIMEOUT";
    /** The code of a request refused because a name (or an SSH key) is taken in the project. */
    static final String NAME_TAKEN = "HETZNER_NAME_TAKEN";
    /** The code of a call given up because its thread was interrupted. */
    static final String INTERRUPTED = "HETZNER_INTERRUPTED";

    private static final MediaType JSON = MediaType.get("application/json");
    /** The longest wait between two polls of an action, as a multiple of the poll interval. */
    private static final int MAX_POLL_FACTOR = 10;
    private static final int PER_PAGE = 50;
    private static final int MAX_PAGES = 10_000;

    private final OkHttpClient http;
    private final HttpUrl base;
    private final ApiToken token;
    private final HetznerSettings settings;
    private final RateLimitGate gate = new RateLimitGate(System::currentTimeMillis);
    private final String userAgent;

    HetznerClient(HetznerSettings settings, ApiToken token, String version) {
        this.settings = settings;
        this.token = token;
        this.base = HttpUrl.get(settings.endpoint().toString());
        this.userAgent = "kombify-hetzner/" + version;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(settings.requestTimeout())
                .readTimeout(settings.requestTimeout())
                .writeTimeout(settings.requestTimeout())
                .callTimeout(settings.requestTimeout())
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    HetznerSettings settings() {
        return settings;
    }

    /** GET of one object; a 404 fails with {@code NOT_FOUND}. */
    Map<String, Object> get(String path, String... query) {
        return send("GET", path, query, null);
    }

    /** GET of one object, or empty when the API answers 404. */
    Optional<Map<String, Object>> find(String path, String key) {
        try {
            Map<String, Object> body = send("GET", path, new String[0], null);
            return Json.hasObj(body, key) ? Optional.of(Json.obj(body, key)) : Optional.empty();
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** POST with a JSON body, or with an empty one when {@code body} is {@code null} (actions that take no input). */
    Map<String, Object> post(String path, Object body) {
        return send("POST", path, new String[0], body);
    }

    Map<String, Object> put(String path, Object body) {
        return send("PUT", path, new String[0], body);
    }

    /** DELETE; succeeds when the object is already gone, and then answers an empty map. */
    Map<String, Object> delete(String path) {
        try {
            return send("DELETE", path, new String[0], null);
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Map.of();
            }
            throw e;
        }
    }

    /** Every object of a list call ({@code key} names the array in the answer), following the pages. */
    List<Map<String, Object>> list(String path, String key, String... query) {
        List<Map<String, Object>> all = new ArrayList<>();
        long page = 1;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            String[] q = new String[query.length + 4];
            System.arraycopy(query, 0, q, 0, query.length);
            q[query.length] = "page";
            q[query.length + 1] = Long.toString(page);
            q[query.length + 2] = "per_page";
            q[query.length + 3] = Integer.toString(PER_PAGE);
            Map<String, Object> body = send("GET", path, q, null);
            all.addAll(Json.objects(body, key));
            Optional<Long> next = Json.num(Json.obj(Json.obj(body, "meta"), "pagination"), "next_page");
            if (next.isEmpty() || next.get() <= page) {
                return all;
            }
            page = next.get();
        }
        throw new ProviderException(ErrorKind.FATAL, "GET /" + path + " answered more than " + MAX_PAGES + " pages");
    }

    /** Waits until each action ends; the first that fails fails the call. */
    void awaitAll(Collection<Map<String, Object>> actions) {
        for (Map<String, Object> action : actions) {
            await(action);
        }
    }

    /**
     * Polls {@code GET /actions/{id}} until the action ends, first after the poll interval, then
     * less often (half as long again each time, at most ten poll intervals apart).
     *
     * @throws ProviderException {@value #ACTION_FAILED} (not retried) with the API's error code and
     *                           message when it ends in error; {@value #ACTION_TIMEOUT} of kind
     *                           {@code TIMEOUT} when it runs longer than the action timeout (a create
     *                           retried after it finds its object by its key and waits again, see
     *                           {@link #notRetried}); {@code UNAVAILABLE} when the API no longer knows
     *                           the action, so a retry asks again
     */
    void await(Map<String, Object> action) {
        if (action.isEmpty()) {
            return;
        }
        long id = Json.id(action);
        Map<String, Object> current = action;
        long started = System.nanoTime();
        long deadline = started + settings.actionTimeout().toNanos();
        long delay = Math.max(1, settings.pollInterval().toMillis());
        long maxDelay = delay * MAX_POLL_FACTOR;
        while (true) {
            String status = Json.str(current, "status").orElse("running");
            if (status.equals("success")) {
                return;
            }
            if (status.equals("error")) {
                throw actionFailed(current);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ProviderException(ErrorKind.TIMEOUT, ACTION_TIMEOUT, "Hetzner Cloud action "
                        + Json.str(current, "command").orElse("") + " (" + id + ") is still running after "
                        + seconds(settings.actionTimeout()) + " (setting " + HetznerSettings.ACTION_TIMEOUT + ")", null, null);
            }
            sleep(Math.min(delay, Math.max(1, left / 1_000_000)), "action " + id);
            delay = Math.min(maxDelay, delay + delay / 2 + 1);
            Optional<Map<String, Object>> read = find("actions/" + id, "action");
            if (read.isEmpty()) {
                throw new ProviderException(ErrorKind.UNAVAILABLE, ErrorKind.UNAVAILABLE.code(), "Hetzner Cloud no longer knows action "
                        + Json.str(current, "command").orElse("") + " (" + id + ") while it was running; asking again finds out how"
                        + " it ended", null, null);
            }
            current = read.get();
        }
    }

    /** Waits for the actions still running on an object, such as those of a create whose answer was lost. */
    void awaitRunning(String collection, long id) {
        awaitAll(list(collection + "/" + id + "/actions", "actions", "status", "running"));
    }

    /** The newest action of an object that ended in error, if any. */
    Optional<Map<String, Object>> failedAction(String collection, long id) {
        return Json.newest(list(collection + "/" + id + "/actions", "actions", "status", "error"));
    }

    /**
     * {@code failure} as one that is not retried when it is an action that ran out of time: for a
     * call whose retry would not find the action again (an update, or a create that already
     * waited once for the object it found by its key), so an action that hangs costs one action
     * timeout and not one per attempt.
     */
    static ProviderException notRetried(ProviderException failure) {
        if (!ACTION_TIMEOUT.equals(failure.code()) || !failure.retryable()) {
            return failure;
        }
        return new ProviderException(ErrorKind.FATAL, ACTION_TIMEOUT, failure.getMessage() + "; it may still finish at Hetzner:"
                + " see `hcloud <resource> describe`, then plan again", null, failure);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "HetznerClient(" + base + ")";
    }

    // ---------------------------------------------------------------- requests

    private Map<String, Object> send(String method, String path, String[] query, Object body) {
        HttpUrl.Builder url = base.newBuilder().addPathSegments(path);
        for (int i = 0; i + 1 < query.length; i += 2) {
            url.addQueryParameter(query[i], query[i + 1]);
        }
        RequestBody requestBody = body != null ? RequestBody.create(Json.write(body), JSON)
                : method.equals("POST") || method.equals("PUT") ? RequestBody.create(new byte[0], null) : null;
        Request request = new Request.Builder()
                .url(url.build())
                .header("Authorization", token.bearer())
                .header("Accept", "application/json")
                .header("User-Agent", userAgent)
                .method(method, requestBody)
                .build();
        String what = method + " /" + path;
        try {
            gate.acquire(settings.rateLimitWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(what);
        }
        boolean recorded = false;
        try (Response response = http.newCall(request).execute()) {
            gate.record(response.header("RateLimit-Limit"), response.header("RateLimit-Remaining"),
                    response.header("RateLimit-Reset"));
            recorded = true;
            byte[] bytes = response.body().bytes();
            if (response.isSuccessful()) {
                if (bytes.length == 0) {
                    return Map.of();
                }
                Object parsed;
                try {
                    parsed = Json.parse(bytes);
                } catch (IllegalArgumentException e) {
                    throw new ProviderException(ErrorKind.FATAL, ErrorKind.FATAL.code(), "Hetzner Cloud answered " + what
                            + " with a body that is not JSON", null, e);
                }
                return Json.asObject(parsed);
            }
            throw failure(what, response, bytes);
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted() || "interrupted".equals(e.getMessage())) {
                // Okio reports an interrupt as "interrupted"; the thread keeps its status.
                Thread.currentThread().interrupt();
                throw interrupted(what);
            }
            throw new ProviderException(ErrorKind.TIMEOUT, ErrorKind.TIMEOUT.code(), what + " to Hetzner Cloud timed out after "
                    + seconds(settings.requestTimeout()), null, e);
        } catch (IOException e) {
            throw new ProviderException(ErrorKind.UNAVAILABLE, ErrorKind.UNAVAILABLE.code(), "cannot reach Hetzner Cloud at "
                    + base.host() + ":" + base.port() + " for " + what + ": " + e.getMessage(), null, e);
        } finally {
            if (!recorded) {
                gate.record(null, null, null);
            }
        }
    }

    private ProviderException failure(String what, Response response, byte[] bytes) {
        int status = response.code();
        Map<String, Object> error = Map.of();
        try {
            error = Json.obj(Json.parse(bytes), "error");
        } catch (IllegalArgumentException e) {
            // a proxy's page, not the API's error: the status says enough
        }
        String code = Json.str(error, "code").orElse("");
        String message = Json.str(error, "message").orElse(response.message());
        ErrorKind kind = kindOf(status, code);
        String ourCode = code.equals("uniqueness_error") ? NAME_TAKEN : kind.code();
        StringBuilder text = new StringBuilder("Hetzner Cloud refused ").append(what).append(": ").append(message)
                .append(" (").append(code.isEmpty() ? "" : code + ", ").append("HTTP ").append(status).append(')');
        String fields = fieldDetails(Json.obj(error, "details"));
        if (!fields.isEmpty()) {
            text.append("; ").append(fields);
        }
        Duration retryAfter = null;
        if (kind == ErrorKind.RATE_LIMITED) {
            retryAfter = retryAfter(response.header("Retry-After")).orElseGet(gate::retryAfterRefusal);
        } else if (kind == ErrorKind.UNAVAILABLE) {
            retryAfter = retryAfter(response.header("Retry-After")).orElse(null);
        }
        return new ProviderException(kind, ourCode, text.toString(), retryAfter, null);
    }

    static ErrorKind kindOf(int status, String code) {
        switch (code) {
            case "rate_limit_exceeded":
                return ErrorKind.RATE_LIMITED;
            case "conflict", "locked":
                return ErrorKind.CONFLICT;
            case "resource_limit_exceeded", "placement_error", "resource_unavailable":
                return ErrorKind.QUOTA_EXCEEDED;
            case "unauthorized", "forbidden", "token_readonly":
                return ErrorKind.UNAUTHORIZED;
            case "not_found":
                return ErrorKind.NOT_FOUND;
            case "uniqueness_error", "invalid_input", "json_error", "protected", "unsupported_error":
                return ErrorKind.INVALID;
            case "server_error", "service_error", "maintenance", "timeout", "unavailable":
                return ErrorKind.UNAVAILABLE;
            default:
                break;
        }
        if (status == 429) {
            return ErrorKind.RATE_LIMITED;
        }
        if (status == 401 || status == 403) {
            return ErrorKind.UNAUTHORIZED;
        }
        if (status == 404) {
            return ErrorKind.NOT_FOUND;
        }
        if (status == 409 || status == 423) {
            return ErrorKind.CONFLICT;
        }
        if (status == 400 || status == 422) {
            return ErrorKind.INVALID;
        }
        if (status >= 500) {
            return ErrorKind.UNAVAILABLE;
        }
        return ErrorKind.FATAL;
    }

    /** The API's field errors ({@code details.fields[].name/messages}) as text. */
    private static String fieldDetails(Map<String, Object> details) {
        StringJoiner joiner = new StringJoiner("; ");
        for (Map<String, Object> field : Json.objects(details, "fields")) {
            List<String> messages = Json.strings(field, "messages");
            joiner.add("field " + Json.str(field, "name").orElse("?")
                    + (messages.isEmpty() ? "" : ": " + String.join(", ", messages)));
        }
        return joiner.toString();
    }

    /** A {@code Retry-After} of seconds or an HTTP date. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT));
                Duration d = Duration.ofMillis(at.toInstant().toEpochMilli() - System.currentTimeMillis());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }

    /** The failure of an action that ended in error. */
    static ProviderException actionFailed(Map<String, Object> action) {
        Map<String, Object> error = Json.obj(action, "error");
        String command = Json.str(action, "command").orElse("?");
        StringJoiner on = new StringJoiner(", ");
        for (Map<String, Object> r : Json.objects(action, "resources")) {
            on.add(Json.str(r, "type").orElse("?") + " " + Json.num(r, "id").map(String::valueOf).orElse("?"));
        }
        return new ProviderException(ErrorKind.FATAL, ACTION_FAILED, "Hetzner Cloud action " + command + " ("
                + Json.num(action, "id").orElse(0L) + (on.length() == 0 ? "" : " on " + on) + ") failed: "
                + Json.str(error, "message").orElse("no message") + " (" + Json.str(error, "code").orElse("no code") + ")",
                null, null);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static void sleep(long millis, String what) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(what);
        }
    }

    private static ProviderException interrupted(String what) {
        return new ProviderException(ErrorKind.FATAL, INTERRUPTED, "interrupted while waiting for " + what, null, null);
    }
}
