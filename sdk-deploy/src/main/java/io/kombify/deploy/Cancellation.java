package io.kombify.deploy;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a running apply to stop: once cancelled, no further step starts; steps already running
 * finish and are recorded, and the apply returns {@link ApplyStatus#CANCELLED}. Thread-safe; the
 * {@code kombify} command cancels on Ctrl-C.
 */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Asks the apply to stop. Idempotent. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled.get();
    }
}
