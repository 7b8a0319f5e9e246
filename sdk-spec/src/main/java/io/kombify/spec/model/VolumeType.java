package io.kombify.spec.model;

/** Kind of a volume mount. */
public enum VolumeType implements WireValue {
    BIND("bind"),
    VOLUME("volume"),
    TMPFS("tmpfs");

    private final String wire;

    VolumeType(String wire) {
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
