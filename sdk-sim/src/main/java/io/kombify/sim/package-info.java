/**
 * Simulate a stack before deploying it: {@link io.kombify.sim.Simulation} runs a
 * {@link io.kombify.spec.ResolvedSpec} on a virtual clock with scheduled {@link io.kombify.sim.Fault}s
 * and returns an immutable {@link io.kombify.sim.SimulationReport}. The same seed always gives the
 * same report, byte for byte.
 */
package io.kombify.sim;
