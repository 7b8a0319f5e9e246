package io.kombify.spec.model;

/** Transport protocol of a port mapping. */
public enum Protocol implements WireValue {
    TCP("tcp"),
    UDP("udp");

    private final String wire;

    Protocol(String wire) {
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
