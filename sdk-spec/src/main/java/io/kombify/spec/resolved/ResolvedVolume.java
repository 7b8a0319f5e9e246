package io.kombify.spec.resolved;

import io.kombify.spec.model.VolumeType;

/**
 * A volume mount with defaults applied (type {@code volume}, read-write, backed up).
 *
 * @param name      volume name
 * @param mountPath path in the container
 * @param hostPath  host path for bind mounts, or {@code null}
 * @param readOnly  mounted read-only
 * @param type      bind, volume or tmpfs
 * @param backup    included in backups
 */
public record ResolvedVolume(String name, String mountPath, String hostPath, boolean readOnly, VolumeType type, boolean backup) {
}
