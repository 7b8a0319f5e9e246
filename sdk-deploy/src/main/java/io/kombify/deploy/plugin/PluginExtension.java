package io.kombify.deploy.plugin;

import java.util.Objects;

/**
 * An extension a started plugin contributes, with the plugin it came from.
 *
 * @param extension the instance, made by the plugin's class loader
 * @param plugin    the plugin that contributed it
 * @param <T>       the extension point
 */
public record PluginExtension<T>(T extension, PluginInfo plugin) {

    public PluginExtension {
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(plugin, "plugin");
    }
}
