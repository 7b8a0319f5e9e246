package io.kombify.deploy;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Progress of a plan, apply, destroy or drift check, delivered to a {@link DeployListener}.
 * Events never carry secret values.
 */
public sealed interface DeployEvent {

    /** The state lock was taken. */
    record LockAcquired(String lockId, String operation) implements DeployEvent {
    }

    /** Steps of an interrupted earlier apply are being reconciled. */
    record RecoveryStarted(int pendingSteps) implements DeployEvent {
    }

    /** One step of an interrupted apply was reconciled: {@code outcome} says what was found. */
    record StepRecovered(ResourceId id, Action action, String outcome) implements DeployEvent {
    }

    /** Refresh starts reading {@code resources} recorded resources. */
    record RefreshStarted(int resources) implements DeployEvent {
    }

    /** One resource was read back from its provider. */
    record ResourceRefreshed(ResourceId id, boolean exists) implements DeployEvent {
    }

    /** A plan is ready; {@code counts} by action. */
    record PlanReady(Map<Action, Integer> counts) implements DeployEvent {
        public PlanReady {
            counts = Map.copyOf(counts);
        }
    }

    /** The executor starts {@code totalSteps} steps. */
    record ApplyStarted(int totalSteps, int parallelism) implements DeployEvent {
    }

    /** A step starts (attempt 1) or is tried again. */
    record StepStarted(ResourceId id, Action action, int attempt) implements DeployEvent {
    }

    /** A step failed with a retryable error and will be tried again after {@code delay}. */
    record StepRetrying(ResourceId id, Action action, int attempt, Duration delay, String code, String message)
            implements DeployEvent {
    }

    /** A step succeeded. */
    record StepSucceeded(ResourceId id, Action action, Duration took) implements DeployEvent {
    }

    /** A step failed for good. */
    record StepFailed(ResourceId id, Action action, String code, String message) implements DeployEvent {
    }

    /** A step was not run: a dependency failed, or the apply was cancelled. */
    record StepSkipped(ResourceId id, Action action, String reason) implements DeployEvent {
    }

    /** The apply ended; the new state (serial {@code serial}) is written. */
    record ApplyFinished(ApplyStatus status, long serial, Duration elapsed) implements DeployEvent {
        public ApplyFinished {
            Objects.requireNonNull(status, "status");
        }
    }
}
