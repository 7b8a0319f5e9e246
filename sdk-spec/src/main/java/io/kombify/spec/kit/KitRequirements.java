package io.kombify.spec.kit;

/**
 * What a kit needs to run: below {@code minimum} a stack fails validation
 * ({@code KIT_REQUIREMENT_UNMET}), below {@code recommended} it gets a warning
 * ({@code KIT_RECOMMENDATION_UNMET}). See {@link KitGates}.
 *
 * @param minimum     hard floor, never {@code null}
 * @param recommended what the kit is tuned for, never {@code null}
 */
public record KitRequirements(KitResources minimum, KitResources recommended) {
    public static final KitRequirements NONE = new KitRequirements(KitResources.NONE, KitResources.NONE);

    public KitRequirements {
        minimum = minimum == null ? KitResources.NONE : minimum;
        recommended = recommended == null ? KitResources.NONE : recommended;
    }
}
