package io.kombify.sim.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.state.LocalDirectoryStateStore;
import io.kombify.deploy.state.LockInfo;
import io.kombify.deploy.state.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real {@code kill -9}: a child JVM applies the hybrid sample slowly through the simulated
 * provider; once its journal shows k finished steps the test kills it forcibly, then resumes the
 * apply in this process on the same directory. The resumed apply ends as an uninterrupted one,
 * with exactly one resource per address in the world the killed process left.
 */
class KilledProcessTest {

    private static final Duration LATENCY = Duration.ofMillis(150);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static ResourceGraph graph;
    private static State uninterrupted;

    @BeforeAll
    static void applyOnceWithoutInterruption(@TempDir Path reference) {
        graph = HybridApply.graph();
        ApplyResult result = HybridApply.deployer(reference, HybridApply.provider(reference))
                .apply(graph, PlanOptions.DEFAULT, HybridApply.options(1));
        assertThat(result.succeeded()).isTrue();
        uninterrupted = result.state();
    }

    @ParameterizedTest(name = "killed after {0} steps")
    @ValueSource(ints = {1, 17, 40})
    void anApplyWhoseProcessIsKilledResumesInANewProcess(int k, @TempDir Path dir) throws Exception {
        assertThat(k).isLessThan(graph.size());
        Path stateDir = dir.resolve("state");
        Path log = dir.resolve("child.log");
        Path journal = stateDir.resolve("journal.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dkombify.root=" + System.getProperty("kombify.root", ".."),
                ApplyInAnotherProcess.class.getName(), stateDir.toString(), LATENCY.toMillis() + "ms", "1")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (doneEntries(journal) < k) {
                if (!child.isAlive()) {
                    fail("the child process ended (exit " + child.exitValue() + ") before finishing " + k + " steps:\n"
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("the child process did not finish " + k + " steps within " + PATIENCE + ":\n" + Files.readString(log));
                }
                Thread.sleep(5);
            }
            assertThat(child.isAlive()).as("the child is still applying when it is killed").isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the killed child is gone").isTrue();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(doneEntries(journal)).as("finished steps in the journal the killed process left")
                .isBetween(k, graph.size() - 1);

        // kill -9 leaves the lock behind; a user releases it with `kombify state unlock ID`.
        LocalDirectoryStateStore store = new LocalDirectoryStateStore(stateDir);
        LockInfo stale = store.lockHolder().orElseThrow(() -> new AssertionError("the killed apply left no lock"));
        assertThat(stale.operation()).isEqualTo("apply");
        store.forceUnlock(stale.id());

        SimulatedProvider restarted = HybridApply.provider(stateDir);
        ApplyResult resumed = HybridApply.deployer(stateDir, restarted).apply(graph, PlanOptions.DEFAULT, HybridApply.options(1));

        assertThat(resumed.failures()).as("failed steps of the resumed apply").isEmpty();
        assertThat(resumed.succeeded()).isTrue();
        assertThat(resumed.recovered()).as("interrupted steps reconciled from the journal").isPositive();
        assertThat(HybridApply.comparable(resumed.state(), true)).as("the resumed apply's records")
                .isEqualTo(HybridApply.comparable(uninterrupted, true));
        assertThat(resumed.state().specHash()).isEqualTo(uninterrupted.specHash());
        HybridApply.assertOnePerAddress(restarted.world(), graph);
        assertThat(HybridApply.deployer(stateDir, restarted).plan(graph, PlanOptions.DEFAULT).effectiveChanges()).isEmpty();
    }

    /** Complete journal lines of finished steps; a line being written is not counted. */
    private static int doneEntries(Path journal) throws IOException {
        String text;
        try {
            text = Files.readString(journal, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return 0;
        }
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return 0;
        }
        return (int) List.of(text.substring(0, end).split("\n")).stream()
                .filter(line -> line.contains("\"phase\":\"done\"")).count();
    }
}
