package io.kombify.deploy.internal;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.Plan;
import io.kombify.deploy.AttributeChange;
import io.kombify.deploy.PlannedChange;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.StepFailure;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.RateLimit;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.spi.UpdateRequest;
import io.kombify.deploy.state.Journal;
import io.kombify.deploy.state.JournalEntry;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the effective changes of a {@link Plan} as provider calls along the dependency graph.
 *
 * <p>Every change becomes one step ({@code CREATE}, {@code UPDATE}, {@code DELETE}) or, for a
 * {@code REPLACE}, two: the new resource is created before the old one is deleted when the
 * type's {@link ResourceTypeSupport#createBeforeDestroy()} allows both to exist at once (and the
 * old one goes only after its dependents were updated), otherwise the old one is deleted first.
 * Creates and updates wait for the creates and updates of what they depend on; deletes wait for
 * the deletes of what depended on them when they were recorded.
 *
 * <p>Each step keeps a counter of unfinished predecessors, set up once, so finishing a step costs
 * only its own successors. A step whose counter reaches zero waits in its provider's ready queue,
 * ordered by the length of the longest chain of steps behind it, and starts as soon as a global
 * slot ({@link ApplyOptions#parallelism()}), a slot of its provider (the smaller of
 * {@link ApplyOptions#providerParallelism()} and {@link RateLimit#maxConcurrentCalls()}) and, when
 * the provider has a {@link RateLimit#callsPerSecond()}, its next call time are free. The thread
 * that finishes a step runs the next ready one itself, so a zero-latency provider costs no thread
 * hand-offs. A retryable failure frees the slots and waits on a scheduler, not in a worker.
 *
 * <p>Every provider call is framed in the {@link Journal}: {@code BEGIN} before it (with the
 * record the step intends to write), {@code DONE} with the record to keep or {@code FAILED}
 * after it. A {@link Error} thrown by a provider is treated as the death of the process: nothing
 * more is journaled or scheduled and the error is rethrown from {@link #execute}, so that the
 * journal is left exactly as a killed process would leave it.
 *
 * <p>One instance serves any number of applies, one at a time or concurrently (each run has its
 * own threads, created at its start and stopped at its end).
 */
public final class Executor {

    private static final String CANCELLED_REASON = "the apply was cancelled";

    private final Providers providers;
    private final SecretResolver secrets;
    private final DeployListener listener;
    private final Clock clock;

    /**
     * @param providers the providers steps call, by name
     * @param secrets   handed to providers through the {@link ProviderContext}
     * @param listener  receives {@link DeployEvent}s; its exceptions are ignored
     * @param clock     for journal timestamps
     */
    public Executor(Providers providers, SecretResolver secrets, DeployListener listener, Clock clock) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What a run did.
     *
     * @param status    how it ended
     * @param resources the records of the new state
     * @param created   create steps that succeeded
     * @param updated   update steps that succeeded
     * @param deleted   delete steps that succeeded
     * @param skipped   resources with a step that did not run
     * @param failures  the steps that failed
     * @param steps     how many steps the plan made
     */
    public record Outcome(ApplyStatus status, Map<ResourceId, ResourceRecord> resources, int created, int updated,
                          int deleted, int skipped, List<StepFailure> failures, int steps) {
        public Outcome {
            // sorted, so that the state made from it copies it without sorting it again
            resources = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(resources));
            failures = List.copyOf(failures);
        }
    }

    /**
     * Runs the plan's effective changes against {@code state}, journaling every call.
     *
     * @param plan    the plan; its lineage keys the steps
     * @param state   the state the plan applies to (its records are the starting point of the new state)
     * @param journal where steps are recorded
     * @param options parallelism, retries and cancellation
     * @return what happened; failed steps are data, not exceptions
     * @throws Error            when a provider threw one (nothing after it was journaled)
     * @throws KombifyException {@code PROVIDER_MISSING} when a change names a provider that is not
     *                          available, or the journal's error when it cannot be written
     */
    public Outcome execute(Plan plan, State state, Journal journal, ApplyOptions options) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(options, "options");
        return new Run(plan, state, journal, options).run();
    }

    /** Checks that every provider the plan's effective changes call is available. */
    public void checkProviders(Plan plan) {
        for (PlannedChange c : plan.effectiveChanges()) {
            c.desired().ifPresent(r -> requireProvider(c.id(), r.provider()));
            if (c.action() != Action.CREATE && c.action() != Action.UPDATE) {
                c.prior().ifPresent(r -> requireProvider(c.id(), r.provider()));
            }
        }
    }

    private Provider requireProvider(ResourceId id, String name) {
        return providers.get(name).orElseThrow(() -> missingProvider(id, name, providers));
    }

    static KombifyException missingProvider(ResourceId id, String name, Providers providers) {
        return new KombifyException("PROVIDER_MISSING", id + " needs the provider '" + name
                + "', which is not available (available: " + (providers.names().isEmpty() ? "none"
                : String.join(", ", new java.util.TreeSet<>(providers.names())))
                + "). Install the plugin that provides it, or rehearse the apply with --simulate");
    }

    // ------------------------------------------------------------------------------------------
    // steps

    enum Status { PENDING, READY, RUNNING, WAITING, SUCCEEDED, FAILED, SKIPPED }

    private static final class Step {
        final int index;
        final ResourceId id;
        final Action action;
        final PlannedChange change;
        final String providerName;
        final Provider provider;
        /** Set by {@link Run#prepare} before the first call, by the worker that runs it. */
        String key;
        /** For a create or update: the record it will keep (provider id and outputs filled in after the call). */
        ResourceRecord intended;
        /** The other half of a replacement, or null. */
        Step partner;
        /** Whether this replacement creates before it deletes. */
        boolean createBeforeDestroy;

        Lane lane;
        int[] successors = new int[0];
        int waitingFor;
        int height;

        // guarded by Run.lock, or owned by the one worker running the step
        Status status = Status.PENDING;
        int attempts;
        long firstStartNanos;
        ScheduledFuture<?> retryTimer;
        ResourceRecord result;

        Step(int index, ResourceId id, Action action, PlannedChange change, String providerName, Provider provider) {
            this.index = index;
            this.id = id;
            this.action = action;
            this.change = change;
            this.providerName = providerName;
            this.provider = provider;
        }

        boolean isFinished() {
            return status == Status.SUCCEEDED || status == Status.FAILED || status == Status.SKIPPED;
        }
    }

    /** The calls of one provider name: its ready steps and its concurrency. */
    private static final class Lane {
        final int limit;
        final Gate gate;
        final PriorityQueue<Step> ready = new PriorityQueue<>(Lane::before);
        int running;

        Lane(int limit, Gate gate) {
            this.limit = limit;
            this.gate = gate;
        }

        /** The longest chain behind first, then the plan's order. */
        static int before(Step a, Step b) {
            return a.height != b.height ? Integer.compare(b.height, a.height) : Integer.compare(a.index, b.index);
        }
    }

    /** One provider instance (maybe under several names): its API's concurrency and pace. */
    private static final class Gate {
        final int limit;
        final long intervalNanos;
        /** The earliest time the next call may be handed to a worker. */
        long nextCallNanos = Long.MIN_VALUE;
        /** When the last call really started (a worker may start later than it was handed the step). */
        long lastStartNanos = Long.MIN_VALUE;
        boolean wakeupScheduled;
        int running;

        Gate(int limit, long intervalNanos) {
            this.limit = limit;
            this.intervalNanos = intervalNanos;
        }
    }

    // ------------------------------------------------------------------------------------------
    // one run

    private final class Run {
        private final Plan plan;
        private final State state;
        private final Journal journal;
        private final ApplyOptions options;
        private final String lineage;

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition finishedOrAborted = lock.newCondition();
        private final Object journalLock = new Object();

        private Step[] steps;
        private Lane[] lanes;
        private ExecutorService workers;
        private ScheduledExecutorService timers;

        // guarded by lock
        private int running;
        private int finished;
        private boolean cancelled;
        private final List<StepFailure> failures = new ArrayList<>();

        // written under lock, read by workers without it
        private volatile Throwable abort;

        // guarded by journalLock
        private long nextSeq;

        Run(Plan plan, State state, Journal journal, ApplyOptions options) {
            this.plan = plan;
            this.state = state;
            this.journal = journal;
            this.options = options;
            this.lineage = plan.lineage();
        }

        Outcome run() {
            buildSteps();
            emit(new DeployEvent.ApplyStarted(steps.length, options.parallelism()));
            if (steps.length > 0) {
                schedule();
            }
            return outcome();
        }

        // ---------------------------------------------------------------- building the graph

        private void buildSteps() {
            List<Step> list = new ArrayList<>();
            Map<String, Lane> lanesByName = new LinkedHashMap<>();
            Map<Provider, Gate> gates = new IdentityHashMap<>();
            for (PlannedChange c : plan.effectiveChanges()) {
                switch (c.action()) {
                    case CREATE -> list.add(createStep(list.size(), c, lanesByName, gates));
                    case UPDATE -> list.add(updateStep(list.size(), c, lanesByName, gates));
                    case DELETE -> list.add(deleteStep(list.size(), c, lanesByName, gates));
                    case REPLACE -> {
                        Step create = createStep(list.size(), c, lanesByName, gates);
                        list.add(create);
                        Step delete = deleteStep(list.size(), c, lanesByName, gates);
                        list.add(delete);
                        create.partner = delete;
                        delete.partner = create;
                        boolean cbd = create.provider.descriptor().support(c.id().type())
                                .map(ResourceTypeSupport::createBeforeDestroy).orElse(false);
                        create.createBeforeDestroy = cbd;
                        delete.createBeforeDestroy = cbd;
                    }
                    case NOOP -> {
                    }
                }
            }
            steps = list.toArray(new Step[0]);
            lanes = lanesByName.values().toArray(new Lane[0]);
            link();
        }

        private Step createStep(int index, PlannedChange c, Map<String, Lane> lanes, Map<Provider, Gate> gates) {
            return step(index, c, Action.CREATE, c.desired().orElseThrow().provider(), lanes, gates);
        }

        private Step updateStep(int index, PlannedChange c, Map<String, Lane> lanes, Map<Provider, Gate> gates) {
            return step(index, c, Action.UPDATE, c.desired().orElseThrow().provider(), lanes, gates);
        }

        private Step deleteStep(int index, PlannedChange c, Map<String, Lane> lanes, Map<Provider, Gate> gates) {
            return step(index, c, Action.DELETE, c.prior().orElseThrow().provider(), lanes, gates);
        }

        /**
         * Gives the step its idempotency key and, for a create or update, the record it intends to
         * keep. The worker that first runs the step does this, not the set-up before the first
         * call: hashing the attributes is most of a step's own cost, and this way it is spread over
         * the workers. A key depends only on the lineage and the change, so it is the same whenever
         * it is computed.
         */
        private void prepare(Step s) {
            if (s.key != null) {
                return;
            }
            PlannedChange c = s.change;
            switch (s.action) {
                case CREATE -> {
                    Resource desired = c.desired().orElseThrow();
                    String key = c.prior().isPresent()
                            ? IdempotencyKeys.replacement(lineage, c.id(), desired.attributes(), c.prior().get().providerId())
                            : IdempotencyKeys.create(lineage, c.id(), desired.attributes());
                    s.intended = new ResourceRecord(c.id(), desired.provider(), "", desired.attributes(),
                            desired.sensitive(), Map.of(), desired.dependsOn(), key);
                    s.key = key;
                }
                case UPDATE -> {
                    Resource desired = c.desired().orElseThrow();
                    ResourceRecord prior = c.prior().orElseThrow();
                    s.intended = new ResourceRecord(c.id(), desired.provider(), prior.providerId(),
                            desired.attributes(), desired.sensitive(), prior.outputs(), desired.dependsOn(),
                            prior.idempotencyKey());
                    s.key = IdempotencyKeys.update(lineage, c.id(), desired.attributes());
                }
                case DELETE -> s.key = IdempotencyKeys.delete(lineage, c.id(), c.prior().orElseThrow().providerId());
                default -> throw new IllegalStateException("no step does " + s.action);
            }
        }

        private Step step(int index, PlannedChange c, Action action, String providerName, Map<String, Lane> lanes,
                          Map<Provider, Gate> gates) {
            Provider provider = requireProvider(c.id(), providerName);
            Step s = new Step(index, c.id(), action, c, providerName, provider);
            s.lane = lanes.computeIfAbsent(providerName, name -> {
                Gate gate = gates.computeIfAbsent(provider, p -> {
                    Optional<RateLimit> limit = p.descriptor().rateLimit();
                    int max = limit.map(RateLimit::maxConcurrentCalls).orElse(Integer.MAX_VALUE);
                    double perSecond = limit.map(RateLimit::callsPerSecond).orElse(0.0);
                    long interval = perSecond > 0 ? (long) Math.ceil(1_000_000_000L / perSecond) : 0L;
                    return new Gate(max, interval);
                });
                int limit = Math.min(gate.limit, options.providerParallelism().getOrDefault(name, Integer.MAX_VALUE));
                return new Lane(limit, gate);
            });
            return s;
        }

        /**
         * Sets up successors, counters and priorities. Should the recorded dependencies of deleted
         * resources contradict the desired ones (an old record depending on what now depends on
         * it), the order would have a cycle: create-before-destroy replacements on it are then
         * done delete-first, and as a last resort the recorded order among its deletes is dropped.
         */
        private void link() {
            Set<Integer> looseDeletes = new HashSet<>();
            while (true) {
                List<List<Integer>> succ = edges(looseDeletes);
                int[] order = topologicalOrder(succ);
                if (order.length == steps.length) {
                    for (int i = 0; i < steps.length; i++) {
                        List<Integer> out = succ.get(i);
                        int[] arr = new int[out.size()];
                        for (int j = 0; j < arr.length; j++) {
                            arr[j] = out.get(j);
                            steps[arr[j]].waitingFor++;
                        }
                        steps[i].successors = arr;
                    }
                    for (int i = order.length - 1; i >= 0; i--) {
                        Step s = steps[order[i]];
                        int h = 0;
                        for (int next : s.successors) {
                            h = Math.max(h, steps[next].height);
                        }
                        s.height = h + 1;
                    }
                    return;
                }
                boolean[] inOrder = new boolean[steps.length];
                for (int i : order) {
                    inOrder[i] = true;
                }
                boolean downgraded = false;
                for (Step s : steps) {
                    if (!inOrder[s.index] && s.partner != null && s.createBeforeDestroy) {
                        s.createBeforeDestroy = false;
                        s.partner.createBeforeDestroy = false;
                        downgraded = true;
                    }
                }
                if (!downgraded) {
                    boolean loosened = false;
                    for (Step s : steps) {
                        if (!inOrder[s.index] && s.action == Action.DELETE) {
                            loosened |= looseDeletes.add(s.index);
                        }
                    }
                    if (!loosened) {
                        throw new IllegalStateException("the steps of the plan for " + plan.stack() + " form a cycle");
                    }
                }
            }
        }

        private List<List<Integer>> edges(Set<Integer> looseDeletes) {
            Map<ResourceId, Step> createsAndUpdates = new HashMap<>();
            Map<ResourceId, Step> deletes = new HashMap<>();
            for (Step s : steps) {
                (s.action == Action.DELETE ? deletes : createsAndUpdates).put(s.id, s);
            }
            List<List<Integer>> succ = new ArrayList<>(steps.length);
            for (int i = 0; i < steps.length; i++) {
                succ.add(new ArrayList<>(2));
            }
            for (Step s : steps) {
                if (s.action != Action.DELETE) {
                    for (ResourceId dep : s.change.desired().orElseThrow().dependsOn()) {
                        Step before = createsAndUpdates.get(dep);
                        if (before != null) {
                            succ.get(before.index).add(s.index);
                        }
                        Step oldOne = deletes.get(dep);
                        if (oldOne != null && oldOne.partner != null && oldOne.createBeforeDestroy) {
                            // the old dependency goes only after its dependents moved to the new one
                            succ.get(s.index).add(oldOne.index);
                        }
                    }
                } else {
                    if (!looseDeletes.contains(s.index)) {
                        for (ResourceId dep : s.change.prior().orElseThrow().dependsOn()) {
                            Step after = deletes.get(dep);
                            if (after != null && !looseDeletes.contains(after.index)) {
                                succ.get(s.index).add(after.index);
                            }
                        }
                    }
                    if (s.partner != null) {
                        if (s.createBeforeDestroy) {
                            succ.get(s.partner.index).add(s.index);
                        } else {
                            succ.get(s.index).add(s.partner.index);
                        }
                    }
                }
            }
            return succ;
        }

        private int[] topologicalOrder(List<List<Integer>> succ) {
            int[] indegree = new int[steps.length];
            for (List<Integer> out : succ) {
                for (int j : out) {
                    indegree[j]++;
                }
            }
            int[] order = new int[steps.length];
            int head = 0;
            int tail = 0;
            for (int i = 0; i < steps.length; i++) {
                if (indegree[i] == 0) {
                    order[tail++] = i;
                }
            }
            while (head < tail) {
                for (int j : succ.get(order[head++])) {
                    if (--indegree[j] == 0) {
                        order[tail++] = j;
                    }
                }
            }
            return Arrays.copyOf(order, tail);
        }

        // ---------------------------------------------------------------- scheduling

        private void schedule() {
            synchronized (journalLock) {
                nextSeq = journal.nextSeq();
            }
            int threads = Math.min(options.parallelism(), steps.length);
            workers = Executors.newFixedThreadPool(threads, threadFactory("kombify-apply-"));
            timers = Executors.newSingleThreadScheduledExecutor(threadFactory("kombify-apply-timer-"));
            boolean interrupted = false;
            List<DeployEvent> events = new ArrayList<>();
            lock.lock();
            try {
                for (Step s : steps) {
                    if (s.waitingFor == 0) {
                        s.status = Status.READY;
                        s.lane.ready.add(s);
                    }
                }
                submitAll(dispatch(events));
                while (finished < steps.length && abort == null) {
                    if (options.cancellation().isCancelled() && !cancelled) {
                        cancelRemaining(events);
                    }
                    if (!events.isEmpty()) {
                        List<DeployEvent> copy = new ArrayList<>(events);
                        events.clear();
                        lock.unlock();
                        try {
                            copy.forEach(this::emit);
                        } finally {
                            lock.lock();
                        }
                        continue;
                    }
                    try {
                        // wakes at once when the last step ends; the timeout only notices a cancellation
                        // while every remaining step is running or waiting for a retry
                        finishedOrAborted.await(20, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                        if (!cancelled) {
                            cancelRemaining(events);
                        }
                    }
                }
            } finally {
                lock.unlock();
                events.forEach(this::emit);
                if (abort != null) {
                    workers.shutdownNow();
                } else {
                    workers.shutdown();
                }
                timers.shutdownNow();
                interrupted |= awaitTermination(workers);
                interrupted |= awaitTermination(timers);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            Throwable t = abort;
            if (t instanceof Error e) {
                throw e;
            }
            if (t instanceof RuntimeException e) {
                throw e;
            }
        }

        private boolean awaitTermination(ExecutorService service) {
            boolean interrupted = false;
            while (true) {
                try {
                    if (service.awaitTermination(1, TimeUnit.MINUTES)) {
                        return interrupted;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }

        /** Starts as many ready steps as the slots allow; the caller holds the lock. */
        private List<Step> dispatch(List<DeployEvent> events) {
            if (abort != null) {
                return List.of();
            }
            if (!cancelled && options.cancellation().isCancelled()) {
                cancelRemaining(events);
            }
            if (cancelled) {
                return List.of();
            }
            List<Step> started = null;
            long now = 0;
            boolean haveNow = false;
            while (running < options.parallelism()) {
                Lane best = null;
                for (Lane lane : lanes) {
                    Step head = lane.ready.peek();
                    if (head == null || lane.running >= lane.limit || lane.gate.running >= lane.gate.limit) {
                        continue;
                    }
                    if (lane.gate.intervalNanos > 0) {
                        if (!haveNow) {
                            now = System.nanoTime();
                            haveNow = true;
                        }
                        if (lane.gate.nextCallNanos != Long.MIN_VALUE && now - lane.gate.nextCallNanos < 0) {
                            wakeAt(lane.gate, now);
                            continue;
                        }
                    }
                    if (best == null || higher(head, best.ready.peek())) {
                        best = lane;
                    }
                }
                if (best == null) {
                    break;
                }
                Step s = best.ready.poll();
                s.status = Status.RUNNING;
                running++;
                best.running++;
                best.gate.running++;
                if (best.gate.intervalNanos > 0) {
                    long from = best.gate.nextCallNanos == Long.MIN_VALUE || now - best.gate.nextCallNanos > 0
                            ? now : best.gate.nextCallNanos;
                    best.gate.nextCallNanos = from + best.gate.intervalNanos;
                }
                if (started == null) {
                    started = new ArrayList<>(4);
                }
                started.add(s);
            }
            return started == null ? List.of() : started;
        }

        private boolean higher(Step a, Step b) {
            return a.height != b.height ? a.height > b.height : a.index < b.index;
        }

        private void wakeAt(Gate gate, long now) {
            if (gate.wakeupScheduled) {
                return;
            }
            gate.wakeupScheduled = true;
            timers.schedule(() -> {
                List<DeployEvent> events = new ArrayList<>();
                lock.lock();
                try {
                    gate.wakeupScheduled = false;
                    submitAll(dispatch(events));
                    signalIfDone();
                } finally {
                    lock.unlock();
                }
                events.forEach(this::emit);
            }, gate.nextCallNanos - now, TimeUnit.NANOSECONDS);
        }

        private void submitAll(List<Step> started) {
            for (Step s : started) {
                workers.execute(() -> work(s));
            }
        }

        /** A worker: runs a step, then whatever became ready that this thread may take on. */
        private void work(Step first) {
            try {
                Step s = first;
                while (s != null) {
                    s = attemptAndFinish(s);
                }
            } catch (Error | RuntimeException e) {
                // an Error thrown by a listener after a step was recorded: stop like a crash
                lock.lock();
                try {
                    if (abort == null) {
                        abort = e;
                    }
                    finishedOrAborted.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        private Step attemptAndFinish(Step s) {
            Attempt a;
            try {
                a = attempt(s);
            } catch (Error | RuntimeException e) {
                // the journal could not be written, or something else that no step outcome covers
                a = Attempt.abandoned(e);
            }
            List<DeployEvent> events = new ArrayList<>();
            Step next = null;
            lock.lock();
            try {
                next = finish(s, a, events);
            } finally {
                lock.unlock();
            }
            events.forEach(this::emit);
            return next;
        }

        /** Records how a step's attempt ended and picks up what became ready; the caller holds the lock. */
        private Step finish(Step s, Attempt a, List<DeployEvent> events) {
            running--;
            s.lane.running--;
            s.lane.gate.running--;
            switch (a.kind) {
                case SUCCEEDED -> {
                    s.status = Status.SUCCEEDED;
                    s.result = a.record;
                    finished++;
                    for (int i : s.successors) {
                        Step next = steps[i];
                        if (--next.waitingFor == 0 && next.status == Status.PENDING) {
                            next.status = Status.READY;
                            next.lane.ready.add(next);
                        }
                    }
                }
                case RETRY -> {
                    if (cancelled || abort != null) {
                        skip(s, CANCELLED_REASON, events);
                    } else {
                        s.status = Status.WAITING;
                        s.retryTimer = timers.schedule(() -> retryDue(s), a.delay.toNanos(), TimeUnit.NANOSECONDS);
                    }
                }
                case FAILED -> {
                    s.status = Status.FAILED;
                    finished++;
                    failures.add(a.failure);
                    skipDependents(s, events);
                }
                case PACED -> {
                    if (cancelled || abort != null) {
                        skip(s, CANCELLED_REASON, events);
                        break;
                    }
                    // handed over too early after the previous call: back to the queue until the pace allows it
                    s.status = Status.READY;
                    s.lane.ready.add(s);
                    Gate gate = s.lane.gate;
                    long earliest = gate.lastStartNanos + gate.intervalNanos;
                    if (gate.nextCallNanos == Long.MIN_VALUE || earliest - gate.nextCallNanos > 0) {
                        gate.nextCallNanos = earliest;
                    }
                }
                case ABANDONED -> {
                    if (abort == null) {
                        abort = a.error;
                    }
                    s.status = Status.FAILED;
                    finishedOrAborted.signalAll();
                    return null;
                }
            }
            List<Step> started = dispatch(events);
            signalIfDone();
            if (started.isEmpty()) {
                return null;
            }
            for (int i = 1; i < started.size(); i++) {
                Step other = started.get(i);
                workers.execute(() -> work(other));
            }
            return started.get(0);
        }

        /**
         * Takes the provider's pace token at the moment the call really starts, so that calls start
         * at least the interval apart even when a worker picked its step up late.
         */
        private boolean claimPace(Gate gate) {
            lock.lock();
            try {
                long now = System.nanoTime();
                if (gate.lastStartNanos != Long.MIN_VALUE && now - gate.lastStartNanos < gate.intervalNanos) {
                    return false;
                }
                gate.lastStartNanos = now;
                return true;
            } finally {
                lock.unlock();
            }
        }

        private void retryDue(Step s) {
            List<DeployEvent> events = new ArrayList<>();
            lock.lock();
            try {
                if (s.status != Status.WAITING) {
                    return;
                }
                s.retryTimer = null;
                if (cancelled || abort != null || options.cancellation().isCancelled()) {
                    if (!cancelled && abort == null) {
                        cancelRemaining(events);
                    } else {
                        skip(s, CANCELLED_REASON, events);
                    }
                } else {
                    s.status = Status.READY;
                    s.lane.ready.add(s);
                    submitAll(dispatch(events));
                }
                signalIfDone();
            } finally {
                lock.unlock();
            }
            events.forEach(this::emit);
        }

        private void signalIfDone() {
            if (finished == steps.length) {
                finishedOrAborted.signalAll();
            }
        }

        /** Skips every step that has not started; running ones finish. The caller holds the lock. */
        private void cancelRemaining(List<DeployEvent> events) {
            cancelled = true;
            for (Lane lane : lanes) {
                lane.ready.clear();
            }
            for (Step s : steps) {
                if (s.status == Status.PENDING || s.status == Status.READY || s.status == Status.WAITING) {
                    if (s.retryTimer != null) {
                        s.retryTimer.cancel(false);
                        s.retryTimer = null;
                    }
                    skip(s, CANCELLED_REASON, events);
                }
            }
            signalIfDone();
        }

        private void skipDependents(Step failed, List<DeployEvent> events) {
            String reason = failed.id + " could not be " + participle(failed.action);
            ArrayDeque<Step> todo = new ArrayDeque<>();
            for (int i : failed.successors) {
                todo.add(steps[i]);
            }
            while (!todo.isEmpty()) {
                Step s = todo.poll();
                if (s.status != Status.PENDING) {
                    continue;
                }
                skip(s, reason, events);
                for (int i : s.successors) {
                    todo.add(steps[i]);
                }
            }
        }

        private void skip(Step s, String reason, List<DeployEvent> events) {
            if (s.status == Status.READY) {
                s.lane.ready.remove(s);
            }
            s.status = Status.SKIPPED;
            finished++;
            events.add(new DeployEvent.StepSkipped(s.id, s.action, reason));
        }

        // ---------------------------------------------------------------- one provider call

        private Attempt attempt(Step s) {
            if (abort != null) {
                return Attempt.abandoned(abort);
            }
            prepare(s);
            if (!append(JournalEntry.Phase.BEGIN, s, Optional.ofNullable(s.intended), Optional.empty())) {
                // the run died before this call was journaled: it must not happen
                return Attempt.abandoned(abort);
            }
            if (s.lane.gate.intervalNanos > 0 && !claimPace(s.lane.gate)) {
                // a BEGIN without a call is harmless: recovery finds nothing made with its key
                return Attempt.PACED;
            }
            int attempt = ++s.attempts;
            if (attempt == 1) {
                s.firstStartNanos = System.nanoTime();
            }
            emit(new DeployEvent.StepStarted(s.id, s.action, attempt));
            ResourceRecord record = null;
            try {
                record = call(s);
            } catch (ProviderException e) {
                if (e.retryable() && attempt < options.retry().maxAttempts()) {
                    Duration delay = retryDelay(attempt, e.retryAfter());
                    emit(new DeployEvent.StepRetrying(s.id, s.action, attempt, delay, e.code(), message(e)));
                    return Attempt.retry(delay);
                }
                return failed(s, e.code(), message(e));
            } catch (KombifyException e) {
                return failed(s, e.code(), message(e));
            } catch (RuntimeException e) {
                return failed(s, "PROVIDER_FAILED", message(e));
            } catch (Error e) {
                // the process is considered dead: nothing more is journaled
                return Attempt.abandoned(e);
            }
            if (abort != null) {
                return Attempt.abandoned(abort);
            }
            append(JournalEntry.Phase.DONE, s, Optional.ofNullable(record), Optional.empty());
            emit(new DeployEvent.StepSucceeded(s.id, s.action, Duration.ofNanos(System.nanoTime() - s.firstStartNanos)));
            return Attempt.succeeded(record);
        }

        private Attempt failed(Step s, String code, String message) {
            if (abort != null) {
                return Attempt.abandoned(abort);
            }
            append(JournalEntry.Phase.FAILED, s, Optional.empty(), Optional.of(code + ": " + message));
            emit(new DeployEvent.StepFailed(s.id, s.action, code, message));
            return Attempt.failed(new StepFailure(s.id, s.action, code, message, s.attempts));
        }

        private ResourceRecord call(Step s) {
            PlannedChange c = s.change;
            switch (s.action) {
                case CREATE -> {
                    Resource desired = c.desired().orElseThrow();
                    ResourceState made = s.provider.create(new CreateRequest(s.id, desired.attributes(),
                            desired.sensitive(), s.key, context(s, s.key)));
                    return withState(s.intended, requireResult(made, s));
                }
                case UPDATE -> {
                    Resource desired = c.desired().orElseThrow();
                    ResourceRecord prior = c.prior().orElseThrow();
                    ResourceState updated = s.provider.update(new UpdateRequest(s.id, prior.providerId(),
                            prior.attributes(), desired.attributes(), changed(c, prior, desired),
                            desired.sensitive(), s.key, context(s, prior.idempotencyKey())));
                    return withState(s.intended, requireResult(updated, s));
                }
                case DELETE -> {
                    ResourceRecord prior = c.prior().orElseThrow();
                    s.provider.delete(new DeleteRequest(s.id, prior.providerId(), prior.attributes(), s.key,
                            context(s, prior.idempotencyKey())));
                    return null;
                }
                default -> throw new IllegalStateException("no step does " + s.action);
            }
        }

        private ResourceState requireResult(ResourceState state, Step s) {
            if (state == null) {
                throw new ProviderException(io.kombify.deploy.spi.ErrorKind.FATAL, "provider " + s.providerName
                        + " returned nothing for the " + s.action.name().toLowerCase(java.util.Locale.ROOT)
                        + " of " + s.id);
            }
            return state;
        }

        private ProviderContext context(Step s, String labelKey) {
            return new ProviderContext(plan.stack(), Map.of(
                    ProviderContext.LABEL_STACK, plan.stack(),
                    ProviderContext.LABEL_RESOURCE, s.id.toString(),
                    ProviderContext.LABEL_IDEMPOTENCY_KEY, labelKey), secrets);
        }

        private Duration retryDelay(int attempt, Optional<Duration> retryAfter) {
            Duration base = options.retry().baseDelay(attempt);
            double jitter = options.retry().jitter();
            long millis = base.toMillis();
            if (jitter > 0 && millis > 0) {
                millis += (long) (millis * jitter * ThreadLocalRandom.current().nextDouble());
            }
            Duration delay = Duration.ofMillis(millis);
            if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
                delay = retryAfter.get();
            }
            return delay;
        }

        /** Appends an entry unless the run died; says whether it did. */
        private boolean append(JournalEntry.Phase phase, Step s, Optional<ResourceRecord> result, Optional<String> error) {
            synchronized (journalLock) {
                if (abort != null) {
                    return false;
                }
                journal.append(new JournalEntry(nextSeq++, phase, s.action, s.id, s.providerName, s.key,
                        clock.instant(), result, error));
                return true;
            }
        }

        // ---------------------------------------------------------------- the result

        private Outcome outcome() {
            Map<ResourceId, ResourceRecord> resources = new TreeMap<>(state.resources());
            int created = 0;
            int updated = 0;
            int deleted = 0;
            Set<ResourceId> skipped = new HashSet<>();
            boolean cancelSkips = false;
            for (Step s : steps) {
                if (s.status == Status.SKIPPED) {
                    skipped.add(s.id);
                    cancelSkips |= cancelled;
                }
                if (s.status != Status.SUCCEEDED) {
                    continue;
                }
                switch (s.action) {
                    case CREATE -> {
                        created++;
                        if (s.partner == null || !s.createBeforeDestroy || s.partner.status == Status.SUCCEEDED) {
                            resources.put(s.id, s.result);
                        }
                        // else: the old resource is still there and stays recorded; the next apply replaces
                        // it again, and its create (same key) gets back the resource made here
                    }
                    case UPDATE -> {
                        updated++;
                        resources.put(s.id, s.result);
                    }
                    case DELETE -> {
                        deleted++;
                        if (s.partner == null || !s.createBeforeDestroy && s.partner.status != Status.SUCCEEDED) {
                            resources.remove(s.id);
                        }
                        // otherwise the record of the replacement, put in by its create, stays
                    }
                    default -> {
                    }
                }
            }
            failures.sort(Comparator.comparing(StepFailure::id).thenComparing(StepFailure::action));
            ApplyStatus status = !failures.isEmpty() ? ApplyStatus.FAILED
                    : cancelSkips ? ApplyStatus.CANCELLED : ApplyStatus.SUCCEEDED;
            return new Outcome(status, resources, created, updated, deleted, skipped.size(), failures, steps.length);
        }

        private void emit(DeployEvent event) {
            Executor.this.emit(event);
        }
    }

    private void emit(DeployEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException ignored) {
            // a broken progress display must not break an apply
        }
    }

    private static ResourceRecord withState(ResourceRecord intended, ResourceState state) {
        return new ResourceRecord(intended.id(), intended.provider(), state.providerId(), intended.attributes(),
                intended.sensitive(), state.outputs(), intended.dependsOn(), intended.idempotencyKey());
    }

    /**
     * The top-level attributes an update must change: those where the spec differs from the record,
     * and those where the plan found the resource differing from the spec (a change made outside
     * kombify, which leaves the record equal to the spec).
     */
    static Set<String> changed(PlannedChange c, ResourceRecord prior, Resource desired) {
        Set<String> changed = changedTopLevel(prior.attributes(), desired.attributes());
        for (AttributeChange a : c.changes()) {
            changed.add(topLevel(a.path()));
        }
        return changed;
    }

    /** The top-level attribute of a change's path: {@code environment} of {@code environment.TZ}, {@code ports} of {@code ports[0].host}. */
    static String topLevel(String path) {
        int end = path.length();
        int dot = path.indexOf('.');
        int bracket = path.indexOf('[');
        if (dot > 0) {
            end = dot;
        }
        if (bracket > 0 && bracket < end) {
            end = bracket;
        }
        return path.substring(0, end);
    }

    static Set<String> changedTopLevel(Map<String, Object> before, Map<String, Object> after) {
        Set<String> changed = new java.util.TreeSet<>();
        for (Map.Entry<String, Object> e : after.entrySet()) {
            if (!Objects.equals(e.getValue(), before.get(e.getKey())) || !before.containsKey(e.getKey())) {
                changed.add(e.getKey());
            }
        }
        for (String k : before.keySet()) {
            if (!after.containsKey(k)) {
                changed.add(k);
            }
        }
        return changed;
    }

    static String participle(Action action) {
        return switch (action) {
            case CREATE -> "created";
            case UPDATE -> "updated";
            case DELETE -> "deleted";
            case REPLACE -> "replaced";
            case NOOP -> "left as it is";
        };
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m;
    }

    private static ThreadFactory threadFactory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** How one attempt of a step ended. */
    private static final class Attempt {
        enum Kind { SUCCEEDED, RETRY, FAILED, PACED, ABANDONED }

        static final Attempt PACED = new Attempt(Kind.PACED, null, null, null, null);

        final Kind kind;
        final ResourceRecord record;
        final Duration delay;
        final StepFailure failure;
        final Throwable error;

        private Attempt(Kind kind, ResourceRecord record, Duration delay, StepFailure failure, Throwable error) {
            this.kind = kind;
            this.record = record;
            this.delay = delay;
            this.failure = failure;
            this.error = error;
        }

        static Attempt succeeded(ResourceRecord record) {
            return new Attempt(Kind.SUCCEEDED, record, null, null, null);
        }

        static Attempt retry(Duration delay) {
            return new Attempt(Kind.RETRY, null, delay, null, null);
        }

        static Attempt failed(StepFailure failure) {
            return new Attempt(Kind.FAILED, null, null, failure, null);
        }

        static Attempt abandoned(Throwable error) {
            return new Attempt(Kind.ABANDONED, null, null, null, error);
        }
    }
}
