package io.kombify.benchmarks;

import io.kombify.sim.SimulationReport;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.resolved.ResolvedService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineStartBenchmarkTest {

    @Test
    void bothEnginesStartTheSameTwentyNodesAndOnlyTheKitsServicesAreAdded() {
        ResolvedSpec spec = EngineStartBenchmark.twentyNodes();

        assertThat(spec.nodes()).hasSize(20);
        assertThat(spec.services()).extracting(ResolvedService::name).containsExactly("traefik", "dockge", "dozzle", "beszel");
    }

    @Test
    void theInMemoryEngineHasEveryNodeUpAfterTheFirstSecond() {
        SimulationReport report = EngineStartBenchmark.startInMemory(EngineStartBenchmark.twentyNodes());

        assertThat(report.topology().nodes()).hasSize(20);
        assertThat(report.duration()).isEqualTo(EngineStartBenchmark.FIRST_SECOND);
        assertThat(report.violations()).isEmpty();
    }
}
