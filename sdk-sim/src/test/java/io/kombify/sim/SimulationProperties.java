package io.kombify.sim;

import io.kombify.core.ByteSize;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.resolved.ResolvedService;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationProperties {

    /** A generated stack with up to three faults aimed at its own nodes, sites and services. */
    record Scenario(GeneratedStack stack, long seed, List<FaultGen> faults) {
        Simulation simulation() {
            ResolvedSpec spec = Specs.yaml(stack.yaml());
            Simulation sim = Simulation.of(spec).seed(seed);
            for (FaultGen f : faults) {
                Fault fault = f.build(stack);
                if (fault != null) {
                    sim = sim.fault(fault);
                }
            }
            return sim;
        }
    }

    record FaultGen(int kind, int target, int minutes, int recoverMinutes) {
        Fault build(GeneratedStack stack) {
            String node = stack.nodes().get(target % stack.nodes().size()).name();
            String service = stack.services().get(target % stack.services().size()).name();
            List<String> sites = stack.sites();
            Fault f = switch (kind) {
                case 0 -> Fault.nodeCrash(node);
                case 1 -> Fault.crashLoop(service);
                case 2 -> Fault.memorySpike(service, ByteSize.ofGibibytes(2));
                case 3 -> Fault.diskFull(node);
                case 4 -> Fault.memoryPressure(node, ByteSize.ofGibibytes(1));
                case 5 -> sites.size() < 2 ? null : Fault.partition(sites.get(0), sites.get(1));
                case 7 -> stack.nodes().size() < 2 ? null
                        : Fault.partition(node, stack.nodes().get((target + 1) % stack.nodes().size()).name());
                case 8 -> sites.size() < 2 ? null
                        : Fault.linkDegradation(sites.get(0), sites.get(1), Duration.ofSeconds(target % 2 == 0 ? 0 : 60), 40);
                default -> Fault.sitePowerLoss(sites.get(target % sites.size()));
            };
            if (f == null) {
                return null;
            }
            f = f.at(Duration.ofMinutes(minutes));
            return recoverMinutes > 0 ? f.recoverAfter(Duration.ofMinutes(recoverMinutes)) : f;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<FaultGen> fault = Combinators.combine(Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 120), Arbitraries.integers().between(0, 30)).as(FaultGen::new);
        return Combinators.combine(GeneratedStack.stacks(false), Arbitraries.longs(), fault.list().ofMaxSize(3)).as(Scenario::new);
    }

    @Provide
    Arbitrary<GeneratedStack> roomyStacks() {
        return GeneratedStack.stacks(true);
    }

    @Property(tries = 40)
    void sameSeedGivesByteIdenticalJson(@ForAll("scenarios") Scenario scenario) {
        String first = scenario.simulation().runFor(Duration.ofHours(3)).toJson();
        String second = scenario.simulation().runFor(Duration.ofHours(3)).toJson();

        assertThat(second).isEqualTo(first);
    }

    @Property(tries = 60)
    void noServiceBecomesHealthyWhileSomethingItNeedsIsNot(@ForAll("scenarios") Scenario scenario) {
        Simulation sim = scenario.simulation();
        SimulationReport report = sim.runFor(Duration.ofHours(3));
        Map<String, List<String>> needs = new HashMap<>();
        for (ResolvedService s : sim.spec().services()) {
            needs.put(s.name(), s.needs());
        }

        Set<String> healthy = new HashSet<>();
        Set<String> started = new HashSet<>();
        for (SimEvent e : report.events()) {
            switch (e.kind()) {
                case HEALTHY -> {
                    assertThat(healthy).as("needs of %s at %s", e.subject(), e.time()).containsAll(needs.get(e.subject()));
                    healthy.add(e.subject());
                }
                case CONTAINER_STARTED -> {
                    if (started.add(e.subject())) {
                        assertThat(healthy).as("needs of %s at its first start %s", e.subject(), e.time()).containsAll(needs.get(e.subject()));
                    }
                }
                case UNHEALTHY, CONTAINER_EXITED -> healthy.remove(e.subject());
                case NODE_DOWN -> report.services().values().stream().filter(o -> o.node().equals(e.subject()))
                        .forEach(o -> healthy.remove(o.name()));
                default -> {
                }
            }
        }
        for (ServiceOutcome o : report.services().values()) {
            if (o.readyAt() != null) {
                for (String need : needs.get(o.name())) {
                    assertThat(report.service(need).orElseThrow().readyAt()).isNotNull().isLessThanOrEqualTo(o.readyAt());
                }
            }
        }
    }

    @Property(tries = 60)
    void overCommitIsNeverSilent(@ForAll("scenarios") Scenario scenario) {
        Simulation sim = scenario.simulation();
        SimulationReport report = sim.runFor(Duration.ofHours(1));

        Set<String> created = new HashSet<>();
        report.events(EventKind.CONTAINER_CREATED).forEach(e -> created.add(e.subject()));
        boolean anyOvercommit = false;
        for (var node : sim.spec().nodes()) {
            long memory = 0;
            long cpu = 0;
            for (ResolvedService s : sim.spec().servicesOn(node.name())) {
                if (created.contains(s.name())) {
                    memory += s.memoryRequest().bytes();
                    cpu += s.cpuRequest().millis();
                }
            }
            boolean memoryReported = report.violations("NODE_OVERCOMMIT_MEMORY").stream().anyMatch(v -> v.subject().equals(node.name()));
            boolean cpuReported = report.violations("NODE_OVERCOMMIT_CPU").stream().anyMatch(v -> v.subject().equals(node.name()));
            assertThat(memoryReported).as("memory over-commit of %s reported", node.name()).isEqualTo(memory > node.memory().bytes());
            assertThat(cpuReported).as("CPU over-commit of %s reported", node.name()).isEqualTo(cpu > node.cpu().millis());
            anyOvercommit |= memoryReported || cpuReported;
        }
        Statistics.label("over-committed").collect(anyOvercommit);
        Statistics.label("over-committed").coverage(c -> {
            c.check(true).count(n -> n > 0);
            c.check(false).count(n -> n > 0);
        });
    }

    @Property(tries = 40)
    void nodeCrashTakesDownExactlyItsPredictedImpact(@ForAll("roomyStacks") GeneratedStack stack, @ForAll("nodeIndex") int index) {
        ResolvedSpec spec = Specs.yaml(stack.yaml());
        SimulationReport baseline = Simulation.of(spec).runFor(Duration.ofHours(2));
        Assume.that(baseline.allReady());
        String node = stack.nodes().get(index % stack.nodes().size()).name();

        SimulationReport crashed = Simulation.of(spec).fault(Fault.nodeCrash(node).at(Duration.ofHours(1))).runFor(Duration.ofHours(2));

        assertThat(crashed.failureImpact()).isEqualTo(baseline.failureImpact());
        spec.servicesOn(node).forEach(s -> assertThat(crashed.service(s.name()).orElseThrow().state()).isEqualTo(ServiceState.DOWN));
        List<String> unavailable = crashed.services().values().stream().filter(o -> !o.isReady()).map(ServiceOutcome::name).toList();
        assertThat(unavailable).isEqualTo(crashed.failureImpact().ofNode(node));
    }

    @Property(tries = 60)
    void everyNeedTheConfigurationBlocksIsAViolationAndTheDependentStaysHealthy(@ForAll("roomyStacks") GeneratedStack stack) {
        SimulationReport report = Simulation.of(Specs.yaml(stack.yaml())).runFor(Duration.ofHours(2));

        Set<String> blocked = new HashSet<>();
        report.blockedNeeds().forEach(r -> blocked.add(r.from() + " -> " + r.to()));
        Set<String> violated = new HashSet<>();
        for (Violation v : report.violations("NEED_UNREACHABLE")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^Service \\S+ on \\S+ needs (\\S+) on ").matcher(v.message());
            assertThat(m.find()).as(v.message()).isTrue();
            assertThat(violated.add(v.subject() + " -> " + m.group(1))).as("reported once: %s", v.message()).isTrue();
            assertThat(report.service(v.subject()).orElseThrow().isReady()).as("%s stays healthy", v.subject()).isTrue();
        }
        assertThat(violated).isEqualTo(blocked);
        Statistics.label("needs blocked").collect(!blocked.isEmpty());
        Statistics.label("needs blocked").coverage(c -> {
            c.check(true).count(n -> n > 0);
            c.check(false).count(n -> n > 0);
        });
    }

    @Provide
    Arbitrary<Integer> nodeIndex() {
        return Arbitraries.integers().between(0, 2);
    }
}
