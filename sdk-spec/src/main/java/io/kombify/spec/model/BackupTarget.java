package io.kombify.spec.model;

/**
 * Where backups are written.
 *
 * @param type     default {@code local}
 * @param path     default {@code /var/backups/techstack}
 * @param bucket   S3 bucket
 * @param region   S3 region
 * @param endpoint S3 endpoint
 */
public record BackupTarget(BackupTargetType type, String path, String bucket, String region, String endpoint) {
}
