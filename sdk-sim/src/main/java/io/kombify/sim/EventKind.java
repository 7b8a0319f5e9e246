package io.kombify.sim;

import java.util.Locale;

/** What a {@link SimEvent} records. {@link #wire()} is the spelling in reports. */
public enum EventKind {
    /** A node began downloading an image. */
    PULL_STARTED,
    /** An image is on the node. */
    PULL_COMPLETED,
    /** An image could not be stored (the node's disk is full); the pull waits for space. */
    PULL_BLOCKED,
    /** A container exists and waits for its needs. */
    CONTAINER_CREATED,
    /** A container could not be created (its host port is taken, or it has no image). */
    CREATE_FAILED,
    /** A container's process started. */
    CONTAINER_STARTED,
    /** A container passed its health check: the service is ready. */
    HEALTHY,
    /** A running container failed its health checks. */
    UNHEALTHY,
    /** A container's process ended; the detail gives the exit code. */
    CONTAINER_EXITED,
    /** The kernel killed a container for memory. */
    OOM_KILLED,
    /** A container will be started again after a back-off. */
    RESTART_SCHEDULED,
    /** A container stays stopped: its restart policy does not bring it back. */
    GAVE_UP,
    /** A node stopped (crash or power loss). */
    NODE_DOWN,
    /** A node finished booting. */
    NODE_UP,
    /** A site lost power. */
    POWER_LOST,
    /** A site's power came back. */
    POWER_RESTORED,
    /** Two sites, or two nodes, can no longer reach each other; the subject is {@code a<->b}. */
    PARTITION_STARTED,
    /** Two sites, or two nodes, can reach each other again. */
    PARTITION_HEALED,
    /** The link between two sites got slower or lossy; the subject is {@code a<->b}, the detail its latency and loss. */
    LINK_DEGRADED,
    /** A degraded link between two sites is back to normal. */
    LINK_RESTORED,
    /** A cloud provider's API started failing calls; the subject is the provider, the detail the answer ({@code 429 retry-after 30s}, {@code 503}, {@code timeout}). */
    PROVIDER_ERRORS_STARTED,
    /** A provider fault ended; the detail names the answer that stopped. */
    PROVIDER_ERRORS_ENDED,
    /** A node's disk filled up. */
    DISK_FULL,
    /** A node's disk has space again. */
    DISK_RECOVERED,
    /** Something outside the containers took memory on a node. */
    MEMORY_PRESSURE,
    /** That memory was given back. */
    MEMORY_PRESSURE_RELIEVED,
    /** A container's memory use jumped. */
    MEMORY_SPIKE,
    /** A service began to crash shortly after every start. */
    CRASH_LOOP_STARTED,
    /** A service stopped crashing. */
    CRASH_LOOP_ENDED,
    /** A rule was broken; see {@link SimulationReport#violations()}. */
    VIOLATION;

    /** Lower-case, hyphenated spelling used in reports, such as {@code pull-started}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
