package io.kombify.billing;

import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A plan as data: its price, how many stacks an organisation on it may have, and its features.
 * The standard plans are in {@link Plans#standard()}.
 *
 * @param id        which plan
 * @param name      the name shown to people, such as {@code Pro}
 * @param price     what it costs
 * @param maxStacks the number of stacks allowed, or {@link #UNLIMITED}
 * @param features  what it includes
 */
public record Plan(PlanId id, String name, Price price, int maxStacks, Set<Feature> features) {

    /** {@link #maxStacks()} of a plan without a stack limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
        if (maxStacks < 0) {
            throw new IllegalArgumentException("maxStacks must not be negative");
        }
        features = features == null || features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
    }

    /** Whether the plan includes {@code feature}. */
    public boolean includes(Feature feature) {
        return features.contains(feature);
    }

    /** Whether the plan has no stack limit. */
    public boolean unlimitedStacks() {
        return maxStacks == UNLIMITED;
    }

    /** The stack limit, empty when unlimited. */
    public OptionalInt stackLimit() {
        return unlimitedStacks() ? OptionalInt.empty() : OptionalInt.of(maxStacks);
    }

    /** {@code 5 stacks}, {@code 1 stack} or {@code unlimited stacks}. */
    public String describeStacks() {
        return unlimitedStacks() ? "unlimited stacks" : maxStacks + (maxStacks == 1 ? " stack" : " stacks");
    }
}
