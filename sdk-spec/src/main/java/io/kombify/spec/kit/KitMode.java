package io.kombify.spec.kit;

import java.util.List;

/**
 * A way to install a kit ({@code simple}, {@code advanced}, {@code bootstrapped}...): the engine
 * that applies it and when it fits. Informative for the SDK; shown by {@code kombify kits}.
 *
 * @param name           mode key
 * @param description    one sentence, or {@code null}
 * @param engine         such as {@code opentofu} or {@code terramate}, or {@code null}
 * @param templateDir    template folder inside the kit, or {@code null}
 * @param recommended    whether the kit recommends this mode, or {@code null} when it does not say
 * @param requires       tool requirements such as {@code terramate >= 0.5.0}
 * @param features       what the mode offers
 * @param recommendedFor situations it suits
 */
public record KitMode(
        String name,
        String description,
        String engine,
        String templateDir,
        Boolean recommended,
        List<String> requires,
        List<String> features,
        List<String> recommendedFor) {

    public KitMode {
        requires = requires == null ? List.of() : List.copyOf(requires);
        features = features == null ? List.of() : List.copyOf(features);
        recommendedFor = recommendedFor == null ? List.of() : List.copyOf(recommendedFor);
    }
}
