package io.kombify.spec.model;

/**
 * Health checks of services.
 *
 * @param enabled  default true
 * @param interval such as {@code 30s} (default); units s, m, h
 * @param timeout  such as {@code 10s} (default)
 */
public record HealthConfig(Boolean enabled, @Pattern(value = SpecPatterns.DURATION, example = "30s") String interval, @Pattern(value = SpecPatterns.DURATION, example = "10s") String timeout) {
}
