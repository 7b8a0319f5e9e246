package io.kombify.deploy.spi;

import io.kombify.deploy.Attributes;
import java.util.Map;
import java.util.Objects;

/**
 * A resource as the provider sees it.
 *
 * @param providerId the provider's own identifier (a server id, a container id)
 * @param attributes its attributes, in the same names as the desired ones; sensitive ones are left out
 * @param outputs    values the provider computed (addresses, fingerprints), which dependents may use
 */
public record ResourceState(String providerId, Map<String, Object> attributes, Map<String, Object> outputs) {

    public ResourceState {
        Objects.requireNonNull(providerId, "providerId");
        attributes = Attributes.normalize(Objects.requireNonNull(attributes, "attributes"));
        outputs = Attributes.normalize(Objects.requireNonNull(outputs, "outputs"));
    }
}
