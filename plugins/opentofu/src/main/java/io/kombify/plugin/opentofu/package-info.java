/**
 * The OpenTofu plugin: {@link io.kombify.plugin.opentofu.OpenTofuExporter} writes a stack's
 * resource graph as OpenTofu JSON configuration ({@code main.tf.json} and
 * {@code terraform.tfvars.json}) for the real {@code hetznercloud/hcloud} and
 * {@code kreuzwerker/docker} providers, and, when the {@code tofu} binary is there, runs
 * {@code tofu init}, {@code plan} and {@code apply} on it, turning tofu's machine-readable output
 * into kombify's progress events.
 */
package io.kombify.plugin.opentofu;
