package io.kombify.spec.model;

/** The sshd PermitRootLogin setting. */
public enum PermitRootLogin implements WireValue {
    YES("yes"),
    NO("no"),
    PROHIBIT_PASSWORD("prohibit-password");

    private final String wire;

    PermitRootLogin(String wire) {
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
