package io.kombify.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * One line of the event log: what happened to whom at which virtual time.
 *
 * @param time    virtual time since the simulation started
 * @param kind    what happened
 * @param subject the service, node, site or link concerned
 * @param detail  more about it, never {@code null} (may be empty)
 */
public record SimEvent(Duration time, EventKind kind, String subject, String detail) {

    public SimEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        return time + " " + kind.wire() + " " + subject + (detail.isEmpty() ? "" : " " + detail);
    }
}
