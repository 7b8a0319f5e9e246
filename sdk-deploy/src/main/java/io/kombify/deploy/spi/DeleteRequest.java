package io.kombify.deploy.spi;

import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import java.util.Map;
import java.util.Objects;

/**
 * Deletes a resource.
 *
 * @param providerId the provider's identifier recorded for it
 */
public record DeleteRequest(
        ResourceId id,
        String providerId,
        Map<String,
        Object> recorded,
        String idempotencyKey,
        ProviderContext context) {

    public DeleteRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        recorded = Attributes.normalize(Objects.requireNonNull(recorded, "recorded"));
    }
}
