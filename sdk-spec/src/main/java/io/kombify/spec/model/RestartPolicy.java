package io.kombify.spec.model;

/** What the container runtime does when a service's container stops. */
public enum RestartPolicy implements WireValue {
    ALWAYS("always"),
    UNLESS_STOPPED("unless-stopped"),
    ON_FAILURE("on-failure"),
    NO("no");

    private final String wire;

    RestartPolicy(String wire) {
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
