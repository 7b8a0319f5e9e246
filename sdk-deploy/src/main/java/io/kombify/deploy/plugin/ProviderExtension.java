package io.kombify.deploy.plugin;

import io.kombify.deploy.spi.ProviderFactory;
import org.pf4j.ExtensionPoint;

/**
 * The PF4J extension point for provider plugins: a plugin annotates a class implementing this
 * interface with {@code @org.pf4j.Extension}, and the plugin host registers its
 * {@link ProviderFactory} beside those found through {@link java.util.ServiceLoader}. Everything a
 * provider does is in the PF4J-free {@link io.kombify.deploy.spi} package; this interface only
 * makes a factory discoverable in a plugin.
 */
public interface ProviderExtension extends ProviderFactory, ExtensionPoint {
}
