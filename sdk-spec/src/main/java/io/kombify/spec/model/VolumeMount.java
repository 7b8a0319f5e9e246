package io.kombify.spec.model;

/**
 * A volume attached to a service's container.
 *
 * @param name      volume name; required
 * @param mountPath path inside the container; required
 * @param hostPath  path on the node for bind mounts
 * @param readOnly  default false
 * @param type      {@code volume} (default), {@code bind} or {@code tmpfs}
 * @param backup    whether backups include it (default true)
 */
public record VolumeMount(@Required String name, @Required String mountPath, String hostPath, Boolean readOnly, VolumeType type, Boolean backup) {
}
