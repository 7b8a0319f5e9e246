package io.kombify.sim;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How long the stack took to become ready and why: the critical path is the chain of services,
 * each waiting on the previous one through {@code needs}, that ends with the last service to
 * become ready. Shortening any step on it shortens the whole deployment.
 *
 * @param timeUntilReady when every service had been healthy at least once, or {@code null} if some never was
 * @param criticalPath   first to last; empty when no service became ready
 */
public record Readiness(Duration timeUntilReady, List<CriticalStep> criticalPath) {

    public Readiness {
        criticalPath = List.copyOf(criticalPath);
    }

    /** When the whole stack had become ready, if it did. */
    public Optional<Duration> allReadyAt() {
        return Optional.ofNullable(timeUntilReady);
    }
}
