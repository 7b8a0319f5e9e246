package io.kombify.benchmarks;

import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Providers;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.state.InMemoryStateStore;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of applying: {@link Deployer#apply(Plan, ApplyOptions)} of a plan that creates every
 * resource of a graph, into an {@link InMemoryStateStore} (lock, journal of every call, state
 * written at the end), with the in-memory {@link LatencyProvider}s of {@link DeployGraphs}. Each
 * operation starts from an empty store and empty providers, made and planned outside the measured
 * time.
 *
 * <p>{@link #applyZeroLatency} applies the 10,000 resources of {@link DeployGraphs#fleet} with
 * providers that take no time: what is left is the engine's own cost. JMH divides the time by the
 * 10,000 resources, so its score is the time per resource (target: at most 50 µs).
 *
 * <p>{@link #makespan} applies 200 resources with providers that take {@code latencyMs} per call
 * and compares the wall time with the lower bound no schedule can beat,
 * {@code max(critical path × latency, resources × latency / parallelism)}, computed from the graph
 * in set-up. {@code shape=spine} is {@link DeployGraphs#spine} (a chain of 25 beside 175
 * independent resources), whose bound a longest-chain-first schedule reaches exactly, so its ratio
 * shows the engine's overhead (and what the providers' sleeps overshoot); {@code shape=fleet} is
 * the realistic {@link DeployGraphs#fleet} of 200, narrow at the start (key, network, subnet,
 * machines), where even an ideal schedule may miss the bound: set-up prints how many steps an ideal
 * schedule without overhead takes ({@link DeployGraphs#listScheduleSteps}). The ratio appears in JMH's output as the counter
 * {@code ratio}; {@code ratioToMeasuredLatency} is the same with the bound computed from the mean
 * call time the providers measured, which takes out what {@link Thread#sleep} overshot.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class ExecutorBenchmark {

    /** Resources applied by {@link #applyZeroLatency}. */
    public static final int RESOURCES = 10_000;
    /** Resources applied by {@link #makespan}. */
    static final int MAKESPAN_RESOURCES = 200;
    /** The critical path of the {@code spine} shape, in steps. */
    static final int SPINE_CHAIN = 25;

    /** An empty store and providers with a plan creating the graph, made afresh for every apply. */
    static final class Fresh {
        final List<LatencyProvider> providers;
        final InMemoryStateStore store = new InMemoryStateStore();
        final Deployer deployer;
        final Plan plan;

        Fresh(ResourceGraph graph, Duration latency) {
            providers = DeployGraphs.providers(latency);
            deployer = Deployer.builder().providers(Providers.of(providers)).stateStore(store).build();
            plan = deployer.plan(graph, PlanOptions.DEFAULT);
        }

        ApplyResult apply(int parallelism) {
            return deployer.apply(plan, ApplyOptions.defaults().withParallelism(parallelism));
        }

        /** Fails unless the apply succeeded and the state and the providers hold every resource. */
        void check(ApplyResult result, int parallelism) {
            int size = plan.graph().size();
            long held = providers.stream().mapToLong(LatencyProvider::size).sum();
            int most = providers.stream().mapToInt(LatencyProvider::maxInFlight).max().orElse(0);
            if (result == null || !result.succeeded() || result.created() != size
                    || result.state().resources().size() != size || held != size) {
                throw new IllegalStateException("the apply of " + size + " resources did not create them all: "
                        + (result == null ? "no result" : result.status() + ", " + result.created() + " created, "
                        + result.state().resources().size() + " recorded, failures " + result.failures())
                        + "; the providers hold " + held);
            }
            if (most > parallelism) {
                throw new IllegalStateException(most + " calls ran at once with parallelism " + parallelism);
            }
        }

        /** The mean time a provider call took, as the providers measured it. */
        Duration meanCallTime() {
            long calls = providers.stream().mapToLong(LatencyProvider::calls).sum();
            long nanos = providers.stream().mapToLong(p -> p.meanCallTime().toNanos() * p.calls()).sum();
            return calls == 0 ? Duration.ZERO : Duration.ofNanos(nanos / calls);
        }
    }

    @State(Scope.Benchmark)
    public static class ZeroLatency {
        @Param({"1", "4", "16"})
        public int parallelism;

        ResourceGraph graph;
        Fresh fresh;
        ApplyResult result;

        @Setup(Level.Trial)
        public void graph() {
            graph = DeployGraphs.fleet(RESOURCES);
            System.out.printf("# %d resources, longest chain %d, parallelism %d%n", graph.size(),
                    DeployGraphs.longestChain(graph), parallelism);
        }

        @Setup(Level.Invocation)
        public void fresh() {
            fresh = new Fresh(graph, Duration.ZERO);
            result = null;
        }

        @TearDown(Level.Invocation)
        public void check() {
            fresh.check(result, parallelism);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RESOURCES)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ApplyResult applyZeroLatency(ZeroLatency s) {
        s.result = s.fresh.apply(s.parallelism);
        return s.result;
    }

    @State(Scope.Benchmark)
    public static class FixedLatency {
        @Param({"4", "8", "16"})
        public int parallelism;

        /** {@code spine}: a chain of 25 beside independent resources; {@code fleet}: the realistic shape. */
        @Param({"spine", "fleet"})
        public String shape;

        @Param({"5"})
        public int latencyMs;

        ResourceGraph graph;
        int criticalPath;
        Fresh fresh;
        ApplyResult result;
        long makespanNanos;

        @Setup(Level.Trial)
        public void graph() {
            graph = graph(shape);
            criticalPath = DeployGraphs.longestChain(graph);
            int scheduled = DeployGraphs.listScheduleSteps(graph, parallelism);
            System.out.printf("# %s: %d resources, critical path %d steps; latency %d ms, parallelism %d: "
                            + "lower bound max(%d x %d, %d x %d / %d) = %.1f ms; an ideal longest-chain-first "
                            + "schedule takes %d steps = %d ms (%.3f x the bound)%n", shape, graph.size(), criticalPath,
                    latencyMs, parallelism, criticalPath, latencyMs, graph.size(), latencyMs, parallelism,
                    lowerBoundNanos(Duration.ofMillis(latencyMs)) / 1e6, scheduled, scheduled * latencyMs,
                    scheduled * latencyMs * 1e6 / lowerBoundNanos(Duration.ofMillis(latencyMs)));
        }

        static ResourceGraph graph(String shape) {
            return switch (shape) {
                case "spine" -> DeployGraphs.spine(MAKESPAN_RESOURCES, SPINE_CHAIN);
                case "fleet" -> DeployGraphs.fleet(MAKESPAN_RESOURCES);
                default -> throw new IllegalArgumentException("shape must be spine or fleet: " + shape);
            };
        }

        /** {@code max(critical path × latency, steps × latency / parallelism)}: no schedule finishes sooner. */
        double lowerBoundNanos(Duration latency) {
            return lowerBoundNanos(criticalPath, graph.size(), parallelism, latency);
        }

        static double lowerBoundNanos(int criticalPath, int steps, int parallelism, Duration latency) {
            double l = latency.toNanos();
            return Math.max(criticalPath * l, steps * l / parallelism);
        }

        @Setup(Level.Invocation)
        public void fresh() {
            fresh = new Fresh(graph, Duration.ofMillis(latencyMs));
            result = null;
        }

        @TearDown(Level.Invocation)
        public void check() {
            fresh.check(result, parallelism);
        }
    }

    /**
     * The makespan's ratio to the lower bound. JMH adds {@code EVENTS} counters up over the
     * measured iterations of all forks, so each iteration reports its mean ratio divided by their
     * number: the summary shows the mean ratio, the lines of single iterations their share of it
     * (each iteration prints its own ratio when it ends).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Ratio {
        private int iterations = 1;
        private int applies;
        private double sum;
        private double sumMeasured;

        @Setup(Level.Trial)
        public void iterations(BenchmarkParams params) {
            iterations = Math.max(1, params.getMeasurement().getCount()) * Math.max(1, params.getForks());
        }

        @Setup(Level.Iteration)
        public void reset() {
            applies = 0;
            sum = 0;
            sumMeasured = 0;
        }

        @TearDown(Level.Iteration)
        public void print() {
            if (applies > 0) {
                System.out.printf("# %d applies, makespan / lower bound %.3f (with the measured call time %.3f)%n",
                        applies, sum / applies, sumMeasured / applies);
            }
        }

        @TearDown(Level.Invocation)
        public void add(FixedLatency s) {
            applies++;
            sum += s.makespanNanos / s.lowerBoundNanos(Duration.ofMillis(s.latencyMs));
            sumMeasured += s.makespanNanos / s.lowerBoundNanos(s.fresh.meanCallTime());
        }

        /** The mean ratio of this iteration's applies, divided by the number of measured iterations. */
        public double ratio() {
            return applies == 0 ? 0 : sum / applies / iterations;
        }

        /** The same against the bound computed with the mean call time the providers measured. */
        public double ratioToMeasuredLatency() {
            return applies == 0 ? 0 : sumMeasured / applies / iterations;
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ApplyResult makespan(FixedLatency s, Ratio ratio) {
        long start = System.nanoTime();
        s.result = s.fresh.apply(s.parallelism);
        s.makespanNanos = System.nanoTime() - start;
        return s.result;
    }
}
