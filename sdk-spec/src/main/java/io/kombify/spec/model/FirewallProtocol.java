package io.kombify.spec.model;

/** Transport protocol a firewall rule applies to. */
public enum FirewallProtocol implements WireValue {
    TCP("tcp"),
    UDP("udp"),
    BOTH("both");

    private final String wire;

    FirewallProtocol(String wire) {
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
