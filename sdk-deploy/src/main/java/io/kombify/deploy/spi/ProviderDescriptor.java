package io.kombify.deploy.spi;

import io.kombify.deploy.ResourceType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider is and handles.
 *
 * @param name      the name resources refer to, such as {@code hetzner} or {@code docker}
 * @param version   the provider's version
 * @param types     the resource types it handles
 * @param rateLimit the pace its API allows, if it has a limit
 */
public record ProviderDescriptor(String name, String version, Map<ResourceType, ResourceTypeSupport> types,
                                 Optional<RateLimit> rateLimit) {

    public ProviderDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        types = Map.copyOf(Objects.requireNonNull(types, "types"));
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** A descriptor for the given type supports. */
    public static ProviderDescriptor of(String name, String version, Collection<ResourceTypeSupport> supports,
                                        Optional<RateLimit> rateLimit) {
        Map<ResourceType, ResourceTypeSupport> map = new LinkedHashMap<>();
        for (ResourceTypeSupport s : supports) {
            if (map.put(s.type(), s) != null) {
                throw new IllegalArgumentException("provider " + name + " declares type " + s.type() + " twice");
            }
        }
        return new ProviderDescriptor(name, version, map, rateLimit);
    }

    /** Whether it handles this type. */
    public boolean handles(ResourceType type) {
        return types.containsKey(type);
    }

    /** How it handles this type. */
    public Optional<ResourceTypeSupport> support(ResourceType type) {
        return Optional.ofNullable(types.get(type));
    }
}
