package io.kombify.plugin.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * One Docker client per endpoint, made when first needed and kept until {@link #close()}.
 * Thread-safe: clients are shared by every thread of an apply (each pools its connections).
 */
final class Engines implements AutoCloseable {

    /** Opens a client for an endpoint; tests pass their own to wrap the HTTP transport. */
    @FunctionalInterface
    interface Opener {
        DockerClient open(String endpoint);
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long a call may go without a byte of answer, beyond the seconds a stopping container
     * is given ({@link DockerSettings#stopTimeout()}), during which a stop answers nothing. A
     * pull streams its progress, so this bounds the silence between two messages, not the pull.
     */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_CONNECTIONS = 32;

    private final Opener opener;
    private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Engines(Opener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** The client of {@code endpoint}. */
    DockerClient client(String endpoint) {
        DockerClient open = clients.get(endpoint);
        if (open != null && !closed) {
            return open;
        }
        synchronized (this) {
            // Under the lock close() also takes, so that no client is made after close() took the open ones.
            if (closed) {
                throw new IllegalStateException("this Docker provider is closed");
            }
            return clients.computeIfAbsent(endpoint, opener::open);
        }
    }

    /** Closes every client; later calls fail. */
    @Override
    public void close() {
        List<DockerClient> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(clients.values());
            clients.clear();
        }
        for (DockerClient c : open) {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // nothing the caller could do about a connection that does not close cleanly
            }
        }
    }

    /** The opener for real engines, with TLS for {@code tcp://} endpoints when the settings say so. */
    static Opener standard(DockerSettings settings) {
        return endpoint -> open(settings, endpoint, UnaryOperator.identity());
    }

    /** How long a call of a client made with {@code settings} may wait for an answer. */
    static Duration responseTimeout(DockerSettings settings) {
        return RESPONSE_TIMEOUT.plusSeconds(settings.stopTimeout());
    }

    /** A client of {@code endpoint} whose HTTP transport {@code wrap} may decorate. */
    static DockerClient open(DockerSettings settings, String endpoint, UnaryOperator<DockerHttpClient> wrap) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint);
        if (endpoint.startsWith("tcp://") && settings.certPath().isPresent()) {
            builder.withDockerTlsVerify(true).withDockerCertPath(settings.certPath().get().toString());
        } else {
            builder.withDockerTlsVerify(false);
        }
        DefaultDockerClientConfig config = builder.build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout(settings))
                .maxConnections(MAX_CONNECTIONS)
                .build();
        return DockerClientImpl.getInstance(config, wrap.apply(http));
    }
}
