package io.kombify.sim.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.state.State;
import io.kombify.sim.Fault;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An apply of the hybrid sample killed after each of its steps in turn (the simulated provider's
 * crash-after-step fault), then resumed by a new process: a new provider on the saved world and
 * a new deployer on the same state directory. However it was interrupted, the resumed apply ends
 * with the state an uninterrupted apply has, and the world holds exactly one resource per
 * address: nothing lost, nothing made twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryTest {

    private Path dir;
    private ResourceGraph graph;
    private State uninterrupted;
    private SimulatedWorld uninterruptedWorld;
    private int steps;

    @BeforeAll
    void applyOnceWithoutInterruption(@TempDir Path base) {
        dir = base;
        graph = HybridApply.graph();
        Path reference = dir.resolve("uninterrupted");
        SimulatedProvider sim = HybridApply.provider(reference);
        ApplyResult result = HybridApply.deployer(reference, sim).apply(graph, PlanOptions.DEFAULT, HybridApply.options(1));
        assertThat(result.failures()).isEmpty();
        assertThat(result.succeeded()).isTrue();
        uninterrupted = result.state();
        uninterruptedWorld = sim.world();
        steps = sim.steps();
        assertThat(steps).as("steps of the uninterrupted apply: one create per resource").isEqualTo(graph.size());
        HybridApply.assertOnePerAddress(uninterruptedWorld, graph);
    }

    /** One step at a time: the resumed apply ends exactly as the uninterrupted one, provider identifiers and addresses included. */
    @TestFactory
    Stream<DynamicTest> aSequentialApplyKilledAfterAnyStepResumesToTheSameState() {
        return IntStream.rangeClosed(1, steps).mapToObj(k -> DynamicTest.dynamicTest("killed after step " + k + " of " + steps,
                () -> crashAndResume(dir.resolve("sequential-" + k), k, 1, true)));
    }

    /**
     * Ten at once: when the process dies, other calls are in flight and some finished in the world
     * without the journal hearing of it. Provider identifiers may then be numbered in another
     * order than in the uninterrupted apply, so records are compared without them. Every fourth
     * step and the last keep the run short; the sequential test covers every step.
     */
    @TestFactory
    Stream<DynamicTest> aParallelApplyKilledAfterAnyStepResumesToTheSameState() {
        return IntStream.rangeClosed(1, steps).filter(k -> k % 4 == 1 || k == steps)
                .mapToObj(k -> DynamicTest.dynamicTest("killed after step " + k + " of " + steps,
                () -> crashAndResume(dir.resolve("parallel-" + k), k, 10, false)));
    }

    private void crashAndResume(Path stateDir, int k, int parallelism, boolean exact) {
        SimulatedProvider dying = HybridApply.provider(stateDir, Fault.crashAfterStep(k));
        Deployer first = HybridApply.deployer(stateDir, dying);
        Throwable died = catchThrowable(() -> first.apply(graph, PlanOptions.DEFAULT, HybridApply.options(parallelism)));
        assertThat(died).as("the first apply dies after step %s", k).isInstanceOf(SimulatedCrash.class);
        assertThat(dying.steps()).as("steps that took effect before the crash").isGreaterThanOrEqualTo(k);

        SimulatedProvider restarted = HybridApply.provider(stateDir);
        Deployer second = HybridApply.deployer(stateDir, restarted);
        ApplyResult resumed = second.apply(graph, PlanOptions.DEFAULT, HybridApply.options(parallelism));

        assertThat(resumed.failures()).as("failed steps of the resumed apply").isEmpty();
        assertThat(resumed.succeeded()).isTrue();
        assertThat(resumed.recovered()).as("interrupted steps reconciled from the journal").isPositive();
        assertThat(resumed.state().specHash()).isEqualTo(uninterrupted.specHash());
        assertThat(HybridApply.comparable(resumed.state(), exact)).as("the resumed apply's records")
                .isEqualTo(HybridApply.comparable(uninterrupted, exact));
        HybridApply.assertOnePerAddress(restarted.world(), graph);
        assertThat(restarted.steps()).as("steps the resumed apply took: only what was left")
                .isEqualTo(steps - dying.steps());
        if (exact) {
            assertThat(restarted.world().resources()).as("the world after the resumed apply, labels and all but keys")
                    .usingRecursiveFieldByFieldElementComparatorIgnoringFields("labels")
                    .containsExactlyInAnyOrderElementsOf(uninterruptedWorld.resources());
        }
        assertThat(second.plan(graph, PlanOptions.DEFAULT).effectiveChanges()).as("changes left after the resumed apply").isEmpty();
    }
}
