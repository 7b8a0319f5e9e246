package io.kombify.spec.model;

/** Which package updates the host installs unattended. */
public enum UpgradePolicy implements WireValue {
    DISABLED("disabled"),
    SECURITY("security"),
    ALL("all");

    private final String wire;

    UpgradePolicy(String wire) {
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
