/**
 * Simulated nodes as real Docker containers ({@link io.kombify.sim.docker.DockerNodeEngine}),
 * for tests that need real processes; needs docker-java on the class path and a running Docker
 * Engine.
 */
package io.kombify.sim.docker;
