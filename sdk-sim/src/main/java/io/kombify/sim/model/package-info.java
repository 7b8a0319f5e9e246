/**
 * The simulated world built from a {@link io.kombify.spec.ResolvedSpec}: sites, nodes, LANs,
 * internet links, the VPN mesh, the firewall and the reverse proxy's routes. Start from
 * {@link io.kombify.sim.model.Topology#of(io.kombify.spec.ResolvedSpec)}.
 */
package io.kombify.sim.model;
