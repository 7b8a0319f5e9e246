package io.kombify.spec.model;

/** How a spec was created. */
public enum CreatedBy implements WireValue {
    WIZARD("wizard"),
    IMPORT("import"),
    MANUAL("manual");

    private final String wire;

    CreatedBy(String wire) {
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
