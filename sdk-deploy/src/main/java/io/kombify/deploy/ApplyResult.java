package io.kombify.deploy;

import io.kombify.deploy.state.State;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an apply (or destroy) went.
 *
 * @param status    how it ended
 * @param state     the state written at the end
 * @param created   resources created (replacements included)
 * @param updated   resources updated in place
 * @param deleted   resources deleted (replaced ones included)
 * @param skipped   resources not touched because a dependency failed or the apply was cancelled
 * @param recovered steps of an interrupted earlier apply that were reconciled first
 * @param failures  the steps that failed
 * @param elapsed   wall-clock time of the apply
 */
public record ApplyResult(ApplyStatus status, State state, int created, int updated, int deleted, int skipped,
                          int recovered, List<StepFailure> failures, Duration elapsed) {

    public ApplyResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(state, "state");
        failures = List.copyOf(failures);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Whether every step succeeded. */
    public boolean succeeded() {
        return status == ApplyStatus.SUCCEEDED;
    }
}
