package io.kombify.spec.model;

/** The host firewall implementation. */
public enum FirewallBackend implements WireValue {
    UFW("ufw"),
    IPTABLES("iptables"),
    NFTABLES("nftables");

    private final String wire;

    FirewallBackend(String wire) {
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
