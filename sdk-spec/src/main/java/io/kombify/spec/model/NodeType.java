package io.kombify.spec.model;

/** A node's role: it decides the node's default resources and which services land on it. */
public enum NodeType implements WireValue {
    MAIN("main"),
    WORKER("worker"),
    EDGE("edge");

    private final String wire;

    NodeType(String wire) {
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
