package io.kombify.spec.model;

/** Where TLS certificates come from. */
public enum CertSource implements WireValue {
    ACME("acme"),
    MANUAL("manual"),
    SELFSIGNED("selfsigned");

    private final String wire;

    CertSource(String wire) {
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
