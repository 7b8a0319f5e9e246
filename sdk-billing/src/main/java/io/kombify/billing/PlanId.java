package io.kombify.billing;

import java.util.Locale;
import java.util.Optional;

/** The plans kombify offers, from the smallest to the largest. */
public enum PlanId {
    FREE, PRO, TEAM, ENTERPRISE;

    /** The plan's key in configuration and metadata: {@code free}, {@code pro}, {@code team}, {@code enterprise}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The plan whose {@link #key()} is {@code key}, ignoring case. */
    public static Optional<PlanId> fromKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        for (PlanId id : values()) {
            if (id.key().equalsIgnoreCase(key.strip())) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }
}
