package io.kombify.deploy.spi;

/**
 * The pace a provider's API allows.
 *
 * @param maxConcurrentCalls at most this many calls at once (at least 1)
 * @param callsPerSecond     sustained calls per second; 0 for no limit
 */
public record RateLimit(int maxConcurrentCalls, double callsPerSecond) {

    public RateLimit {
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, not " + maxConcurrentCalls);
        }
        if (callsPerSecond < 0 || Double.isNaN(callsPerSecond)) {
            throw new IllegalArgumentException("callsPerSecond must not be negative");
        }
    }
}
