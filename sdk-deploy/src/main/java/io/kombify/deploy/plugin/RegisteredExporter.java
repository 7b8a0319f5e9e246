package io.kombify.deploy.plugin;

import io.kombify.deploy.spi.ExportMode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An exporter the registry offers, and where it was found.
 *
 * @param format      the format it writes, as in {@code kombify export FORMAT}
 * @param description a one-line description, empty when the exporter gives none
 * @param modes       what it can do: write, and possibly plan and apply with the format's tool
 * @param source      {@code class path} or {@code plugin <id> <version>}
 * @param location    the plugin file, or the jar or directory of a class-path exporter, when known
 */
public record RegisteredExporter(String format, String description, Set<ExportMode> modes, String source,
                                 Optional<Path> location) {

    public RegisteredExporter {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(description, "description");
        modes = Set.copyOf(modes);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(location, "location");
    }

    /** Whether a plugin contributed it. */
    public boolean fromPlugin() {
        return !RegisteredProvider.CLASS_PATH.equals(source);
    }
}
