package io.kombify.plugin.docker;

import java.util.Locale;
import java.util.Optional;

/**
 * When the Docker provider pulls a container's image from a registry: the container's own
 * {@code pullPolicy} (a service's {@code config.pullPolicy}), else the setting
 * {@code docker.pullPolicy}. The default, {@link #NEVER}, uses only images already on the node's
 * engine, so an apply never depends on a registry being reachable and never runs an image nobody
 * put there on purpose.
 */
public enum PullPolicy {
    /** Never pull: an image missing on the node fails the create with {@code DOCKER_IMAGE_MISSING}. */
    NEVER("never"),
    /** Pull an image only when the node's engine does not have it. */
    MISSING("missing"),
    /** Pull before every create, so a moved tag is picked up. */
    ALWAYS("always");

    private final String wire;

    PullPolicy(String wire) {
        this.wire = wire;
    }

    /** The policy written as in the setting, such as {@code missing}. */
    public static Optional<PullPolicy> parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (PullPolicy p : values()) {
            if (p.wire.equals(t)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The name as written in the setting. */
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
