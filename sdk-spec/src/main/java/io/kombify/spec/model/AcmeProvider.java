package io.kombify.spec.model;

/** The ACME certificate authority. */
public enum AcmeProvider implements WireValue {
    LETSENCRYPT("letsencrypt"),
    ZEROSSL("zerossl");

    private final String wire;

    AcmeProvider(String wire) {
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
