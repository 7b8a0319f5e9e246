package io.kombify.deploy.plugin;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider the registry can make, and where it was found.
 *
 * @param name        the name resources refer to
 * @param description a one-line description, empty when the factory gives none
 * @param source      {@code class path} or {@code plugin <id> <version>}
 * @param location    the plugin file, or the jar or directory of a class-path provider, when known
 */
public record RegisteredProvider(String name, String description, String source, Optional<Path> location) {

    /** The source of providers found through {@link java.util.ServiceLoader}. */
    public static final String CLASS_PATH = "class path";

    public RegisteredProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(location, "location");
    }

    /** Whether a plugin contributed it. */
    public boolean fromPlugin() {
        return !CLASS_PATH.equals(source);
    }
}
