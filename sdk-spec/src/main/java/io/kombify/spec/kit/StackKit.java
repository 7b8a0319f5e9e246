package io.kombify.spec.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A StackKit: a blueprint for a kind of homelab (single server, hybrid, highly available,
 * cloud) read from a {@code stackkit.yaml}. It names the hardware it needs, the services it
 * deploys with their images and ports, and how it adapts to small or large machines. Get kits
 * from {@link StackKitCatalog}; a {@link io.kombify.spec.SpecResolver} merges the chosen kit
 * into a resolved spec.
 *
 * @param apiVersion     such as {@code stackkit/v1}, or {@code null}
 * @param kind           such as {@code StackKit}, or {@code null}
 * @param metadata       name, version and description; never {@code null}
 * @param supportedOS    operating systems such as {@code ubuntu-24}
 * @param requirements   minimum and recommended resources; never {@code null}
 * @param modes          installation modes by name
 * @param variants       service sets by name
 * @param defaultVariant the variant deployed by default, or {@code null} ({@code default} when present)
 * @param services       the catalogue of services the kit can deploy
 * @param computeTiers   adaptations by tier name ({@code high}, {@code standard}, {@code low})
 * @param features       feature flags as written ({@code multiNode: true}...)
 * @param extendsKit     the kit this one builds on, or {@code null}
 * @param platform       such as {@code docker}, or {@code null}
 * @param extensions     every other top-level key, as written
 */
public record StackKit(
        String apiVersion,
        String kind,
        KitMetadata metadata,
        List<String> supportedOS,
        KitRequirements requirements,
        Map<String, KitMode> modes,
        Map<String, KitVariant> variants,
        String defaultVariant,
        List<KitService> services,
        Map<String, ComputeTier> computeTiers,
        Map<String, Object> features,
        String extendsKit,
        String platform,
        Map<String, Object> extensions) {

    public StackKit {
        if (metadata == null) {
            throw new IllegalArgumentException("a kit needs metadata with a name");
        }
        supportedOS = supportedOS == null ? List.of() : List.copyOf(supportedOS);
        requirements = requirements == null ? KitRequirements.NONE : requirements;
        modes = KitCopies.map(modes);
        variants = KitCopies.map(variants);
        services = services == null ? List.of() : List.copyOf(services);
        computeTiers = KitCopies.map(computeTiers);
        features = KitCopies.map(features);
        extensions = KitCopies.map(extensions);
    }

    /** The kit's name. */
    public String name() {
        return metadata.name();
    }

    /** Other names the kit answers to. */
    public List<String> aliases() {
        return metadata.aliases();
    }

    /** Whether {@code nameOrAlias} names this kit (case-insensitive). */
    public boolean answersTo(String nameOrAlias) {
        if (nameOrAlias == null) {
            return false;
        }
        String n = nameOrAlias.trim();
        if (name().equalsIgnoreCase(n)) {
            return true;
        }
        for (String alias : aliases()) {
            if (alias.equalsIgnoreCase(n)) {
                return true;
            }
        }
        return false;
    }

    /** The catalogue entry of {@code serviceName}. */
    public Optional<KitService> service(String serviceName) {
        for (KitService s : services) {
            if (s.name().equals(serviceName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether the kit declares feature {@code flag} as {@code true}. */
    public boolean feature(String flag) {
        return Boolean.TRUE.equals(features.get(flag));
    }

    /** The variant deployed by default, if the kit has variants. */
    public Optional<KitVariant> variant() {
        String key = defaultVariant != null ? defaultVariant : "default";
        KitVariant v = variants.get(key);
        if (v == null && !variants.isEmpty() && defaultVariant == null) {
            v = variants.values().iterator().next();
        }
        return Optional.ofNullable(v);
    }

    /**
     * The services this kit deploys for compute tier {@code tierName} ({@code null}: no
     * adjustment), in order: the tier's variant (or the default variant; every catalogue
     * entry when the kit has no variants), plus the tier's additional services, minus the ones
     * the tier disables. Only entries the kit can deploy ({@link KitService#isDeployable()}).
     */
    public List<KitService> servicesFor(String tierName) {
        ComputeTier tier = tierName == null ? null : computeTiers.get(tierName);
        KitVariant variant = tier != null && tier.variantOverride() != null && variants.containsKey(tier.variantOverride())
                ? variants.get(tier.variantOverride())
                : variant().orElse(null);
        Set<String> names = new LinkedHashSet<>();
        if (variant != null) {
            names.addAll(variant.services());
        } else {
            for (KitService s : services) {
                names.add(s.name());
            }
        }
        if (tier != null) {
            names.addAll(tier.additionalServices());
            tier.serviceOverrides().forEach((name, on) -> {
                if (on) {
                    names.add(name);
                } else {
                    names.remove(name);
                }
            });
        }
        Map<String, KitService> byName = new LinkedHashMap<>();
        for (KitService s : services) {
            byName.putIfAbsent(s.name(), s);
        }
        List<KitService> out = new ArrayList<>();
        for (String n : names) {
            KitService s = byName.get(n);
            if (s != null && s.isDeployable()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
