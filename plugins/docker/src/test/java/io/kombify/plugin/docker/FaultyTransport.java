package io.kombify.plugin.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import io.kombify.deploy.spi.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A Docker HTTP transport that fails the next calls the way a real engine or network does: a
 * 429 answer, a refused connection, or a call that takes effect but whose answer is lost (a read
 * timeout after the engine did the work); or that answers chosen requests as a faulty engine
 * would. Everything else goes to the real engine.
 */
final class FaultyTransport implements DockerHttpClient {

    /** The kinds this transport can produce. */
    static final Set<ErrorKind> KINDS = EnumSet.of(ErrorKind.RATE_LIMITED, ErrorKind.UNAVAILABLE, ErrorKind.TIMEOUT);

    private final DockerHttpClient delegate;
    private final Faults faults;

    FaultyTransport(DockerHttpClient delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    /** The failures to come, shared by the transports of every endpoint of one provider. */
    static final class Faults {
        private ErrorKind kind;
        private int remaining;
        private int failed;
        private Predicate<Request> matching = r -> false;
        private int status;
        private String body;

        /** Every request {@code matching} gets this answer from now on, as if the engine gave it. */
        synchronized void answer(Predicate<Request> matching, int status, String body) {
            this.matching = matching;
            this.status = status;
            this.body = body;
        }

        private synchronized Response canned(Request request) {
            return matching.test(request) ? FaultyTransport.answer(status, body) : null;
        }

        /** The next {@code calls} requests fail with {@code kind}. */
        synchronized void failNext(ErrorKind kind, int calls) {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("cannot inject " + kind);
            }
            this.kind = kind;
            this.remaining = calls;
        }

        /** How many requests failed so far. */
        synchronized int failed() {
            return failed;
        }

        private synchronized ErrorKind take() {
            if (remaining <= 0) {
                return null;
            }
            remaining--;
            failed++;
            return kind;
        }
    }

    @Override
    public Response execute(Request request) {
        Response canned = faults.canned(request);
        if (canned != null) {
            return canned;
        }
        ErrorKind k = faults.take();
        if (k == null) {
            return delegate.execute(request);
        }
        return switch (k) {
            case RATE_LIMITED -> answer(429, "{\"message\":\"injected: too many requests\"}");
            case UNAVAILABLE -> throw new RuntimeException(new ConnectException("injected: Connection refused"));
            case TIMEOUT -> {
                delegate.execute(request).close();
                throw new RuntimeException(new SocketTimeoutException("injected: Read timed out"));
            }
            default -> throw new IllegalStateException(k.toString());
        };
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    private static Response answer(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Response() {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            public Map<String, List<String>> getHeaders() {
                return Map.of("Content-Type", List.of("application/json"));
            }

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public void close() {
            }
        };
    }
}
