package io.kombify.spec.model;

/**
 * Monitoring, logging and backups.
 *
 * @param logging  container logging
 * @param metrics  metrics collection
 * @param health   health checks
 * @param alerting alert channels
 * @param backup   backups
 */
public record ObservabilityConfig(LoggingConfig logging, MetricsConfig metrics, HealthConfig health, AlertingConfig alerting, BackupConfig backup) {
}
