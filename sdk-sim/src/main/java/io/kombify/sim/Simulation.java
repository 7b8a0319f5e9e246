package io.kombify.sim;

import io.kombify.sim.internal.Engine;
import io.kombify.sim.model.Topology;
import io.kombify.spec.ResolvedSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A simulation of a resolved stack, ready to run. It is an immutable value: each setter returns
 * a new simulation, so one configured simulation can be shared and varied freely, and it can be
 * run any number of times, from any thread.
 *
 * <pre>{@code
 * SimulationReport report = Simulation.of(resolved)
 *         .seed(42)
 *         .fault(Fault.nodeCrash("nas").at(Duration.ofMinutes(10)))
 *         .runFor(Duration.ofHours(24));
 * }</pre>
 *
 * <p>A run deploys every enabled service on its node (image pull, create, start, health checks)
 * in virtual time, starting a service only once everything it needs is healthy, injects the
 * faults when they are due, and stops after the given virtual duration. Nothing waits on the
 * wall clock: a day of a homelab takes milliseconds. The same spec, seed and faults always give
 * the same report.
 *
 * <p>Durations come from a model, not from measurements: images are pulled one at a time per
 * node at the site's download speed (see {@link io.kombify.sim.model.Topology}), health checks
 * follow {@code observability.health}, restarts follow Docker's back-off. The full set of
 * assumptions is in {@code docs/adr/0007-simulation-engine.md}.
 */
public final class Simulation {

    private final ResolvedSpec spec;
    private final long seed;
    private final List<Fault> faults;
    private final SimulationListener listener;

    private Simulation(ResolvedSpec spec, long seed, List<Fault> faults, SimulationListener listener) {
        this.spec = spec;
        this.seed = seed;
        this.faults = List.copyOf(faults);
        this.listener = listener;
    }

    /** A simulation of {@code spec} with seed 0, no faults and no listener. */
    public static Simulation of(ResolvedSpec spec) {
        return new Simulation(Objects.requireNonNull(spec, "spec"), 0, List.of(), SimulationListener.NONE);
    }

    /** This simulation with random choices (durations' jitter) drawn from {@code seed}. */
    public Simulation seed(long seed) {
        return new Simulation(spec, seed, faults, listener);
    }

    /**
     * This simulation with {@code fault} added.
     *
     * @throws IllegalArgumentException if the fault has no time or trigger, or is a fault of a simulated apply
     *                                  ({@link Fault#isDeployTime()})
     */
    public Simulation fault(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (fault.isDeployTime()) {
            throw new IllegalArgumentException(fault.describe() + " strikes the simulated provider during an apply; "
                    + "give it to `kombify apply --simulate` (SimulatedProvider), not to a simulation of the running stack");
        }
        if (!fault.isScheduled()) {
            throw new IllegalArgumentException(fault.describe() + " has no time: call at(Duration) or when(Trigger)");
        }
        List<Fault> more = new ArrayList<>(faults);
        more.add(fault);
        return new Simulation(spec, seed, more, listener);
    }

    /** This simulation reporting progress to {@code listener}. */
    public Simulation listener(SimulationListener listener) {
        return new Simulation(spec, seed, faults, Objects.requireNonNull(listener, "listener"));
    }

    /** The resolved stack this simulation runs; never null. */
    public ResolvedSpec spec() {
        return spec;
    }

    /** The seed random choices are drawn from; 0 unless set. */
    public long seed() {
        return seed;
    }

    /** The faults, in the order added. */
    public List<Fault> faults() {
        return faults;
    }

    /** The world this simulation runs on. */
    public Topology topology() {
        return Topology.of(spec);
    }

    /**
     * Runs {@code duration} of virtual time and reports what happened.
     *
     * @throws IllegalArgumentException if {@code duration} is not positive, or a fault names a
     *                                  node, site or service the stack does not have
     */
    public SimulationReport runFor(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
        SimulationReport report = new Engine(spec, seed, faults, listener, duration, EngineEntries.INSTANCE).run();
        listener.onFinished(report);
        return report;
    }

    @Override
    public String toString() {
        return "Simulation[" + spec.name() + ", seed " + seed + ", " + faults.size() + " faults]";
    }
}
