/**
 * StackKits: blueprints of a homelab, their {@code stackkit.yaml} model, the catalogue of
 * built-in and provided kits, and the gates that check a spec's nodes against a kit.
 */
package io.kombify.spec.kit;
