package io.kombify.spec.resolved;

import io.kombify.spec.model.AlertChannel;
import io.kombify.spec.model.BackupContent;
import io.kombify.spec.model.BackupTargetType;
import io.kombify.spec.model.LogDriver;
import io.kombify.spec.model.LogLevel;

import java.time.Duration;
import java.util.List;

/**
 * Logging, metrics, health checks, alerting and backups with defaults applied (journald 7d
 * info; metrics off; health every 30s with a 10s timeout; alerting off; backups off, daily at
 * 03:00 kept 30d to {@code /var/backups/techstack}, volumes and configs).
 *
 * @param logging  log shipping
 * @param metrics  metrics collection
 * @param health   health checks
 * @param alerting alert channels
 * @param backup   backups
 */
public record ResolvedObservability(Logging logging, Metrics metrics, Health health, Alerting alerting, Backup backup) {

    /** Logging; {@code retention} as written, such as {@code 7d} ({@code m} is months). */
    public record Logging(LogDriver driver, String retention, LogLevel level) {
    }

    /** Metrics collection. */
    public record Metrics(boolean enabled, boolean nodeExporter, boolean cadvisor) {
    }

    /** Health checks. */
    public record Health(boolean enabled, Duration interval, Duration timeout) {
    }

    /** Alerting. */
    public record Alerting(boolean enabled, List<AlertChannel> channels) {
        public Alerting {
            channels = List.copyOf(channels);
        }
    }

    /** Backups. */
    public record Backup(boolean enabled, String schedule, String retention, BackupTargetType targetType, String path,
                         String bucket, String region, String endpoint, List<BackupContent> include, List<String> exclude) {
        public Backup {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
        }
    }
}
