package io.kombify.deploy.spi;

import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Creates one resource.
 *
 * @param attributes     the desired attributes; those named in {@code sensitive} hold {@code secret://} references
 * @param idempotencyKey the same for every retry of this create, also across an interrupted apply
 */
public record CreateRequest(
        ResourceId id,
        Map<String,
        Object> attributes,
        Set<String> sensitive,
        String idempotencyKey,
        ProviderContext context) {

    public CreateRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        attributes = Attributes.normalize(Objects.requireNonNull(attributes, "attributes"));
        sensitive = Set.copyOf(Objects.requireNonNull(sensitive, "sensitive"));
    }
}
