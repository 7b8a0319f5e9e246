package io.kombify.plugin.docker;

import java.util.Map;
import java.util.Objects;

/**
 * The engines of the stack's nodes: which endpoint a node uses ({@link DockerSettings}) and the
 * client of each endpoint ({@link Engines}). Thread-safe.
 */
final class Nodes {
    private final DockerSettings settings;
    private final Engines engines;

    Nodes(DockerSettings settings, Engines engines) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.engines = Objects.requireNonNull(engines, "engines");
    }

    DockerSettings settings() {
        return settings;
    }

    /** The engine of {@code node} ({@code null} when a resource names no node: the default engine). */
    Target target(String node) {
        String endpoint = settings.endpointFor(node);
        return new Target(node, endpoint, engines.client(endpoint));
    }

    /** The engine at {@code endpoint}, named after a node that uses it when there is one. */
    Target at(String endpoint) {
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(settings.nodeEndpoints()).entrySet()) {
            if (e.getValue().equals(endpoint)) {
                return new Target(e.getKey(), endpoint, engines.client(endpoint));
            }
        }
        return new Target(null, endpoint, engines.client(endpoint));
    }
}
