package io.kombify.sim.deploy;

import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Provider calls the way the deployment engine makes them, for tests that call a provider directly. */
final class DirectCalls {

    /** The value every secret reference resolves to in these tests. */
    static final String SECRET_VALUE = "hunter2-very-secret";

    static final SecretResolver SECRETS = ref -> {
        if (ref.name().startsWith("unknown")) {
            throw new KombifyException("SECRET_UNRESOLVED", "no value for " + ref);
        }
        return Secret.of(ref, SECRET_VALUE);
    };

    private final Provider provider;
    private final String stack;

    DirectCalls(Provider provider, String stack) {
        this.provider = provider;
        this.stack = stack;
    }

    static ProviderContext context(String stack, ResourceId id, String key) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(ProviderContext.LABEL_STACK, stack);
        labels.put(ProviderContext.LABEL_RESOURCE, id.toString());
        labels.put(ProviderContext.LABEL_IDEMPOTENCY_KEY, key);
        return new ProviderContext(stack, labels, SECRETS);
    }

    static Resource sample(ResourceId id) {
        return SampleResources.all().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    /** Creates the sample with this address, with the key {@code "key-" + address}. */
    ResourceState create(ResourceId id) {
        return create(sample(id), "key-" + id);
    }

    ResourceState create(Resource r, String key) {
        return provider.create(new CreateRequest(r.id(), r.attributes(), r.sensitive(), key, context(stack, r.id(), key)));
    }

    /** Creates the samples with these addresses, in order. */
    void createAll(ResourceId... ids) {
        for (ResourceId id : ids) {
            create(id);
        }
    }

    Optional<ResourceState> read(ResourceId id, String providerId) {
        return provider.read(new ReadRequest(id, providerId, Map.of(), context(stack, id, "")));
    }

    Optional<ResourceState> lookup(ResourceId id, String key) {
        return provider.lookup(new LookupRequest(id, key, context(stack, id, key)));
    }

    ResourceState update(Resource before, Resource after, String providerId) {
        Set<String> changed = new java.util.TreeSet<>();
        for (String k : after.attributes().keySet()) {
            if (!java.util.Objects.equals(before.attributes().get(k), after.attributes().get(k))) {
                changed.add(k);
            }
        }
        return provider.update(new UpdateRequest(before.id(), providerId, before.attributes(), after.attributes(), changed,
                after.sensitive(), "update-" + after.id(), context(stack, after.id(), "update-" + after.id())));
    }

    void delete(ResourceId id, String providerId) {
        provider.delete(new DeleteRequest(id, providerId, Map.of(), "delete-" + id, context(stack, id, "delete-" + id)));
    }

    static Resource with(Resource r, String attribute, Object value) {
        Map<String, Object> attributes = new java.util.LinkedHashMap<>(r.attributes());
        attributes.put(attribute, value);
        return new Resource(r.id(), r.provider(), attributes, r.sensitive(), r.dependsOn());
    }

    static List<String> providerIds(SimulatedWorld world) {
        return world.resources().stream().map(SimulatedResource::providerId).toList();
    }
}
