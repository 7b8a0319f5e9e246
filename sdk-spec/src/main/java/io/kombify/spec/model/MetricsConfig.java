package io.kombify.spec.model;

/**
 * Metrics collection.
 *
 * @param enabled      default false
 * @param nodeExporter the node exporter (enabled by default)
 * @param cadvisor     cAdvisor (disabled by default)
 */
public record MetricsConfig(Boolean enabled, Toggle nodeExporter, Toggle cadvisor) {
}
