package io.kombify.deploy;

import java.util.Objects;
import java.util.Set;

/**
 * How to plan.
 *
 * @param targets  plan only these resources and what they depend on (empty: everything)
 * @param excludes leave out these resources and everything that depends on them
 * @param refresh  read the actual infrastructure through the providers first (the default)
 * @param destroy  plan to destroy the targeted resources (all when no targets) instead
 */
public record PlanOptions(Set<ResourceId> targets, Set<ResourceId> excludes, boolean refresh, boolean destroy) {

    /** Plan everything, with refresh. */
    public static final PlanOptions DEFAULT = new PlanOptions(Set.of(), Set.of(), true, false);

    public PlanOptions {
        targets = Set.copyOf(Objects.requireNonNull(targets, "targets"));
        excludes = Set.copyOf(Objects.requireNonNull(excludes, "excludes"));
    }

    /** These options with the given targets. */
    public PlanOptions withTargets(Set<ResourceId> newTargets) {
        return new PlanOptions(newTargets, excludes, refresh, destroy);
    }

    /** These options with the given exclusions. */
    public PlanOptions withExcludes(Set<ResourceId> newExcludes) {
        return new PlanOptions(targets, newExcludes, refresh, destroy);
    }

    /** These options with refresh on or off. */
    public PlanOptions withRefresh(boolean newRefresh) {
        return new PlanOptions(targets, excludes, newRefresh, destroy);
    }

    /** These options planning a destroy. */
    public PlanOptions forDestroy() {
        return new PlanOptions(targets, excludes, refresh, true);
    }
}
