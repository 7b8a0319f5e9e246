package io.kombify.deploy.spi;

import io.kombify.deploy.ResourceType;
import java.util.Objects;
import java.util.Set;

/**
 * How a provider handles one resource type.
 *
 * @param type                the type
 * @param updatableAttributes top-level attributes it can change in place; a change to any other replaces the resource
 * @param createBeforeDestroy whether a replacement may exist beside the old resource, so it is created first
 *                            and the old one deleted afterwards (otherwise the old one is deleted first)
 */
public record ResourceTypeSupport(ResourceType type, Set<String> updatableAttributes, boolean createBeforeDestroy) {

    public ResourceTypeSupport {
        Objects.requireNonNull(type, "type");
        updatableAttributes = Set.copyOf(Objects.requireNonNull(updatableAttributes, "updatableAttributes"));
    }

    /** Whether a change of this top-level attribute can be made in place. */
    public boolean updatable(String attribute) {
        return updatableAttributes.contains(attribute);
    }
}
