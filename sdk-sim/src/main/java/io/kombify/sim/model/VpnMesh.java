package io.kombify.sim.model;

import io.kombify.spec.model.VpnKind;

import java.util.List;
import java.util.Optional;

/**
 * The VPN overlay joining every node when {@code network.vpn} is not {@code none}: each member
 * reaches each other member directly, whatever site it is on.
 *
 * @param kind        headscale, wireguard or tailscale
 * @param members     node names, in spec order
 * @param coordinator node running the mesh's control service (a service of type {@code vpn}),
 *                    or {@code null} when the spec deploys none
 */
public record VpnMesh(VpnKind kind, List<String> members, String coordinator) {

    public VpnMesh {
        members = List.copyOf(members);
    }

    /** The node running the control service, when there is one. */
    public Optional<String> coordinatorNode() {
        return Optional.ofNullable(coordinator);
    }
}
