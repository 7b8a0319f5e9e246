package io.kombify.spec.model;

/**
 * CPU and memory of a service's container.
 *
 * @param cpuLimit      cores such as {@code "1.5"} (default {@code 1.0})
 * @param memoryLimit   such as {@code 512Mi} (default)
 * @param cpuRequest    cores reserved for scheduling
 * @param memoryRequest memory reserved for scheduling
 */
public record ServiceResources(
        @Pattern(value = SpecPatterns.CPU, example = "1.5") String cpuLimit,
        @Pattern(value = SpecPatterns.NODE_MEMORY, example = "512Mi") String memoryLimit,
        @Pattern(value = SpecPatterns.CPU, example = "0.5") String cpuRequest,
        @Pattern(value = SpecPatterns.NODE_MEMORY, example = "256Mi") String memoryRequest) {
}
