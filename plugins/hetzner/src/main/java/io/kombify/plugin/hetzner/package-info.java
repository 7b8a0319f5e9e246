/**
 * The Hetzner Cloud provider plugin: {@link io.kombify.plugin.hetzner.HetznerProviderFactory} is the
 * PF4J extension the plugin host finds, {@link io.kombify.plugin.hetzner.HetznerProvider} keeps the
 * provider contract over the Hetzner Cloud API (OkHttp, JSON through the host's Jackson), and
 * {@link io.kombify.plugin.hetzner.HetznerSettings} holds the provider settings. Plugins are loaded
 * on the class path of their own class loader, so this package is not part of a named module.
 */
package io.kombify.plugin.hetzner;
