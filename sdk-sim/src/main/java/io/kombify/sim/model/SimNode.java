package io.kombify.sim.model;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Provider;

import java.util.Map;
import java.util.Objects;

/**
 * A machine of the simulated world with its capacity, CPU architecture and site. Built by
 * {@link Topology#of(io.kombify.spec.ResolvedSpec)}; use it to see what the simulator assumed
 * about a node.
 *
 * @param name     node name
 * @param type     role
 * @param provider where it runs
 * @param site     name of its site ({@code home}, or the cloud provider's name)
 * @param arch     CPU architecture: {@code amd64} unless a label says otherwise
 * @param cpu      cores
 * @param memory   memory
 * @param disk     disk
 * @param labels   labels, in the order written
 * @param address       its IPv4 address on its site's LAN
 * @param vpnAddress    its address on the VPN mesh (in 100.64.0.0/10), or {@code null} when it is no mesh member
 * @param publicAddress the address its traffic reaches the internet from: a cloud node's own (from
 *                      {@value Ipv4#CLOUD_PUBLIC_RANGE}), a home node's site's (from
 *                      {@value Ipv4#HOME_PUBLIC_RANGE}, shared by the nodes behind the home router)
 */
public record SimNode(String name, NodeType type, Provider provider, String site, String arch, CpuQuantity cpu,
                      ByteSize memory, ByteSize disk, Map<String, String> labels, String address, String vpnAddress,
                      String publicAddress) {

    public SimNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(publicAddress, "publicAddress");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }
}
