package io.kombify.deploy.plugin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A plugin the host loaded, as {@code kombify plugins list} shows it.
 *
 * @param id          the {@code Plugin-Id}
 * @param version     the {@code Plugin-Version}
 * @param description the {@code Plugin-Description}, empty when it has none
 * @param provider    who made it ({@code Plugin-Provider}), empty when unknown
 * @param path        the jar, zip or directory it was loaded from
 * @param state       where it stands
 */
public record PluginInfo(String id, String version, String description, String provider, Path path,
                         PluginStatus state) {

    public PluginInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(state, "state");
    }

    /** {@code plugin <id> <version>}, the way sources of providers are named. */
    public String label() {
        return "plugin " + id + " " + version;
    }
}
