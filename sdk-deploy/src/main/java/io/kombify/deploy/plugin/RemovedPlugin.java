package io.kombify.deploy.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PluginInstaller#remove} did.
 *
 * @param id       the id (or file name) asked for
 * @param versions the versions removed; empty when a broken file was removed by its name
 * @param removed  the files or directories removed
 * @param message  one sentence for the user, such as {@code removed docker 1.1.0}
 */
public record RemovedPlugin(String id, List<String> versions, List<Path> removed, String message) {

    public RemovedPlugin {
        Objects.requireNonNull(id, "id");
        versions = List.copyOf(versions);
        removed = List.copyOf(removed);
        Objects.requireNonNull(message, "message");
    }
}
