package io.kombify.spec.model;

/** How the reverse proxy obtains a certificate for a service's domain. */
public enum TlsMode implements WireValue {
    AUTO("auto"),
    MANUAL("manual"),
    DISABLED("disabled");

    private final String wire;

    TlsMode(String wire) {
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
