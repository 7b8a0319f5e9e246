package io.kombify.deploy;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One resource the stack needs, as desired: who provides it, its attributes and what it depends
 * on. Attributes named in {@code sensitive} hold {@code secret://} references (or maps of them);
 * the references are resolved by the provider at apply time, so no resolved value is ever part
 * of a resource, a plan or the state.
 *
 * @param id         its address
 * @param provider   the name of the provider that manages it, such as {@code hetzner} or {@code docker}
 * @param attributes desired attributes (JSON values, see {@link Attributes})
 * @param sensitive  names of top-level attributes whose values are secret references
 * @param dependsOn  resources that must exist before this one
 */
public record Resource(ResourceId id, String provider, Map<String, Object> attributes, Set<String> sensitive,
                       Set<ResourceId> dependsOn) {

    public Resource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("resource " + id + " names no provider");
        }
        attributes = Attributes.normalize(Objects.requireNonNull(attributes, "attributes"));
        sensitive = Set.copyOf(new TreeSet<>(Objects.requireNonNull(sensitive, "sensitive")));
        dependsOn = Set.copyOf(new TreeSet<>(Objects.requireNonNull(dependsOn, "dependsOn")));
        if (dependsOn.contains(id)) {
            throw new IllegalArgumentException("resource " + id + " depends on itself");
        }
    }

    /** A resource without sensitive attributes. */
    public Resource(ResourceId id, String provider, Map<String, Object> attributes, Set<ResourceId> dependsOn) {
        this(id, provider, attributes, Set.of(), dependsOn);
    }

    /** The resource's type. */
    public ResourceType type() {
        return id.type();
    }
}
