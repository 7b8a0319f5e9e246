package io.kombify.spec.model;

/** A channel alerts are sent to. */
public enum AlertChannel implements WireValue {
    WEBHOOK("webhook"),
    EMAIL("email"),
    SLACK("slack"),
    DISCORD("discord");

    private final String wire;

    AlertChannel(String wire) {
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
