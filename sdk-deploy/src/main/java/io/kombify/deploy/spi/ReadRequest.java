package io.kombify.deploy.spi;

import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one resource.
 *
 * @param providerId the provider's identifier recorded for it
 * @param recorded   the attributes recorded in the state
 */
public record ReadRequest(
        ResourceId id,
        String providerId,
        Map<String,
        Object> recorded,
        ProviderContext context) {

    public ReadRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(providerId, "providerId");
        recorded = Attributes.normalize(Objects.requireNonNull(recorded, "recorded"));
    }
}
