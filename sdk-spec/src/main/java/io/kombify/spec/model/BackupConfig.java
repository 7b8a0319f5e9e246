package io.kombify.spec.model;

import java.util.List;

/**
 * Backups.
 *
 * @param enabled   default false
 * @param schedule  five-field cron expression (default {@code 0 3 * * *})
 * @param retention such as {@code 30d} (default)
 * @param target    where backups go
 * @param include   what to back up; {@code null} when absent (then volumes and configs)
 * @param exclude   paths to leave out
 */
public record BackupConfig(Boolean enabled, @Pattern(value = SpecPatterns.CRON, example = "0 3 * * *") String schedule, @Pattern(value = SpecPatterns.RETENTION, example = "30d") String retention, BackupTarget target, List<BackupContent> include, List<String> exclude) {
    public BackupConfig {
        include = Copies.nullableList(include);
        exclude = Copies.list(exclude);
    }
}
