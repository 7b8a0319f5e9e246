package io.kombify.spec.kit;

import java.util.List;
import java.util.Map;

/**
 * Who a StackKit is and what it is for: the {@code metadata} block of {@code stackkit.yaml}.
 * Read it to show a kit to a user ({@code kombify kits}) or to match a kit by name or alias.
 *
 * @param name        unique kit name such as {@code base-homelab}; never {@code null}
 * @param displayName a human name; the name when the file gives none
 * @param version     the kit's own version, or {@code null}
 * @param description one sentence, or {@code null}
 * @param author      author, or {@code null}
 * @param license     SPDX licence, or {@code null}
 * @param repository  source repository, or {@code null}
 * @param status      lifecycle status such as {@code scaffolding}, or {@code null}
 * @param maturity    maturity such as {@code supported} or {@code alpha}, or {@code null}
 * @param tags        free-form tags
 * @param aliases     other names the kit answers to (also upstream {@code deprecated_aliases})
 * @param extensions  every other metadata key, as written
 */
public record KitMetadata(
        String name,
        String displayName,
        String version,
        String description,
        String author,
        String license,
        String repository,
        String status,
        String maturity,
        List<String> tags,
        List<String> aliases,
        Map<String, Object> extensions) {

    public KitMetadata {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a kit needs a name");
        }
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
        tags = tags == null ? List.of() : List.copyOf(tags);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        extensions = KitCopies.map(extensions);
    }

    /** Metadata with only a name. */
    public static KitMetadata named(String name) {
        return new KitMetadata(name, null, null, null, null, null, null, null, null, List.of(), List.of(), Map.of());
    }
}
