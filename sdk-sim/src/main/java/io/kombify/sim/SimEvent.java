package io.kombify.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One line of the event log: what happened to whom at which virtual time. A day of a large
 * stack logs millions of these, so an event keeps its time as milliseconds and may build its
 * {@link #detail()} text only when it is read; two events are equal when time, kind, subject
 * and detail text are.
 */
public final class SimEvent {

    private final long timeMillis;
    private final EventKind kind;
    private final String subject;
    /** Either the detail text or a {@code Supplier<String>} that builds it on every read. */
    private final Object detail;

    /**
     * An event whose detail is already known.
     *
     * @param time    virtual time since the simulation started
     * @param kind    what happened
     * @param subject the service, node, site or link concerned
     * @param detail  more about it; {@code null} is taken as empty
     */
    public SimEvent(Duration time, EventKind kind, String subject, String detail) {
        this(Objects.requireNonNull(time, "time").toMillis(), kind, subject, (Object) (detail == null ? "" : detail));
    }

    private SimEvent(long timeMillis, EventKind kind, String subject, Object detail) {
        this.timeMillis = timeMillis;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.detail = detail;
    }

    /**
     * An event whose detail text is built by {@code detail} each time it is read, for logs too
     * large to hold every text. The supplier must return the same text on every call. The engine
     * reaches it through {@link EngineEntries}; it is not part of the public API.
     */
    static SimEvent deferred(long timeMillis, EventKind kind, String subject, Supplier<String> detail) {
        return new SimEvent(timeMillis, kind, subject, Objects.requireNonNull(detail, "detail"));
    }

    /** Virtual time since the simulation started. */
    public Duration time() {
        return Duration.ofMillis(timeMillis);
    }

    /** Virtual time since the simulation started, in milliseconds. */
    public long timeMillis() {
        return timeMillis;
    }

    /** What happened. */
    public EventKind kind() {
        return kind;
    }

    /** The service, node, site or link concerned. */
    public String subject() {
        return subject;
    }

    /** More about it, never {@code null} (may be empty). */
    public String detail() {
        if (detail instanceof String text) {
            return text;
        }
        @SuppressWarnings("unchecked")
        String text = ((Supplier<String>) detail).get();
        return text == null ? "" : text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimEvent e && e.timeMillis == timeMillis && e.kind == kind && e.subject.equals(subject)
                && e.detail().equals(detail());
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeMillis, kind, subject, detail());
    }

    @Override
    public String toString() {
        String d = detail();
        return time() + " " + kind.wire() + " " + subject + (d.isEmpty() ? "" : " " + d);
    }
}
