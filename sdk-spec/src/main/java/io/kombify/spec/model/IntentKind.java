package io.kombify.spec.model;

/** A goal that tunes smart defaults. */
public enum IntentKind implements WireValue {
    SELF_HOSTED("self-hosted"),
    PRIVACY_FOCUSED("privacy-focused"),
    LOW_MAINTENANCE("low-maintenance"),
    HIGH_AVAILABILITY("high-availability"),
    DEVELOPMENT("development"),
    MEDIA_SERVER("media-server"),
    SMART_HOME("smart-home"),
    GAMING("gaming");

    private final String wire;

    IntentKind(String wire) {
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
