package io.kombify.benchmarks;

import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Providers;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.state.InMemoryStateStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of planning a large stack: {@link Deployer#plan} of a graph from
 * {@link DeployGraphs#fleet} with refresh on, as {@code kombify plan} does it.
 *
 * <p>{@code state=empty} plans against a stack that has no state yet: every resource is a create
 * and nothing is read. {@code state=applied} plans against the state of an apply of the same graph
 * made in set-up: refresh reads every recorded resource through the in-memory provider (which
 * takes no time per call), compares desired, recorded and actual attributes, and every resource
 * is a no-op. The target is at most 200 ms for 10,000 resources; {@code 1000} shows the scaling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class PlannerBenchmark {

    @Param({"1000", "10000"})
    public int resources;

    /** {@code empty}: no state yet, all creates; {@code applied}: the state of an apply of the same graph, all no-ops. */
    @Param({"empty", "applied"})
    public String state;

    private ResourceGraph graph;
    private Deployer deployer;

    @Setup(Level.Trial)
    public void prepare() {
        graph = DeployGraphs.fleet(resources);
        Planning planning = Planning.of(graph, state);
        deployer = planning.deployer();
        Plan plan = plan();
        planning.check(plan);
        System.out.printf("# %d resources, state %s: %s; %d provider reads%n", graph.size(), state, plan.summary(),
                planning.reads());
    }

    @Benchmark
    public Plan plan() {
        return deployer.plan(graph, PlanOptions.DEFAULT);
    }

    /**
     * A deployer over fresh zero-latency providers and an in-memory store, holding either nothing
     * or the state of an apply of the graph, and what a plan against it must say.
     */
    record Planning(ResourceGraph graph, String state, Deployer deployer, List<LatencyProvider> providers) {

        static Planning of(ResourceGraph graph, String state) {
            List<LatencyProvider> providers = DeployGraphs.providers(Duration.ZERO);
            Deployer deployer = Deployer.builder().providers(Providers.of(providers))
                    .stateStore(new InMemoryStateStore()).build();
            switch (state) {
                case "empty" -> {
                }
                case "applied" -> {
                    ApplyResult applied = deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults());
                    if (!applied.succeeded() || applied.state().resources().size() != graph.size()) {
                        throw new IllegalStateException("the apply in set-up did not record every resource: "
                                + applied.status() + ", " + applied.state().resources().size() + " of " + graph.size()
                                + ", failures " + applied.failures());
                    }
                }
                default -> throw new IllegalArgumentException("state must be empty or applied: " + state);
            }
            return new Planning(graph, state, deployer, providers);
        }

        /** Fails unless the plan creates everything (empty state) or leaves everything as it is (applied). */
        void check(Plan plan) {
            Action expected = state.equals("empty") ? Action.CREATE : Action.NOOP;
            int count = plan.counts().get(expected);
            if (count != graph.size() || plan.changes().size() != graph.size()) {
                throw new IllegalStateException("planning " + graph.size() + " resources against the " + state
                        + " state should give " + graph.size() + " x " + expected + ", not: " + plan.summary());
            }
        }

        /** How many reads the providers served, refreshes included. */
        long reads() {
            return providers.stream().mapToLong(LatencyProvider::reads).sum();
        }
    }
}
