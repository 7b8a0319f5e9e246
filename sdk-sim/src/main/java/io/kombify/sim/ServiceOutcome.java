package io.kombify.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one service ended a simulation.
 *
 * @param name     service name
 * @param node     node it ran on
 * @param state    state when the simulation stopped
 * @param readyAt  virtual time it first became healthy, or {@code null} if it never did
 * @param restarts how many times its container was started again
 */
public record ServiceOutcome(String name, String node, ServiceState state, Duration readyAt, int restarts) {

    public ServiceOutcome {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
    }

    /** When it first became healthy, if it did. */
    public Optional<Duration> firstReady() {
        return Optional.ofNullable(readyAt);
    }

    /** Whether it was healthy when the simulation stopped. */
    public boolean isReady() {
        return state == ServiceState.HEALTHY;
    }
}
