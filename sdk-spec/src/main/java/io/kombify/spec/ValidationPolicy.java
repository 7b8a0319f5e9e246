package io.kombify.spec;

/**
 * Limits on the size of a spec, separate from the schema's rules so that large specs can
 * be served where they make sense.
 *
 * <p>{@link #DEFAULT} follows upstream (1 to 100 nodes, at most 200 services);
 * {@link #UNBOUNDED} keeps only the schema's own minimum of one node, for benchmarks and
 * simulations of large fleets.
 *
 * @param name        {@code default}, {@code unbounded}, or a name of the caller's choosing
 * @param maxNodes    most nodes allowed, or 0 for no limit
 * @param maxServices most services allowed, or 0 for no limit
 */
public record ValidationPolicy(String name, int maxNodes, int maxServices) {
    /** Upstream's limits: at most 100 nodes and 200 services. */
    public static final ValidationPolicy DEFAULT = new ValidationPolicy("default", 100, 200);
    /** No size limits. */
    public static final ValidationPolicy UNBOUNDED = new ValidationPolicy("unbounded", 0, 0);

    public ValidationPolicy {
        if (maxNodes < 0 || maxServices < 0) {
            throw new IllegalArgumentException("limits must be >= 0 (0 means none)");
        }
        name = name == null ? "custom" : name;
    }

    /** {@code default} or {@code unbounded}; {@code null} for another name. */
    public static ValidationPolicy named(String name) {
        return switch (name) {
            case "default" -> DEFAULT;
            case "unbounded" -> UNBOUNDED;
            default -> null;
        };
    }
}
