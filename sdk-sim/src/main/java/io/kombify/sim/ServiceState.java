package io.kombify.sim;

import java.util.Locale;

/** Where a service's container is in its lifecycle. {@link #wire()} is the spelling in reports. */
public enum ServiceState {
    /** Not created yet: waiting for its image or its node. */
    PENDING,
    /** Its image is downloading. */
    PULLING,
    /** Created, waiting for every service it needs to be healthy. */
    CREATED,
    /** Started, health checks not passed yet. */
    STARTING,
    /** Running and passing its health checks: ready. */
    HEALTHY,
    /** Running but failing its health checks (itself, or a service it needs, is in trouble). */
    UNHEALTHY,
    /** Stopped, to be restarted after a back-off. */
    EXITED,
    /** Stopped for good: it could not be created, or its restart policy keeps it down. */
    FAILED,
    /** Its node is down. */
    DOWN;

    /** Lower-case spelling used in reports. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether its container's process is running (starting, healthy or unhealthy). */
    public boolean isRunning() {
        return this == STARTING || this == HEALTHY || this == UNHEALTHY;
    }

    /** Whether a client can use the service. */
    public boolean isAvailable() {
        return this == HEALTHY;
    }
}
