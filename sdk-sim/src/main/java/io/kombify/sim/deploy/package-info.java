/**
 * A simulated provider for the deployment engine: {@link io.kombify.sim.deploy.SimulatedProvider}
 * deploys every resource type into a {@link io.kombify.sim.deploy.SimulatedWorld} (in memory, or
 * saved in a directory so that separate {@code kombify apply --simulate} runs share it), with
 * the simulator's faults for provider calls: API errors, latency and a crash after a chosen step.
 */
package io.kombify.sim.deploy;
