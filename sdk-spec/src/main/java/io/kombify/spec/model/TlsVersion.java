package io.kombify.spec.model;

/** Lowest TLS version the proxy accepts. */
public enum TlsVersion implements WireValue {
    V1_2("1.2"),
    V1_3("1.3");

    private final String wire;

    TlsVersion(String wire) {
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
