package io.kombify.spec.model;

/** Where a node runs. Cloud providers select the cloud kit; {@code local} and {@code docker} are home sites. */
public enum Provider implements WireValue {
    LOCAL("local"),
    HETZNER("hetzner"),
    DOCKER("docker"),
    AWS("aws"),
    GCP("gcp"),
    AZURE("azure"),
    PROXMOX("proxmox"),
    DIGITALOCEAN("digitalocean"),
    DIGITALOCEAN_MANAGED("digitalocean-managed"),
    CENTRON("centron"),
    IONOS("ionos");

    private final String wire;

    Provider(String wire) {
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
