package io.kombify.sim.junit;

import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.spec.ResolvedSpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Test classes that {@link SimulatedStackExtensionTest} runs in a nested JUnit engine; the name
 * keeps the build's own test run from picking them up. They record what they were given in
 * {@link #SEEN}, which the outer test clears before each run. A build that selects them by
 * pattern skips them: they run only when the nested engine sets {@link #ENABLED}.
 */
final class SimulatedStackFixtures {

    /** Test name -> the object injected, as "kind@identity" strings, and the thread it ran on. */
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();
    static final Map<String, String> THREADS = new ConcurrentHashMap<>();

    /** Four tests that meet at a barrier, so they can only pass while running at the same time. */
    static final int PARALLEL_TESTS = 4;
    static final CyclicBarrier[] BARRIER = {new CyclicBarrier(PARALLEL_TESTS)};

    /** Configuration parameter the nested run sets. */
    static final String ENABLED = "kombify.sim.fixtures";

    private SimulatedStackFixtures() {
    }

    /** Enables the fixtures only inside the nested engine run. */
    static final class OnlyInNestedRun implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED).isPresent()
                    ? ConditionEvaluationResult.enabled("nested run")
                    : ConditionEvaluationResult.disabled("runs only inside SimulatedStackExtensionTest");
        }
    }

    private static void record(String test, Object value) throws InterruptedException, BrokenBarrierException, TimeoutException {
        SEEN.put(test, value);
        THREADS.put(test, Thread.currentThread().getName());
        BARRIER[0].await(20, TimeUnit.SECONDS);
    }

    @ExtendWith(OnlyInNestedRun.class)
    @SimulatedStack(spec = "classpath:specs/two-sites.yaml", seed = 42, duration = "2h")
    static class SharedAcrossParallelTests {

        @Test
        void first(SimulationReport report) throws Exception {
            record("first", report);
        }

        @Test
        void second(SimulationReport report) throws Exception {
            record("second", report);
        }

        @Test
        void third(SimulationReport report) throws Exception {
            record("third", report);
        }

        @Test
        void fourth(SimulationReport report) throws Exception {
            record("fourth", report);
        }
    }

    @ExtendWith(OnlyInNestedRun.class)
    @SimulatedStack(spec = "classpath:specs/two-sites.yaml", seed = 1, duration = "1h")
    static class MethodOverridesClass {

        @Test
        void classLevel(SimulationReport report, Simulation simulation, ResolvedSpec spec) {
            SEEN.put("classLevel", report);
            SEEN.put("classLevelSimulation", simulation);
            SEEN.put("classLevelSpec", spec);
        }

        @Test
        @ExtendWith(OnlyInNestedRun.class)
    @SimulatedStack(spec = "../samples/specs/single-node-homelab.yaml", seed = 9, duration = "30m",
                faults = "node-crash:homeserver@20m")
        void methodLevel(SimulationReport report) {
            SEEN.put("methodLevel", report);
        }

        @Nested
        class Inner {
            @Test
            void nested(SimulationReport report) {
                SEEN.put("nested", report);
            }
        }
    }

    @ExtendWith(OnlyInNestedRun.class)
    @SimulatedStack(spec = "classpath:specs/missing.yaml")
    static class MissingSpec {
        @Test
        void needsIt(SimulationReport report) {
            SEEN.put("missing", report);
        }
    }

    @ExtendWith(OnlyInNestedRun.class)
    @SimulatedStack(spec = "classpath:specs/two-sites.yaml", faults = "node-crash:box")
    static class BadFault {
        @Test
        void needsIt(SimulationReport report) {
            SEEN.put("badFault", report);
        }
    }

    @ExtendWith(OnlyInNestedRun.class)
    @SimulatedStack(spec = "classpath:specs/two-sites.yaml", duration = "a day")
    static class BadDuration {
        @Test
        void needsIt(SimulationReport report) {
            SEEN.put("badDuration", report);
        }
    }
}
