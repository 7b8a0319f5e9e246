package io.kombify.deploy.internal;

import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.RateLimit;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import io.kombify.deploy.state.ResourceRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A provider the planner reads from: a map of what "exists", with counters. Planning never
 * creates, updates or deletes anything, so those calls fail the test.
 */
final class FakeProvider implements Provider {

    private final ProviderDescriptor descriptor;
    private final Map<ResourceId, ResourceState> world = new ConcurrentHashMap<>();
    private final Map<ResourceId, RuntimeException> failures = new ConcurrentHashMap<>();
    private final Map<ResourceId, Integer> failuresLeft = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    final List<ReadRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Duration readDelay = Duration.ZERO;

    private FakeProvider(ProviderDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    /** A provider named {@code name} handling {@code types}; each type's updatable attributes as given. */
    static FakeProvider named(String name, Map<ResourceType, Set<String>> types) {
        return named(name, types, null);
    }

    static FakeProvider named(String name, Map<ResourceType, Set<String>> types, RateLimit limit) {
        List<ResourceTypeSupport> supports = new ArrayList<>();
        types.forEach((type, updatable) -> supports.add(new ResourceTypeSupport(type, updatable, false)));
        return new FakeProvider(ProviderDescriptor.of(name, "1.0.0", supports, Optional.ofNullable(limit)));
    }

    FakeProvider slowReads(Duration delay) {
        this.readDelay = delay;
        return this;
    }

    /** Makes {@code record} exist as recorded (without its sensitive attributes, which providers never return). */
    FakeProvider holds(ResourceRecord record) {
        return holds(record, Function.identity());
    }

    /** Makes {@code record} exist with its attributes changed by {@code change}. */
    FakeProvider holds(ResourceRecord record, Function<Map<String, Object>, Map<String, Object>> change) {
        Map<String, Object> attrs = new LinkedHashMap<>(record.attributes());
        record.sensitive().forEach(attrs::remove);
        world.put(record.id(), new ResourceState(record.providerId(), change.apply(attrs), record.outputs()));
        return this;
    }

    FakeProvider failsToRead(ResourceId id, RuntimeException failure) {
        failures.put(id, failure);
        return this;
    }

    /** Reads of {@code id} fail {@code times} times with {@code failure}, then succeed. */
    FakeProvider failsToRead(ResourceId id, RuntimeException failure, int times) {
        failuresLeft.put(id, times);
        return failsToRead(id, failure);
    }

    /** A record of {@code r} as an apply would have written it. */
    static ResourceRecord recordOf(Resource r) {
        return new ResourceRecord(r.id(), r.provider(), "pid-" + r.id().name(), r.attributes(), r.sensitive(), Map.of(),
                r.dependsOn(), "key-" + r.id());
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            reads.incrementAndGet();
            requests.add(request);
            if (!readDelay.isZero()) {
                try {
                    Thread.sleep(readDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RuntimeException failure = failures.get(request.id());
            if (failure != null) {
                Integer left = failuresLeft.computeIfPresent(request.id(), (k, v) -> v - 1);
                if (left == null || left >= 0) {
                    throw failure;
                }
            }
            return Optional.ofNullable(world.get(request.id()));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public ResourceState create(CreateRequest request) {
        throw new AssertionError("planning must not create " + request.id());
    }

    @Override
    public ResourceState update(UpdateRequest request) {
        throw new AssertionError("planning must not update " + request.id());
    }

    @Override
    public void delete(DeleteRequest request) {
        throw new AssertionError("planning must not delete " + request.id());
    }

    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        throw new AssertionError("planning must not look up " + request.id());
    }
}
