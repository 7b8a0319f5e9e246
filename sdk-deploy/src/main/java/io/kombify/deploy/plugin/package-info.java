/**
 * Provider plugins: {@link io.kombify.deploy.plugin.PluginHost} loads and starts the PF4J plugins
 * in a directory (delegating {@code io.kombify.*} classes to the host so a plugin never carries a
 * second copy of the SDK), {@link io.kombify.deploy.plugin.ProviderRegistry} merges the providers it
 * finds with those on the class path and says where each came from, and
 * {@link io.kombify.deploy.plugin.PluginInstaller} checks plugin archives and installs or removes
 * them. A plugin contributes providers through {@link io.kombify.deploy.plugin.ProviderExtension}, and
 * exporters (another tool's configuration format, such as OpenTofu's) through
 * {@link io.kombify.deploy.plugin.ExporterExtension}, which {@link io.kombify.deploy.plugin.ExporterRegistry}
 * merges with those on the class path.
 */
package io.kombify.deploy.plugin;
