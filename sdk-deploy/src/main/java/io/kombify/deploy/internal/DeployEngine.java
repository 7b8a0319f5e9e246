package io.kombify.deploy.internal;

import io.kombify.core.KombifyException;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.DriftReport;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Providers;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.RetryPolicy;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.State;
import io.kombify.deploy.state.StateLock;
import io.kombify.deploy.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out the {@link io.kombify.deploy.Deployer}'s operations. Every mutating operation takes
 * the state lock, reconciles the journal of an interrupted earlier apply, plans (or checks that a
 * saved plan is still current), executes, writes the new state and clears the journal; the lock
 * is released whatever happens. Thread-safe: concurrent operations on one store are serialised
 * by its lock (the second fails at once with {@code STATE_LOCKED}).
 */
public final class DeployEngine {

    private final StateStore store;
    private final DeployListener listener;
    private final Clock clock;
    private final String owner;
    private final Planner planner;
    private final Executor executor;
    private final JournalRecovery recovery;

    public DeployEngine(Providers providers, StateStore store, SecretResolver secrets, DeployListener listener,
                        Clock clock, String owner) {
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(listener, "listener");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.listener = event -> {
            try {
                listener.onEvent(event);
            } catch (RuntimeException ignored) {
                // a broken progress display must not break a deployment
            }
        };
        this.planner = new Planner(providers, secrets, this.listener);
        this.executor = new Executor(providers, secrets, this.listener, clock);
        this.recovery = new JournalRecovery(providers, secrets, this.listener, clock);
    }

    /** Plans the graph against the recorded state, without locking. */
    public Plan plan(ResourceGraph graph, PlanOptions options) {
        State state = store.read().orElseGet(() -> State.empty(graph.stack(), clock.instant()));
        return options.destroy() ? planner.planDestroy(state, options) : planner.plan(graph, state, options);
    }

    /** Plans destroying what the state records, without locking. */
    public Plan planDestroy(PlanOptions options) {
        State state = store.read().orElseGet(() -> State.empty("", clock.instant()));
        return planner.planDestroy(state, options);
    }

    /** Applies a saved plan, refusing it when the state changed since it was made. */
    public ApplyResult apply(Plan plan, ApplyOptions options) {
        long start = System.nanoTime();
        ApplyResult result;
        try (StateLock lock = store.lock("apply", owner)) {
            listener.onEvent(new DeployEvent.LockAcquired(lock.info().id(), "apply"));
            JournalRecovery.Result recovered = recovery.recover(store, plan.stack(), options.retry());
            State current = requireCurrent(plan, recovered.state());
            executor.checkProviders(plan);
            result = execute(plan, current, recovered.recovered(), options, start);
        }
        finished(result);
        return result;
    }

    /** Plans and applies under one lock. */
    public ApplyResult apply(ResourceGraph graph, PlanOptions planOptions, ApplyOptions options) {
        long start = System.nanoTime();
        ApplyResult result;
        try (StateLock lock = store.lock("apply", owner)) {
            listener.onEvent(new DeployEvent.LockAcquired(lock.info().id(), "apply"));
            JournalRecovery.Result recovered = recovery.recover(store, graph.stack(), options.retry());
            State current = recovered.state().orElseGet(() -> State.empty(graph.stack(), clock.instant()));
            Plan plan = planOptions.destroy() ? planner.planDestroy(current, planOptions)
                    : planner.plan(graph, current, planOptions);
            executor.checkProviders(plan);
            result = execute(plan, current, recovered.recovered(), options, start);
        }
        finished(result);
        return result;
    }

    /** Destroys what the state records (or the targeted part) under one lock. */
    public ApplyResult destroy(PlanOptions planOptions, ApplyOptions options) {
        long start = System.nanoTime();
        ApplyResult result;
        try (StateLock lock = store.lock("destroy", owner)) {
            listener.onEvent(new DeployEvent.LockAcquired(lock.info().id(), "destroy"));
            Optional<State> stored = store.read();
            String stack = stored.map(State::stack).orElse("");
            JournalRecovery.Result recovered = recovery.recover(store, stack, options.retry());
            State current = recovered.state().orElseGet(() -> State.empty(stack, clock.instant()));
            Plan plan = planner.planDestroy(current, planOptions.destroy() ? planOptions : planOptions.forDestroy());
            executor.checkProviders(plan);
            result = execute(plan, current, recovered.recovered(), options, start);
        }
        finished(result);
        return result;
    }

    /**
     * Under the lock, folds the journal of an interrupted apply or destroy into the state; does
     * nothing (and takes no lock) when the journal is empty.
     */
    public int recover(String stack, RetryPolicy retry) {
        if (store.journal().entries().isEmpty()) {
            return 0;
        }
        try (StateLock lock = store.lock("recover", owner)) {
            listener.onEvent(new DeployEvent.LockAcquired(lock.info().id(), "recover"));
            String name = store.read().map(State::stack).orElse(stack);
            return recovery.recover(store, name, retry).recovered();
        }
    }

    /** Reads every recorded resource and reports drift; takes no lock and changes nothing. */
    public DriftReport drift() {
        State state = store.read().orElseGet(() -> State.empty("", clock.instant()));
        return planner.drift(state);
    }

    /**
     * The state the plan was made against, or a refusal when the state has changed since: another
     * apply, a destroy or the recovery of an interrupted apply wrote it, or it was replaced.
     */
    private State requireCurrent(Plan plan, Optional<State> stored) {
        if (stored.isEmpty()) {
            if (plan.stateSerial() != 0) {
                throw stale("serial " + plan.stateSerial() + ", now none; the state was removed");
            }
            // no state yet: the plan's lineage becomes the state's
            return new State(State.FORMAT_VERSION, plan.lineage(), 0, plan.stack(), "", clock.instant(), Map.of());
        }
        State state = stored.get();
        if (!state.lineage().equals(plan.lineage()) && plan.stateSerial() == 0) {
            throw stale("serial 0, now " + state.serial() + "; there was no state when it was made, and one has been "
                    + "written since");
        }
        if (!state.lineage().equals(plan.lineage())) {
            throw stale("serial " + plan.stateSerial() + ", now " + state.serial() + "; lineage " + plan.lineage()
                    + ", now " + state.lineage() + ": the state was replaced by another history");
        }
        if (state.serial() != plan.stateSerial()) {
            throw stale("serial " + plan.stateSerial() + ", now " + state.serial()
                    + "; another apply, destroy or the recovery of an interrupted apply wrote it");
        }
        return state;
    }

    private static KombifyException stale(String detail) {
        return new KombifyException("PLAN_STALE", "the state changed since this plan was made (" + detail
                + "). Run `kombify plan` again");
    }

    private ApplyResult execute(Plan plan, State current, int recovered, ApplyOptions options,
                                long start) {
        Executor.Outcome o = executor.execute(plan, current, store.journal(), options);
        State state = current;
        if (o.steps() > 0 || (!plan.destroy() && o.status() == ApplyStatus.SUCCEEDED && !plan.specHash().equals(current.specHash()))) {
            String specHash;
            if (plan.destroy()) {
                specHash = o.resources().isEmpty() ? "" : current.specHash();
            } else {
                // a spec counts as applied only when every step succeeded
                specHash = o.status() == ApplyStatus.SUCCEEDED ? plan.specHash() : current.specHash();
            }
            state = current.next(o.resources(), specHash, clock.instant());
            // An interrupt cancelled the apply; it must not also stop the state being written (file
            // channels close on an interrupted thread). The flag is restored for the caller.
            boolean interrupted = Thread.interrupted();
            try {
                store.write(state);
                if (o.status() == ApplyStatus.SUCCEEDED) {
                    store.journal().clear();
                } else {
                    // A create that failed (a timeout after the cloud made it) or was cancelled while waiting
                    // for its retry may have made something: look it up by its key before the journal goes.
                    state = recovery.recover(store, state.stack(), options.retry()).state().orElse(state);
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return new ApplyResult(o.status(), state, o.created(), o.updated(), o.deleted(), o.skipped(), recovered,
                o.failures(), Duration.ofNanos(System.nanoTime() - start));
    }

    private void finished(ApplyResult result) {
        listener.onEvent(new DeployEvent.ApplyFinished(result.status(), result.state().serial(), result.elapsed()));
    }
}
