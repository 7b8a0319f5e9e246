package io.kombify.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A rule the stack broke during a simulation: an over-committed node, a host port taken twice, a
 * need the firewall blocks, a container killed for memory, a full disk. The code is stable; the message is for people and may
 * be built only when it is read, as a long run can record hundreds of thousands of violations.
 * Two violations are equal when code, message text, subject and time are.
 *
 * <p>Codes: {@code NODE_OVERCOMMIT_CPU}, {@code NODE_OVERCOMMIT_MEMORY} (requests exceed the
 * node's capacity), {@code PORT_CONFLICT}, {@code IMAGE_MISSING}, {@code NEED_DISABLED} (a
 * service needs one that is not deployed), {@code NEED_UNREACHABLE} (a service needs one that
 * its firewall or its ports keep it from reaching; recorded when the dependent first starts),
 * {@code OOM_KILLED} (over its limit or under node memory pressure), {@code DISK_FULL}.
 */
public final class Violation {

    private final String code;
    /** Either the message or a {@code Supplier<String>} that builds it on every read. */
    private final Object message;
    private final String subject;
    private final long timeMillis;

    /**
     * A violation whose message is already known.
     *
     * @param code    stable upper-case code
     * @param message what went wrong, in a sentence
     * @param subject the service or node concerned
     * @param time    virtual time it happened
     */
    public Violation(String code, String message, String subject, Duration time) {
        this(code, (Object) Objects.requireNonNull(message, "message"), subject,
                Objects.requireNonNull(time, "time").toMillis());
    }

    private Violation(String code, Object message, String subject, long timeMillis) {
        this.code = Objects.requireNonNull(code, "code");
        this.message = message;
        this.subject = Objects.requireNonNull(subject, "subject");
        this.timeMillis = timeMillis;
    }

    /**
     * A violation whose message is built by {@code message} each time it is read. The supplier
     * must return the same text on every call. The engine reaches it through
     * {@link EngineEntries}; it is not part of the public API.
     */
    static Violation deferred(String code, Supplier<String> message, String subject, long timeMillis) {
        return new Violation(code, (Object) Objects.requireNonNull(message, "message"), subject, timeMillis);
    }

    /** Stable upper-case code. */
    public String code() {
        return code;
    }

    /** What went wrong, in a sentence. */
    public String message() {
        if (message instanceof String text) {
            return text;
        }
        @SuppressWarnings("unchecked")
        String text = ((Supplier<String>) message).get();
        return Objects.requireNonNull(text, "message");
    }

    /** The service or node concerned. */
    public String subject() {
        return subject;
    }

    /** Virtual time it happened. */
    public Duration time() {
        return Duration.ofMillis(timeMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Violation v && v.timeMillis == timeMillis && v.code.equals(code) && v.subject.equals(subject)
                && v.message().equals(message());
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, message(), subject, timeMillis);
    }

    @Override
    public String toString() {
        return "Violation[code=" + code + ", message=" + message() + ", subject=" + subject + ", time=" + time() + "]";
    }
}
