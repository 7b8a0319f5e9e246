package io.kombify.benchmarks;

import io.kombify.core.ByteSize;
import io.kombify.sim.Fault;
import io.kombify.sim.NodeCapacity;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.model.SimNode;
import io.kombify.sim.model.Site;
import io.kombify.sim.model.Topology;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.ValidationPolicy;
import io.kombify.spec.resolved.ResolvedService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The cost of simulating a day of a large stack: {@code runFor(24 h)} of a resolved spec with
 * 100 faults spread over that day (node crashes, site power losses, partitions, crash loops and
 * memory pressure, each recovering). The spec is generated and resolved once in set-up, so one
 * operation is exactly what a test or CLI run pays for the simulation itself.
 *
 * <p>{@code size=10x} is 1,000 nodes and 10,000 services, the performance target; {@code 1x},
 * {@code 2x} and {@code 4x} form the scaling series. The fork gets a 512 MB heap, so a run of the
 * large case that does not fit fails instead of reporting a time. The faults depend only on
 * {@link #SEED} and the stack, and set-up prints the event count of the run, the {@code n} the
 * time per operation is to be compared with.
 *
 * <p>{@code fleet=sized} is the realistic case: every node the generator over-commits gets the
 * CPU and memory its placed services request plus a quarter, as a user fixing the simulation's
 * {@code NODE_OVERCOMMIT_*} findings would, so only the faults make containers fail.
 * {@code fleet=overcommitted} is the generator's fleet unchanged, a stress case: about a fifth of
 * the nodes cannot hold their services, and the biggest container on each is killed for memory
 * and restarted every minute of the day.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class SimulationBenchmark {

    /** Seeds both the fault choice and the simulation. */
    static final long SEED = 20_260_424L;
    static final int FAULTS = 100;
    static final Duration DAY = Duration.ofHours(24);

    @Param({"1x", "2x", "4x", "10x"})
    public String size;

    /** {@code sized}: no node over-committed; {@code overcommitted}: the generator's fleet as is. */
    @Param({"sized", "overcommitted"})
    public String fleet;

    private ResolvedSpec resolved;
    private List<Fault> faults;

    @Setup
    public void prepare() {
        int factor = Integer.parseInt(size.substring(0, size.length() - 1));
        String yaml = LargeSpecGenerator.yaml(LargeSpecGenerator.LARGE_NODES * factor,
                LargeSpecGenerator.LARGE_SERVICES * factor);
        resolved = resolve(yaml);
        int resized = 0;
        if (fleet.equals("sized")) {
            Map<String, long[]> requested = new HashMap<>();
            for (ResolvedService s : resolved.services()) {
                if (s.enabled() && s.node() != null) {
                    long[] r = requested.computeIfAbsent(s.node(), n -> new long[2]);
                    r[0] += s.cpuRequest() != null ? s.cpuRequest().millis() : s.cpuLimit() != null ? s.cpuLimit().millis() : 0;
                    r[1] += s.memoryRequest() != null ? s.memoryRequest().bytes()
                            : s.memoryLimit() != null ? s.memoryLimit().bytes() : 0;
                }
            }
            for (SimNode node : Topology.of(resolved).nodes()) {
                long[] r = requested.getOrDefault(node.name(), new long[2]);
                if (r[0] > node.cpu().millis() || r[1] > node.memory().bytes()) {
                    yaml = sizeNode(yaml, node, r[0], r[1]);
                    resized++;
                }
            }
            resolved = resolve(yaml);
        } else if (!fleet.equals("overcommitted")) {
            throw new IllegalArgumentException("fleet must be sized or overcommitted: " + fleet);
        }
        faults = faults(resolved, new Random(SEED));
        SimulationReport report = run();
        long overcommitted = report.capacity().values().stream().filter(NodeCapacity::isOvercommitted).count();
        System.out.printf("# %s %s: %d nodes (%d resized, %d over-committed), %d services, %d faults, %d events, %d violations%n",
                size, fleet, resolved.nodes().size(), resized, overcommitted, resolved.services().size(), faults.size(),
                report.events().size(), report.violations().size());
    }

    @Benchmark
    public SimulationReport runDay() {
        return run();
    }

    private SimulationReport run() {
        Simulation simulation = Simulation.of(resolved).seed(SEED);
        for (Fault fault : faults) {
            simulation = simulation.fault(fault);
        }
        return simulation.runFor(DAY);
    }

    private static ResolvedSpec resolve(String yaml) {
        return SpecResolver.builder().policy(ValidationPolicy.UNBOUNDED).build()
                .resolve(SpecReader.builder().maxDocumentBytes(64 << 20).build()
                        .read("fleet.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Gives {@code node} whole cores and gibibytes covering what its services
     * request plus a quarter, by rewriting the {@code cpu} and {@code memory} lines of its
     * {@code resources} block in the generated YAML.
     */
    static String sizeNode(String yaml, SimNode node, long cpuRequestedMillis, long memoryRequestedBytes) {
        int at = yaml.indexOf("  - name: " + node.name() + "\n    type: ");
        if (at < 0) {
            throw new IllegalStateException("node " + node.name() + " not found in the generated spec");
        }
        long cores = (Math.max(node.cpu().millis(), cpuRequestedMillis * 5 / 4) + 999) / 1000;
        long gib = (Math.max(node.memory().bytes(), memoryRequestedBytes * 5 / 4) + GIB - 1) / GIB;
        yaml = replaceLine(yaml, at, "      cpu: ", Long.toString(cores));
        return replaceLine(yaml, at, "      memory: ", gib + "Gi");
    }

    private static final long GIB = 1L << 30;

    private static String replaceLine(String yaml, int from, String prefix, String value) {
        int start = yaml.indexOf("\n" + prefix, from) + 1 + prefix.length();
        int end = yaml.indexOf('\n', start);
        return yaml.substring(0, start) + value + yaml.substring(end);
    }

    /**
     * {@value #FAULTS} faults at random minutes of the day, each ending after 5 minutes to 2 hours;
     * the mix leans to the common failures (a node or a container) over the rare, wide ones.
     */
    static List<Fault> faults(ResolvedSpec spec, Random random) {
        Topology topology = Topology.of(spec);
        List<String> nodes = topology.nodes().stream().map(n -> n.name()).toList();
        List<String> sites = topology.sites().stream().map(Site::name).toList();
        List<String> services = spec.services().stream().filter(ResolvedService::enabled).map(ResolvedService::name).toList();
        List<Fault> chosen = new ArrayList<>(FAULTS);
        for (int i = 0; i < FAULTS; i++) {
            int roll = random.nextInt(100);
            Fault fault;
            if (roll < 40) {
                fault = Fault.nodeCrash(pick(nodes, random));
            } else if (roll < 65) {
                fault = Fault.crashLoop(pick(services, random));
            } else if (roll < 85) {
                fault = Fault.memoryPressure(pick(nodes, random), ByteSize.ofGibibytes(1 + random.nextInt(8)));
            } else if (roll < 95 && sites.size() > 1) {
                String a = pick(sites, random);
                String b;
                do {
                    b = pick(sites, random);
                } while (b.equals(a));
                fault = Fault.partition(a, b);
            } else {
                fault = Fault.sitePowerLoss(pick(sites, random));
            }
            Duration at = Duration.ofMinutes(random.nextInt((int) DAY.toMinutes()));
            Duration recovery = Duration.ofMinutes(5 + random.nextInt(116));
            chosen.add(fault.at(at).recoverAfter(recovery));
        }
        return chosen;
    }

    private static String pick(List<String> names, Random random) {
        return names.get(random.nextInt(names.size()));
    }
}
