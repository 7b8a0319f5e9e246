package io.kombify.spec.model;

/** The VPN mesh joining the stack's sites. */
public enum VpnKind implements WireValue {
    HEADSCALE("headscale"),
    WIREGUARD("wireguard"),
    TAILSCALE("tailscale"),
    NONE("none");

    private final String wire;

    VpnKind(String wire) {
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
