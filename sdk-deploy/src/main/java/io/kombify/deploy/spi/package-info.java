/**
 * For provider authors: a {@link io.kombify.deploy.spi.Provider} manages resources of the types
 * it declares; a {@link io.kombify.deploy.spi.ProviderFactory} makes one from configuration and
 * is found through {@link java.util.ServiceLoader} or, in a plugin, through the PF4J extension
 * point {@link io.kombify.deploy.plugin.ProviderExtension}. An {@link io.kombify.deploy.spi.Exporter}
 * writes a stack's resource graph in another tool's format (and may run that tool), found the same
 * ways through {@link io.kombify.deploy.plugin.ExporterExtension}. This package uses only JDK and
 * {@code io.kombify} types.
 */
package io.kombify.deploy.spi;
