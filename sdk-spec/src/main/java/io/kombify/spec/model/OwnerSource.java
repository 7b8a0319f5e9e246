package io.kombify.spec.model;

/** Where the owner account is bootstrapped. */
public enum OwnerSource implements WireValue {
    LOCAL("local"),
    CLOUD("cloud");

    private final String wire;

    OwnerSource(String wire) {
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
