package io.kombify.spec.model;

/** The environment a stack serves. */
public enum Environment implements WireValue {
    PRODUCTION("production"),
    STAGING("staging"),
    DEVELOPMENT("development");

    private final String wire;

    Environment(String wire) {
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
