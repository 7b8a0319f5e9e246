package io.kombify.spec.model;

/** When secrets are rotated. */
public enum RotationPolicy implements WireValue {
    MANUAL("manual"),
    SCHEDULED("scheduled");

    private final String wire;

    RotationPolicy(String wire) {
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
