package io.kombify.deploy.plugin;

import io.kombify.deploy.spi.Exporter;
import org.pf4j.ExtensionPoint;

/**
 * The PF4J extension point for exporter plugins: a plugin annotates a class implementing this
 * interface with {@code @org.pf4j.Extension}, and the {@link ExporterRegistry} offers its
 * {@link Exporter} beside those found through {@link java.util.ServiceLoader}. Everything an
 * exporter does is in the PF4J-free {@link io.kombify.deploy.spi} package; this interface only
 * makes an exporter discoverable in a plugin, as {@link ProviderExtension} does for providers.
 */
public interface ExporterExtension extends Exporter, ExtensionPoint {
}
