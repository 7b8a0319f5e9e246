/**
 * For implementers: {@link io.kombify.spec.spi.StackKitProvider} adds StackKits to the
 * built-in catalogue through {@link java.util.ServiceLoader}.
 */
package io.kombify.spec.spi;
