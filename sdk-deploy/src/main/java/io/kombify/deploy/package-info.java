/**
 * The deployment engine's API: {@link io.kombify.deploy.ResourceGraph} (what a stack needs),
 * {@link io.kombify.deploy.Plan} (what must change), and {@link io.kombify.deploy.Deployer}, which
 * plans, applies, destroys and detects drift under a state lock with a crash-safe journal.
 */
package io.kombify.deploy;
