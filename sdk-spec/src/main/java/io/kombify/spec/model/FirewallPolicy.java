package io.kombify.spec.model;

/** Default action of the firewall for traffic no rule matches. */
public enum FirewallPolicy implements WireValue {
    ALLOW("allow"),
    DENY("deny");

    private final String wire;

    FirewallPolicy(String wire) {
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
