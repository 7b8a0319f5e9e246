package io.kombify.spec.resolved;

import io.kombify.spec.model.WireValue;

/**
 * A capability the resolver switches on because of what the spec contains. Constants are
 * ordered by the upstream add-on priority (highest first), which is also the order of
 * {@link io.kombify.spec.ResolvedSpec#addOns()}.
 */
public enum AddOn implements WireValue {
    /** A node runs on a cloud provider (hetzner, aws, gcp, azure, digitalocean, digitalocean-managed, centron, ionos). */
    CLOUD_INTEGRATION("cloud-integration"),
    /** Three or more nodes with two or more main nodes, a kit promising high availability, or the {@code high-availability} intent. */
    HIGH_AVAILABILITY("high-availability"),
    /** A node labelled with an ARM architecture ({@code arch: arm64}, {@code kubernetes.io/arch: aarch64}...). */
    ARM_SUPPORT("arm-support"),
    /** A node with less than 4 GiB of memory (as given, or its type's default). */
    LOW_MEMORY("low-memory"),
    /** {@code network.vpn} is headscale, wireguard or tailscale; opens UDP 51820 in the firewall. */
    VPN_OVERLAY("vpn-overlay"),
    /** A node labelled or tainted for GPUs, or a service asking for one ({@code config.gpu: true}). */
    GPU_WORKLOADS("gpu-workloads"),
    /** More than one node. */
    MULTI_NODE("multi-node");

    private final String wire;

    AddOn(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
