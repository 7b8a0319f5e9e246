package io.kombify.spec.model;

/**
 * Health checks of services.
 *
 * @param enabled  default true
 * @param interval such as {@code 30s} (default); units s, m, h
 * @param timeout  such as {@code 10s} (default)
 */
public record HealthConfig(Boolean enabled, String interval, String timeout) {
}
