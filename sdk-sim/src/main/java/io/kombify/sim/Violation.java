package io.kombify.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * A rule the stack broke during a simulation: an over-committed node, a host port taken twice, a
 * container killed for memory, a full disk. The code is stable; the message is for people.
 *
 * <p>Codes: {@code NODE_OVERCOMMIT_CPU}, {@code NODE_OVERCOMMIT_MEMORY} (requests exceed the
 * node's capacity), {@code PORT_CONFLICT}, {@code IMAGE_MISSING}, {@code NEED_DISABLED} (a
 * service needs one that is not deployed), {@code OOM_KILLED} (over its limit or under node
 * memory pressure), {@code DISK_FULL}.
 *
 * @param code    stable upper-case code
 * @param message what went wrong, in a sentence
 * @param subject the service or node concerned
 * @param time    virtual time it happened
 */
public record Violation(String code, String message, String subject, Duration time) {

    public Violation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
    }
}
