package io.kombify.deploy.spi;

import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Changes a resource in place.
 *
 * @param prior    the attributes recorded
 * @param desired  the attributes wanted
 * @param changed  the top-level attributes that differ
 */
public record UpdateRequest(
        ResourceId id,
        String providerId,
        Map<String,
        Object> prior,
        Map<String,
        Object> desired,
        Set<String> changed,
        Set<String> sensitive,
        String idempotencyKey,
        ProviderContext context) {

    public UpdateRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        prior = Attributes.normalize(Objects.requireNonNull(prior, "prior"));
        desired = Attributes.normalize(Objects.requireNonNull(desired, "desired"));
        sensitive = Set.copyOf(Objects.requireNonNull(sensitive, "sensitive"));
        changed = Set.copyOf(Objects.requireNonNull(changed, "changed"));
    }
}
