package io.kombify.benchmarks;

import io.kombify.sim.EventKind;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.docker.DockerNodeEngine;
import io.kombify.sim.docker.NodeContainer;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting the same 20 nodes with the in-memory engine and with the Docker engine, side by side
 * in one run, so that their ratio is measured on one machine under one load. In memory, one
 * operation is a {@link Simulation} of the 20-node spec for the first simulated second, by which
 * every node is up (the kit's four services are scheduled as well); with Docker, it is {@link DockerNodeEngine#startAll} of the same nodes, one
 * container each, until every container runs. The containers are removed after each operation,
 * outside the measured time; the node image is built once per trial, so no operation pays for
 * it. The Docker benchmark needs a running Docker Engine and fails with the engine's message
 * (what was tried, how to install Docker) where none answers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class EngineStartBenchmark {

    /** The number of nodes each engine starts. */
    static final int NODES = 20;
    /** How long the in-memory run lasts: nodes are up from its first instant; the kit's services only begin their pulls. */
    static final Duration FIRST_SECOND = Duration.ofSeconds(1);

    /**
     * The 20-node spec with no services of its own; the kit adds its four (a proxy and three tools),
     * which the in-memory engine schedules too, so its figure is if anything too high.
     */
    static ResolvedSpec twentyNodes() {
        StringBuilder yaml = new StringBuilder("name: twenty-nodes\nnodes:\n");
        for (int i = 1; i <= NODES; i++) {
            yaml.append(String.format("  - name: node-%02d%n    type: %s%n    provider: docker%n"
                    + "    resources: {cpu: 2, memory: 4Gi, disk: 64Gi}%n", i, i == 1 ? "main" : "worker"));
        }
        yaml.append("services: []\n");
        return SpecResolver.create().resolve(SpecReader.defaults().readString("twenty-nodes.yaml", yaml.toString()));
    }

    /** Runs the in-memory engine over the spec; fails when a node is missing or went down. */
    static SimulationReport startInMemory(ResolvedSpec spec) {
        SimulationReport report = Simulation.of(spec).seed(0).runFor(FIRST_SECOND);
        if (report.topology().nodes().size() != NODES || !report.events(EventKind.NODE_DOWN).isEmpty()) {
            throw new IllegalStateException("the in-memory engine did not bring up " + NODES + " nodes: "
                    + report.topology().nodes().size() + " nodes, " + report.events(EventKind.NODE_DOWN).size() + " went down");
        }
        return report;
    }

    /** The spec only; the in-memory engine needs nothing else. */
    @State(Scope.Benchmark)
    public static class InMemory {
        ResolvedSpec spec;

        @Setup(Level.Trial)
        public void prepare() {
            spec = twentyNodes();
            startInMemory(spec);
        }
    }

    /** A connected Docker engine with the node image built; each operation's containers are removed after it. */
    @State(Scope.Benchmark)
    public static class Docker {
        ResolvedSpec spec;
        DockerNodeEngine engine;

        @Setup(Level.Trial)
        public void connect() {
            spec = twentyNodes();
            engine = DockerNodeEngine.connect();
            // Creating one container builds the node image when it is missing, so no operation pays for it.
            engine.destroy(engine.create(spec.nodes().get(0)));
        }

        @TearDown(Level.Invocation)
        public void removeContainers() {
            engine.removeRun();
        }

        @TearDown(Level.Trial)
        public void close() {
            engine.close();
        }
    }

    @Benchmark
    public SimulationReport inMemory(InMemory state) {
        return startInMemory(state.spec);
    }

    @Benchmark
    public List<NodeContainer> docker(Docker state) {
        List<NodeContainer> started = state.engine.startAll(state.spec);
        if (started.size() != NODES) {
            throw new IllegalStateException("Docker started " + started.size() + " of " + NODES + " nodes");
        }
        return started;
    }
}
