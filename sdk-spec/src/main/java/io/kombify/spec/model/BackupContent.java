package io.kombify.spec.model;

/** What a backup includes. */
public enum BackupContent implements WireValue {
    VOLUMES("volumes"),
    CONFIGS("configs"),
    DATABASES("databases");

    private final String wire;

    BackupContent(String wire) {
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
