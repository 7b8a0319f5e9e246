package io.kombify.spec.model;

/** The container log driver. */
public enum LogDriver implements WireValue {
    JOURNALD("journald"),
    JSON_FILE("json-file"),
    LOKI("loki");

    private final String wire;

    LogDriver(String wire) {
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
