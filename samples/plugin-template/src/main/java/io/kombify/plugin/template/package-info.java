/**
 * A minimal provider plugin, to copy when writing one: the provider {@code template} keeps
 * {@code file} resources in a directory. {@link io.kombify.plugin.template.TemplateProviderFactory}
 * is the PF4J extension the plugin host finds; {@link io.kombify.plugin.template.TemplateProvider}
 * keeps the provider contract. Plugins are loaded on the class path of their own class loader,
 * so this package is not part of a named module.
 */
package io.kombify.plugin.template;
