/**
 * A JUnit Jupiter extension that simulates a stack for a test: annotate the test class or method
 * with {@link io.kombify.sim.junit.SimulatedStack} and take a
 * {@link io.kombify.sim.SimulationReport} as a parameter. Needs {@code junit-jupiter-api} on the
 * test class path; the SDK declares it optional.
 */
package io.kombify.sim.junit;
