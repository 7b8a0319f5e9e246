package io.kombify.deploy;

/** How an apply ended. */
public enum ApplyStatus {
    /** Every planned step succeeded. */
    SUCCEEDED,
    /** At least one step failed; the steps that succeeded are recorded, dependents of failed ones were skipped. */
    FAILED,
    /** Stopped through {@link Cancellation}; the steps that ran are recorded. */
    CANCELLED
}
