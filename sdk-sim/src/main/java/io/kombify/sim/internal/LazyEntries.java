package io.kombify.sim.internal;

import io.kombify.sim.EventKind;
import io.kombify.sim.SimEvent;
import io.kombify.sim.Violation;

import java.util.function.Supplier;

/**
 * Makes log entries whose text is built only when read, which the public API of
 * {@link SimEvent} and {@link Violation} does not offer. {@code io.kombify.sim} implements it and
 * hands the implementation to the {@link Engine} it creates, so the factories stay out of the
 * exported API while a long run can log millions of entries without holding their text.
 */
public interface LazyEntries {

    /** An event whose detail is built by {@code detail} on every read; the supplier must give the same text each time. */
    SimEvent event(long timeMillis, EventKind kind, String subject, Supplier<String> detail);

    /** A violation whose message is built by {@code message} on every read; the supplier must give the same text each time. */
    Violation violation(String code, Supplier<String> message, String subject, long timeMillis);
}
