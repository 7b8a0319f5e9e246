package io.kombify.deploy.spi;

import io.kombify.deploy.ResourceId;
import java.util.Objects;

/**
 * Finds what a create with this idempotency key made.
 *
 * @param idempotencyKey the key of that create
 */
public record LookupRequest(ResourceId id, String idempotencyKey, ProviderContext context) {

    public LookupRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
