package io.kombify.spec.model;

/**
 * Container logging.
 *
 * @param driver    default {@code journald}
 * @param retention such as {@code 7d} (default); units h, d, w, m
 * @param level     default {@code info}
 */
public record LoggingConfig(LogDriver driver, @Pattern(value = SpecPatterns.RETENTION, example = "7d") String retention, LogLevel level) {
}
