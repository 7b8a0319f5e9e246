package io.kombify.spec.kit;

import java.util.List;

/**
 * A named set of the kit's services (upstream {@code variants}); the kit's default variant is
 * what the resolver deploys next to the user's own services.
 *
 * @param name        variant key such as {@code default} or {@code minimal}
 * @param displayName human name, or {@code null}
 * @param description one sentence, or {@code null}
 * @param services    names of the services it deploys, in order
 */
public record KitVariant(String name, String displayName, String description, List<String> services) {
    public KitVariant {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
