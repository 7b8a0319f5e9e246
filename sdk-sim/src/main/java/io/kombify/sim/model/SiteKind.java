package io.kombify.sim.model;

/** Whether a site is a home (local, docker and proxmox nodes) or a cloud provider's region. */
public enum SiteKind {
    HOME,
    CLOUD;

    /** Lower-case spelling used in reports. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
