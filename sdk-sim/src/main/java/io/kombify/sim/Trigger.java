package io.kombify.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * An event a {@link Fault} waits for instead of a fixed time, such as "when nextcloud becomes
 * healthy": {@code Fault.nodeCrash("nas").when(Trigger.healthy("nextcloud").plus(Duration.ofMinutes(5)))}.
 * A trigger fires once, the first time its event happens; if it never happens the fault is never
 * injected.
 *
 * @param kind    the event waited for
 * @param subject the service it concerns
 * @param delay   how long after the event the fault strikes
 */
public record Trigger(Kind kind, String subject, Duration delay) {

    /** Events a trigger can wait for. */
    public enum Kind {
        /** A service passes its health check for the first time. */
        HEALTHY
    }

    public Trigger {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    /** Fires when {@code service} first becomes healthy. */
    public static Trigger healthy(String service) {
        return new Trigger(Kind.HEALTHY, service, Duration.ZERO);
    }

    /** This trigger, firing {@code delay} later (added to any delay it has). */
    public Trigger plus(Duration delay) {
        return new Trigger(kind, subject, this.delay.plus(delay));
    }

    @Override
    public String toString() {
        return "when " + subject + " is " + kind.name().toLowerCase(java.util.Locale.ROOT)
                + (delay.isZero() ? "" : " + " + delay);
    }
}
