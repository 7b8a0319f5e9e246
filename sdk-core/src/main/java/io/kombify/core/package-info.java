/**
 * Shared building blocks of the kombify SDK: {@link io.kombify.core.Diagnostic}s, the
 * {@link io.kombify.core.KombifyException} root, quantities ({@link io.kombify.core.ByteSize},
 * {@link io.kombify.core.CpuQuantity}), secret references and a ranked service loader.
 */
package io.kombify.core;
