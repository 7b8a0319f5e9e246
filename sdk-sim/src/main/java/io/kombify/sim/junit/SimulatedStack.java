package io.kombify.sim.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Simulates a stack for the annotated test class or method and lets its test methods take the
 * result as a parameter: a {@link io.kombify.sim.SimulationReport}, the configured
 * {@link io.kombify.sim.Simulation} or the {@link io.kombify.spec.ResolvedSpec}. On a class, the
 * simulation runs once and every test of the class (and of its nested classes) shares the
 * report; an annotation on a method overrides the class's for that method.
 *
 * <pre>{@code
 * @SimulatedStack(spec = "classpath:specs/homelab.yaml", seed = 42, duration = "24h",
 *                 faults = "node-crash:nas@10m+5m")
 * class HomelabTest {
 *     @Test
 *     void photosSurviveTheNasReboot(SimulationReport report) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SimulatedStackExtension.class)
public @interface SimulatedStack {

    /**
     * The spec: {@code classpath:path/in/resources.yaml}, read through the test class's class
     * loader, or a file path, relative to the working directory.
     */
    String spec();

    /** Seed of the run's random choices. */
    long seed() default 0;

    /** Virtual time to simulate, such as {@code 24h} or {@code 90m} (see {@link io.kombify.sim.DurationText}). */
    String duration() default "24h";

    /** Faults to inject, in the syntax of {@link io.kombify.sim.Fault#parse(String)}, such as {@code node-crash:nas@10m}. */
    String[] faults() default {};
}
