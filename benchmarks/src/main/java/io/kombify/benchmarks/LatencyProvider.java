package io.kombify.benchmarks;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A provider that keeps what it makes in memory and takes a fixed time for every call, so that a
 * benchmark sees the deployment engine's own cost (latency zero) or how well it overlaps slow
 * calls (a latency large against that cost). It honours the provider contract: a create with a key
 * it has seen returns what that create made, a read of a gone resource is empty, a delete of a gone
 * resource succeeds and a lookup finds a create's result by its key. Sensitive attributes are
 * stored and returned as nothing, like a provider that cannot read them back; they are never
 * resolved. Thread-safe; it counts its calls, the most it saw at once and the time they took.
 */
public final class LatencyProvider implements Provider {

    private record Stored(ResourceId id, ResourceState state) {
    }

    private final ProviderDescriptor descriptor;
    private final long latencyNanos;
    private final Map<String, Stored> objects = new ConcurrentHashMap<>();
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final LongAdder calls = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder callNanos = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /**
     * A provider of these types that takes {@code latency} per call.
     *
     * @param name    the name resources refer to
     * @param types   how it handles each type
     * @param latency how long every call takes; zero for none
     */
    public LatencyProvider(String name, Collection<ResourceTypeSupport> types, Duration latency) {
        this.descriptor = ProviderDescriptor.of(Objects.requireNonNull(name, "name"), "1.0", types, Optional.empty());
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        this.latencyNanos = latency.toNanos();
    }

    /** A provider handling each of these types with the given attributes changeable in place. */
    public static LatencyProvider of(String name, Map<ResourceType, Set<String>> updatable, Duration latency) {
        return new LatencyProvider(name, updatable.entrySet().stream()
                .map(e -> new ResourceTypeSupport(e.getKey(), e.getValue(), false)).toList(), latency);
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        long start = enter();
        try {
            reads.increment();
            Stored s = objects.get(request.providerId());
            return s == null ? Optional.empty() : Optional.of(s.state());
        } finally {
            leave(start);
        }
    }

    @Override
    public ResourceState create(CreateRequest request) {
        long start = enter();
        try {
            // A key seen before returns what its create made; one whose resource was deleted since makes it again.
            ResourceState[] result = new ResourceState[1];
            byKey.compute(request.idempotencyKey(), (key, madeBefore) -> {
                Stored before = madeBefore == null ? null : objects.get(madeBefore);
                if (before != null) {
                    result[0] = before.state();
                    return madeBefore;
                }
                String id = descriptor.name() + "-" + nextId.incrementAndGet();
                result[0] = new ResourceState(id, readable(request.attributes(), request.sensitive()), Map.of());
                objects.put(id, new Stored(request.id(), result[0]));
                return id;
            });
            return result[0];
        } finally {
            leave(start);
        }
    }

    @Override
    public ResourceState update(UpdateRequest request) {
        long start = enter();
        try {
            Stored s = objects.get(request.providerId());
            if (s == null) {
                throw new ProviderException(ErrorKind.NOT_FOUND, request.id() + " (" + request.providerId()
                        + ") does not exist");
            }
            Stored updated = new Stored(s.id(), new ResourceState(request.providerId(),
                    readable(request.desired(), request.sensitive()), s.state().outputs()));
            objects.put(request.providerId(), updated);
            return updated.state();
        } finally {
            leave(start);
        }
    }

    @Override
    public void delete(DeleteRequest request) {
        long start = enter();
        try {
            objects.remove(request.providerId());
        } finally {
            leave(start);
        }
    }

    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        long start = enter();
        try {
            String providerId = byKey.get(request.idempotencyKey());
            Stored s = providerId == null ? null : objects.get(providerId);
            return s == null ? Optional.empty() : Optional.of(s.state());
        } finally {
            leave(start);
        }
    }

    /** How many resources it holds. */
    public int size() {
        return objects.size();
    }

    /** How many calls it served. */
    public long calls() {
        return calls.sum();
    }

    /** How many of them were reads. */
    public long reads() {
        return reads.sum();
    }

    /** The most calls it served at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** The mean time a call took, as measured inside the provider: the latency and what the sleep overshot. */
    public Duration meanCallTime() {
        long n = calls.sum();
        return n == 0 ? Duration.ZERO : Duration.ofNanos(callNanos.sum() / n);
    }

    private long enter() {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        long start = System.nanoTime();
        if (latencyNanos > 0) {
            sleepUntil(start + latencyNanos);
        }
        return start;
    }

    private void leave(long start) {
        callNanos.add(System.nanoTime() - start);
        calls.increment();
        inFlight.decrementAndGet();
    }

    private static void sleepUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(ErrorKind.FATAL, ErrorKind.FATAL.code(), "the call was interrupted", null, e);
            }
        }
    }

    private static Map<String, Object> readable(Map<String, Object> attributes, Set<String> sensitive) {
        if (sensitive.isEmpty()) {
            return attributes;
        }
        Map<String, Object> copy = new HashMap<>(attributes);
        copy.keySet().removeAll(sensitive);
        return copy;
    }
}
