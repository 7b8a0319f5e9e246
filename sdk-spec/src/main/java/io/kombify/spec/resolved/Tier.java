package io.kombify.spec.resolved;

import io.kombify.spec.model.WireValue;

/**
 * A stack's compute tier, from the capacity of its main nodes: the kit adds services on
 * {@code high} hardware and trims them on {@code low} hardware.
 */
public enum Tier implements WireValue {
    HIGH("high"),
    STANDARD("standard"),
    LOW("low");

    private final String wire;

    Tier(String wire) {
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
