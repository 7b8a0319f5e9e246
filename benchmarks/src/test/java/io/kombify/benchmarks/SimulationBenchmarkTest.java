package io.kombify.benchmarks;

import io.kombify.sim.EventKind;
import io.kombify.sim.Fault;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.ValidationPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationBenchmarkTest {

    private static final ResolvedSpec SMALL_FLEET = SpecResolver.builder().policy(ValidationPolicy.UNBOUNDED).build()
            .resolve(SpecReader.defaults().read("fleet.yaml", LargeSpecGenerator.generate(20, 200)));

    @Test
    void faultsAreTheSameForTheSameSeedAndSpreadOverTheDay() {
        List<Fault> faults = SimulationBenchmark.faults(SMALL_FLEET, new Random(SimulationBenchmark.SEED));

        assertThat(faults).hasSize(SimulationBenchmark.FAULTS)
                .isEqualTo(SimulationBenchmark.faults(SMALL_FLEET, new Random(SimulationBenchmark.SEED)));
        assertThat(faults).extracting(Fault::kind).contains(Fault.Kind.NODE_CRASH, Fault.Kind.CRASH_LOOP,
                Fault.Kind.MEMORY_PRESSURE, Fault.Kind.PARTITION, Fault.Kind.SITE_POWER_LOSS);
        assertThat(faults).allSatisfy(fault -> {
            assertThat(fault.time()).hasValueSatisfying(at -> assertThat(at).isLessThan(SimulationBenchmark.DAY));
            assertThat(fault.recovery()).isPresent();
        });
    }

    @Test
    void everyFaultStrikesAndRecoversWithinTheSimulatedDay() {
        List<Fault> faults = SimulationBenchmark.faults(SMALL_FLEET, new Random(SimulationBenchmark.SEED));
        Simulation simulation = Simulation.of(SMALL_FLEET).seed(SimulationBenchmark.SEED);
        for (Fault fault : faults) {
            simulation = simulation.fault(fault);
        }

        SimulationReport report = simulation.runFor(SimulationBenchmark.DAY.plus(Duration.ofHours(2)));

        long partitions = faults.stream().filter(f -> f.kind() == Fault.Kind.PARTITION).count();
        long crashLoops = faults.stream().filter(f -> f.kind() == Fault.Kind.CRASH_LOOP).count();
        assertThat(report.events(EventKind.PARTITION_STARTED)).hasSize((int) partitions);
        assertThat(report.events(EventKind.PARTITION_HEALED)).hasSize((int) partitions);
        assertThat(report.events(EventKind.CRASH_LOOP_STARTED)).hasSize((int) crashLoops);
        assertThat(report.events(EventKind.CRASH_LOOP_ENDED)).hasSize((int) crashLoops);
    }
}
