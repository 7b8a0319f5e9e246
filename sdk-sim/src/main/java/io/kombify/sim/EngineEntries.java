package io.kombify.sim;

import io.kombify.sim.internal.LazyEntries;

import java.util.function.Supplier;

/** The engine's way to the package-private factories of {@link SimEvent} and {@link Violation}. */
final class EngineEntries implements LazyEntries {

    static final EngineEntries INSTANCE = new EngineEntries();

    private EngineEntries() {
    }

    @Override
    public SimEvent event(long timeMillis, EventKind kind, String subject, Supplier<String> detail) {
        return SimEvent.deferred(timeMillis, kind, subject, detail);
    }

    @Override
    public Violation violation(String code, Supplier<String> message, String subject, long timeMillis) {
        return Violation.deferred(code, message, subject, timeMillis);
    }
}
