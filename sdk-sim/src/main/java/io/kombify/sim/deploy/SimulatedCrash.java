package io.kombify.sim.deploy;

/**
 * The process running a simulated apply "died": thrown by a {@link SimulatedProvider} after the
 * step a {@link io.kombify.sim.Fault#crashAfterStep(int) crash-after-step} fault names took effect,
 * and by every later call to that provider. It is an {@link Error} so that the deployment engine
 * stops as a killed process would, journaling nothing after it; start a new provider on the same
 * world (and a new deployer on the same state) to recover, as after a real crash.
 */
public final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    private final int step;

    /**
     * A crash after step {@code step}.
     *
     * @param message what happened, naming the step
     */
    public SimulatedCrash(int step, String message) {
        super(message);
        this.step = step;
    }

    /** The number of the step after which the process died. */
    public int step() {
        return step;
    }
}
