package io.kombify.spec.model;

/**
 * Secret storage.
 *
 * @param backend        default {@code file}
 * @param rotationPolicy default {@code manual}
 */
public record SecretsConfig(SecretsBackend backend, RotationPolicy rotationPolicy) {
}
