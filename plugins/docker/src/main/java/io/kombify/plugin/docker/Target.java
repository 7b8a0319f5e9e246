package io.kombify.plugin.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.function.Supplier;

/**
 * The engine of one node as a call needs it: the client, and how to name the node and endpoint
 * in messages. Every Docker call goes through {@link #call}, which turns failures into
 * {@link io.kombify.deploy.spi.ProviderException}s.
 *
 * @param node     the node, or {@code null} when the resource names none
 * @param endpoint the node's engine
 * @param client   the client of that engine
 */
record Target(String node, String endpoint, DockerClient client) {

    /** {@code node home (unix:///var/run/docker.sock)}. */
    String where() {
        return node == null ? "the Docker Engine at " + endpoint : "node " + node + " (" + endpoint + ")";
    }

    /** Runs {@code action}, a Docker call that does {@code what}; failures become provider exceptions. */
    <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw DockerFailures.of(e, what, where(), DockerSettings.settingFor(node));
        }
    }

    /** {@link #call} for an action without a result. */
    void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }
}
