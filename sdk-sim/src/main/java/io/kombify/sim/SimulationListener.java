package io.kombify.sim;

/**
 * Watches a simulation as it runs, for progress bars and live views. Every method has a no-op
 * default, so new callbacks never break implementations; override what you need.
 *
 * <p>Callbacks arrive on the thread that called {@link Simulation#runFor(java.time.Duration)},
 * in virtual-time order. They must be fast and must not throw: an exception aborts the run and
 * reaches the caller unchanged.
 */
public interface SimulationListener {

    /** A listener that ignores everything. */
    SimulationListener NONE = new SimulationListener() {
    };

    /** An event was appended to the log. */
    default void onEvent(SimEvent event) {
    }

    /** A rule was broken. */
    default void onViolation(Violation violation) {
    }

    /** The run finished; {@code report} is what {@code runFor} returns. */
    default void onFinished(SimulationReport report) {
    }
}
