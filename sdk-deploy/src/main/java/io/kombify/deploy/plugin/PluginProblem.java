package io.kombify.deploy.plugin;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a plugin, or a provider in one, could not be used. The plugin host reports one for every
 * plugin it had to leave out (and keeps loading the others); the provider registry reports one
 * for every provider it had to ignore. {@code kombify plugins list} prints them under the table.
 *
 * @param plugin  the plugin id, the file name when the id is unknown (no or a broken descriptor),
 *                or {@code class path} for a provider found through {@link java.util.ServiceLoader};
 *                never {@code null}
 * @param path    the plugin file or directory (or the jar of a class-path provider), when known
 * @param code    stable upper-snake-case identifier, such as {@code PLUGIN_START_FAILED}
 * @param message what is wrong, for people
 * @param hint    what to do about it, for people; never {@code null}
 */
public record PluginProblem(String plugin, Optional<Path> path, String code, String message, String hint) {

    public PluginProblem {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    /** {@code CODE plugin: message} (the hint is left to the caller). */
    @Override
    public String toString() {
        return code + " " + plugin + ": " + message;
    }
}
