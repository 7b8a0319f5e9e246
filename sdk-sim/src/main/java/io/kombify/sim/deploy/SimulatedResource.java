package io.kombify.sim.deploy;

import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ResourceState;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One resource in a {@link SimulatedWorld}, as a cloud or a Docker engine would hold it: its
 * identifier, the labels it was created with (which name its stack, its address in the stack
 * and the idempotency key of the create that made it), its attributes (never secret values) and
 * the values the simulated provider computed for it, such as addresses.
 *
 * @param providerId     its identifier in the world, such as {@code sim-machine-1}
 * @param type           its type
 * @param labels         the labels it carries, {@code kombify.io/stack}, {@code kombify.io/resource} and
 *                       {@code kombify.io/idempotency-key} among them
 * @param attributes     its attributes in normal form, sensitive ones left out
 * @param outputs        computed values in normal form
 */
public record SimulatedResource(String providerId, ResourceType type, Map<String, String> labels,
                                Map<String, Object> attributes, Map<String, Object> outputs) {

    /** Label naming the stack, as the deployment engine sets it. */
    static final String LABEL_STACK = io.kombify.deploy.spi.ProviderContext.LABEL_STACK;
    /** Label naming the resource's address. */
    static final String LABEL_RESOURCE = io.kombify.deploy.spi.ProviderContext.LABEL_RESOURCE;
    /** Label holding the key of the create that made it. */
    static final String LABEL_KEY = io.kombify.deploy.spi.ProviderContext.LABEL_IDEMPOTENCY_KEY;

    public SimulatedResource {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(type, "type");
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
        attributes = Attributes.normalize(Objects.requireNonNull(attributes, "attributes"));
        outputs = Attributes.normalize(Objects.requireNonNull(outputs, "outputs"));
    }

    /** The stack it belongs to, from its {@code kombify.io/stack} label; empty when it has none. */
    public String stack() {
        return labels.getOrDefault(LABEL_STACK, "");
    }

    /** Its address in its stack, from its {@code kombify.io/resource} label, if it has a valid one. */
    public Optional<ResourceId> address() {
        String text = labels.get(LABEL_RESOURCE);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResourceId.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The idempotency key of the create that made it, from its {@code kombify.io/idempotency-key} label. */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(labels.get(LABEL_KEY));
    }

    /** The resource as a provider reports it. */
    public ResourceState toState() {
        return new ResourceState(providerId, attributes, outputs);
    }

    /** This resource with other attributes. */
    SimulatedResource withAttributes(Map<String, Object> newAttributes) {
        return new SimulatedResource(providerId, type, labels, newAttributes, outputs);
    }
}
