package io.kombify.deploy.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PluginInstaller#install} did.
 *
 * @param id              the plugin's id
 * @param version         the version installed
 * @param path            where it is now
 * @param previousVersion the version it replaced, if one was installed
 * @param replaced        the files or directories of the replaced version, now removed
 * @param message         one sentence for the user, such as {@code upgraded docker from 1.0.0 to 1.1.0}
 */
public record InstalledPlugin(String id, String version, Path path, Optional<String> previousVersion,
                              List<Path> replaced, String message) {

    public InstalledPlugin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(previousVersion, "previousVersion");
        replaced = List.copyOf(replaced);
        Objects.requireNonNull(message, "message");
    }
}
