/**
 * A stateful, faithful fake of the Hetzner Cloud API for tests:
 * {@link io.kombify.sim.cloud.hetzner.HetznerCloudFake} serves the API on a local port, keeps
 * what clients create, checks their requests as the API does and lets a test plan rate limiting,
 * outages and failing actions ({@link io.kombify.sim.cloud.hetzner.Faults}).
 */
package io.kombify.sim.cloud.hetzner;
