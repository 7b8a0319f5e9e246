package io.kombify.sim.cloud.hetzner;

import java.time.Duration;
import java.time.Instant;

/**
 * The API's rate limit: a budget of {@code limit} requests that refills gradually, one request
 * per {@code 3600 / limit} seconds, as the {@code RateLimit-Limit}, {@code RateLimit-Remaining}
 * and {@code RateLimit-Reset} (when the budget is full again, in Unix seconds) headers report it.
 */
final class RateLimiter {
    private final int limit;
    private final double secondsPerRequest;
    private double remaining;
    private Instant last;

    /** The headers' values after a request, and whether it was allowed. */
    record State(boolean allowed, int limit, int remaining, long reset, long retryAfterSeconds) {
    }

    RateLimiter(int limit, Instant start) {
        this.limit = limit;
        this.secondsPerRequest = 3600.0 / limit;
        this.remaining = limit;
        this.last = start;
    }

    /** Spends one request of the budget if one is left. */
    synchronized State take(Instant now) {
        refill(now);
        if (remaining < 1) {
            long retry = (long) Math.ceil((1 - remaining) * secondsPerRequest);
            return state(false, now, Math.max(1, retry));
        }
        remaining -= 1;
        return state(true, now, 0);
    }

    /** The budget as it is, without spending from it. */
    synchronized State peek(Instant now) {
        refill(now);
        return state(true, now, 0);
    }

    /** The state a planned {@code 429} reports: nothing remains until {@code retryAfter} has passed. */
    synchronized State exhaustedFor(Instant now, Duration retryAfter) {
        long seconds = (retryAfter.toMillis() + 999) / 1000;
        return new State(false, limit, 0, now.getEpochSecond() + seconds, seconds);
    }

    private void refill(Instant now) {
        if (now.isAfter(last)) {
            double seconds = Duration.between(last, now).toNanos() / 1e9;
            remaining = Math.min(limit, remaining + seconds / secondsPerRequest);
            last = now;
        }
    }

    private State state(boolean allowed, Instant now, long retryAfter) {
        long toFull = (long) Math.ceil((limit - remaining) * secondsPerRequest);
        return new State(allowed, limit, (int) Math.floor(remaining), now.getEpochSecond() + toFull, retryAfter);
    }
}
