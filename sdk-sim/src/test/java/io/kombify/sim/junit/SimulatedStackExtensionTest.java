package io.kombify.sim.junit;

import io.kombify.sim.EventKind;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.spec.ResolvedSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class SimulatedStackExtensionTest {

    @BeforeEach
    void clearWhatFixturesSaw() {
        SimulatedStackFixtures.SEEN.clear();
        SimulatedStackFixtures.THREADS.clear();
        SimulatedStackFixtures.BARRIER[0] = new CyclicBarrier(SimulatedStackFixtures.PARALLEL_TESTS);
    }

    private static TestExecutionSummary run(Class<?> testClass, Map<String, String> configuration) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameters(configuration)
                .configurationParameter(SimulatedStackFixtures.ENABLED, "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        return run(testClass, Map.of());
    }

    @Test
    void testsRunningInParallelShareOneReportComputedOnce() {
        TestExecutionSummary summary = run(SimulatedStackFixtures.SharedAcrossParallelTests.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"));

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(4);
        assertThat(new HashSet<>(SimulatedStackFixtures.THREADS.values())).hasSize(4);
        List<Object> reports = List.copyOf(SimulatedStackFixtures.SEEN.values());
        assertThat(reports).hasSize(4).allSatisfy(r -> assertThat(r).isSameAs(reports.get(0)));
        SimulationReport report = (SimulationReport) reports.get(0);
        assertThat(report.stack()).isEqualTo("two-sites");
        assertThat(report.seed()).isEqualTo(42);
        assertThat(report.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(report.allReady()).isTrue();
    }

    @Test
    void aMethodAnnotationOverridesTheClassesAndNestedClassesShareTheOuterReport() {
        TestExecutionSummary summary = run(SimulatedStackFixtures.MethodOverridesClass.class);

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
        SimulationReport classLevel = (SimulationReport) SimulatedStackFixtures.SEEN.get("classLevel");
        SimulationReport methodLevel = (SimulationReport) SimulatedStackFixtures.SEEN.get("methodLevel");
        assertThat(classLevel.stack()).isEqualTo("two-sites");
        assertThat(classLevel.seed()).isEqualTo(1);
        assertThat(SimulatedStackFixtures.SEEN.get("nested")).isSameAs(classLevel);
        assertThat(((Simulation) SimulatedStackFixtures.SEEN.get("classLevelSimulation")).seed()).isEqualTo(1);
        assertThat(((ResolvedSpec) SimulatedStackFixtures.SEEN.get("classLevelSpec")).name()).isEqualTo("two-sites");
        assertThat(methodLevel.stack()).isEqualTo("closet-lab");
        assertThat(methodLevel.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(methodLevel.events(EventKind.NODE_DOWN)).singleElement()
                .satisfies(e -> assertThat(e.time()).isEqualTo(Duration.ofMinutes(20)));
    }

    @Test
    void aMissingClasspathSpecFailsTheTestNamingTheResource() {
        TestExecutionSummary summary = run(SimulatedStackFixtures.MissingSpec.class);

        assertThat(summary.getFailures()).singleElement().satisfies(f -> assertThat(f.getException())
                .hasMessageContaining("@SimulatedStack(spec = \"classpath:specs/missing.yaml\"): no resource specs/missing.yaml on the class path"));
    }

    @Test
    void aFaultWithoutATimeFailsTheTestExplainingTheSyntax() {
        TestExecutionSummary summary = run(SimulatedStackFixtures.BadFault.class);

        assertThat(summary.getFailures()).singleElement().satisfies(f -> assertThat(f.getException())
                .hasMessageContaining("@SimulatedStack(faults): invalid fault 'node-crash:box': it needs a time after @, such as @10m"));
    }

    @Test
    void anUnreadableDurationFailsTheTest() {
        TestExecutionSummary summary = run(SimulatedStackFixtures.BadDuration.class);

        assertThat(summary.getFailures()).singleElement().satisfies(f -> assertThat(f.getException())
                .hasMessageContaining("@SimulatedStack(duration = \"a day\"): not a duration: 'a day'"));
    }
}
