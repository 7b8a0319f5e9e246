package io.kombify.sim;

import java.time.Duration;

/**
 * One service on the critical path to a ready stack, with when it became ready.
 *
 * @param service service name
 * @param readyAt virtual time it first became healthy
 */
public record CriticalStep(String service, Duration readyAt) {
}
