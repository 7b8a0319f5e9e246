package io.kombify.spec.model;

/** Where secret values are stored. */
public enum SecretsBackend implements WireValue {
    FILE("file"),
    VAULT("vault"),
    ENV("env");

    private final String wire;

    SecretsBackend(String wire) {
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
