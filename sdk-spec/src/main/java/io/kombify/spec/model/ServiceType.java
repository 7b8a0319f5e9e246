package io.kombify.spec.model;

/** The category of a service; it decides default ports and dependencies. */
public enum ServiceType implements WireValue {
    REVERSE_PROXY("reverse-proxy"),
    SERVICE("service"),
    BACKEND("backend"),
    DATABASE("database"),
    CACHE("cache"),
    QUEUE("queue"),
    PAAS("paas"),
    DOCKER("docker"),
    MONITORING("monitoring"),
    BACKUP("backup"),
    AUTH("auth"),
    VPN("vpn"),
    STORAGE("storage"),
    MEDIA("media"),
    AUTOMATION("automation"),
    DEVELOPMENT("development"),
    CUSTOM("custom");

    private final String wire;

    ServiceType(String wire) {
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
