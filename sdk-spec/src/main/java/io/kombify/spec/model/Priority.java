package io.kombify.spec.model;

/** Priority of a detailed intent. */
public enum Priority implements WireValue {
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high");

    private final String wire;

    Priority(String wire) {
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
