package io.kombify.deploy;

import java.time.Duration;
import java.util.Objects;

/**
 * How the executor retries a provider call that failed with a retryable error: exponential
 * backoff from {@code initialDelay}, multiplied by {@code multiplier} per attempt, capped at
 * {@code maxDelay}, with up to {@code jitter} (a fraction) added at random; a Retry-After the
 * provider gives is honoured when it is longer.
 *
 * @param maxAttempts  attempts in all, the first included (1 = never retry)
 * @param initialDelay delay before the second attempt
 * @param maxDelay     the longest delay between attempts (Retry-After may exceed it)
 * @param multiplier   growth of the delay per attempt
 * @param jitter       random extra delay, as a fraction of the delay (0 to 1)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

    /** Six attempts, 500 ms doubling to at most 30 s, 20 % jitter. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.2);

    /** Never retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1, not " + multiplier);
        }
        if (jitter < 0.0 || jitter > 1.0) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, not " + jitter);
        }
    }

    /**
     * The delay before attempt {@code attempt + 1} after attempt {@code attempt} failed, before
     * jitter and Retry-After.
     */
    public Duration baseDelay(int attempt) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }
}
