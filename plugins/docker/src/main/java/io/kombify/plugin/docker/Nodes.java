package io.kombify.plugin.docker;

import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The engines of the stack's nodes: which endpoint a node uses ({@link DockerSettings}) and the
 * client of each endpoint ({@link Engines}). Thread-safe.
 */
final class Nodes {
    /** The codes of an engine that could not be reached or did not answer. */
    private static final Set<String> UNREACHABLE = Set.of("DOCKER_UNREACHABLE", "DOCKER_TIMEOUT");

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
        settings.lookalikeOf(node).ifPresent(setting -> {
            throw new ProviderException(ErrorKind.INVALID, "DOCKER_SETTING_INVALID", "node " + node + " has no setting "
                    + DockerSettings.settingFor(node) + ", but " + setting + " is set, which looks like a misspelling of it; "
                    + "kombify does not fall back to " + settings.defaultEndpoint() + " (" + settings.defaultSource()
                    + ") for that node. Fix the name of the setting, or if " + setting.substring(DockerSettings
                    .NODE_ENDPOINT_PREFIX.length()) + " is another node, name node " + node + "'s engine too: "
                    + "--provider-setting " + DockerSettings.settingFor(node) + "=ENDPOINT", null, null);
        });
        String endpoint = settings.endpointFor(node);
        return new Target(node, endpoint, engines.client(endpoint));
    }

    /**
     * The first thing {@code finder} finds on any engine of the stack, asked in the order of
     * {@link DockerSettings#endpoints()}. An engine that cannot be reached is skipped, since
     * what is looked for may be on another; only when nothing is found anywhere while an engine
     * was unreachable does the search fail, with that engine's failure (the thing may be there).
     */
    <T> Optional<T> search(Function<Target, Optional<T>> finder) {
        ProviderException unreachable = null;
        for (String endpoint : settings.endpoints()) {
            try {
                Optional<T> found = finder.apply(at(endpoint));
                if (found.isPresent()) {
                    return found;
                }
            } catch (ProviderException e) {
                if (!UNREACHABLE.contains(e.code())) {
                    throw e;
                }
                if (unreachable == null) {
                    unreachable = e;
                } else {
                    unreachable.addSuppressed(e);
                }
            }
        }
        if (unreachable != null) {
            throw unreachable;
        }
        return Optional.empty();
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
