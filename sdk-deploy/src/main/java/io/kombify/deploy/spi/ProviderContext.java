package io.kombify.deploy.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What every provider call gets besides its resource.
 *
 * @param stack           the stack's name
 * @param ownershipLabels labels to put on everything the provider creates, so it can be found,
 *                        adopted and cleaned up ({@code kombify.io/stack}, {@code kombify.io/resource},
 *                        {@code kombify.io/idempotency-key})
 * @param secrets         resolves {@code secret://} references in sensitive attributes
 */
public record ProviderContext(String stack, Map<String, String> ownershipLabels, SecretResolver secrets) {

    /** Label naming the stack. */
    public static final String LABEL_STACK = "kombify.io/stack";
    /** Label naming the resource address. */
    public static final String LABEL_RESOURCE = "kombify.io/resource";
    /** Label holding the idempotency key of the create that made it. */
    public static final String LABEL_IDEMPOTENCY_KEY = "kombify.io/idempotency-key";

    public ProviderContext {
        Objects.requireNonNull(stack, "stack");
        ownershipLabels = Map.copyOf(Objects.requireNonNull(ownershipLabels, "ownershipLabels"));
        Objects.requireNonNull(secrets, "secrets");
    }
}
