package io.kombify.deploy.state;

import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One resource as recorded after it was applied.
 *
 * @param id             its address
 * @param provider       the provider that manages it
 * @param providerId     the provider's identifier for it
 * @param attributes     the attributes applied (sensitive ones as {@code secret://} references, never values)
 * @param sensitive      names of the sensitive attributes
 * @param outputs        values the provider computed
 * @param dependsOn      what it depended on when applied (deletes run in the reverse order)
 * @param idempotencyKey the key of the create that made it
 */
public record ResourceRecord(ResourceId id, String provider, String providerId, Map<String, Object> attributes,
                             Set<String> sensitive, Map<String, Object> outputs, Set<ResourceId> dependsOn,
                             String idempotencyKey) {

    public ResourceRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerId, "providerId");
        attributes = Attributes.normalize(Objects.requireNonNull(attributes, "attributes"));
        sensitive = Set.copyOf(new TreeSet<>(Objects.requireNonNull(sensitive, "sensitive")));
        outputs = Attributes.normalize(Objects.requireNonNull(outputs, "outputs"));
        dependsOn = Set.copyOf(new TreeSet<>(Objects.requireNonNull(dependsOn, "dependsOn")));
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
