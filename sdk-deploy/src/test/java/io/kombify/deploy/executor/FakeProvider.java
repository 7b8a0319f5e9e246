package io.kombify.deploy.executor;

import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.RateLimit;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An in-memory provider that keeps what it "made" in maps and honours the provider contract
 * (create is idempotent by key, read of a gone resource is empty, delete of a gone resource
 * succeeds, lookup finds a create's result by key). It can be told to take time per call, to fail
 * (with retryable errors and Retry-After, or fatally), and to crash — throw an {@link Error} — on
 * its k-th mutating call, before or after the call took effect. It records every call with a
 * global sequence number, and the most calls it saw at once.
 */
final class FakeProvider implements Provider {

    /** What a provider throws when the process it runs in "dies". */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    /** One object the provider holds. */
    record FakeObject(String providerId, ResourceId id, Map<String, Object> attributes, Map<String, String> labels,
                      String createKey) {
    }

    /** One provider call. */
    record Call(String kind, ResourceId id, long startSeq, long endSeq, int attempt, boolean ok) {
    }

    private static final AtomicLong SEQ = new AtomicLong();

    private final ProviderDescriptor descriptor;
    private final Map<String, FakeObject> objects = new ConcurrentHashMap<>();
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger mutatingCalls = new AtomicInteger();
    private final List<Call> calls = new ArrayList<>();
    private final List<Set<String>> updatesChanged = new ArrayList<>();
    private final Map<String, Deque<Supplier<RuntimeException>>> scripted = new HashMap<>();
    private final Map<String, Supplier<RuntimeException>> always = new HashMap<>();
    private final Map<String, Supplier<RuntimeException>> afterEffect = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final List<String> revealedSecrets = new ArrayList<>();
    private final List<Long> callStartNanos = new ArrayList<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile int crashOnCall;
    private volatile boolean crashAfterEffect;

    FakeProvider(String name, Collection<ResourceTypeSupport> types, Optional<RateLimit> rateLimit) {
        this.descriptor = ProviderDescriptor.of(name, "1.0", types, rateLimit);
    }

    /** A provider of these types, all updatable in {@code env} and {@code size}, none create-before-destroy. */
    static FakeProvider of(String name, ResourceType... types) {
        List<ResourceTypeSupport> supports = new ArrayList<>();
        for (ResourceType t : types) {
            supports.add(new ResourceTypeSupport(t, Set.of("env", "size", "password"), false));
        }
        return new FakeProvider(name, supports, Optional.empty());
    }

    FakeProvider latency(Duration d) {
        this.latency = d;
        return this;
    }

    /** The given call fails with these errors, one per attempt, then succeeds. */
    @SafeVarargs
    final synchronized FakeProvider script(ResourceId id, String kind, Supplier<RuntimeException>... errors) {
        scripted.computeIfAbsent(kind + " " + id, k -> new ArrayDeque<>()).addAll(List.of(errors));
        return this;
    }

    /** The given call takes effect, and then fails with this error (a create that timed out after the cloud made it). */
    synchronized FakeProvider failAfterEffect(ResourceId id, String kind, Supplier<RuntimeException> error) {
        afterEffect.put(kind + " " + id, error);
        return this;
    }

    /** The given call always fails with this error. */
    synchronized FakeProvider failAlways(ResourceId id, String kind, Supplier<RuntimeException> error) {
        always.put(kind + " " + id, error);
        return this;
    }

    /**
     * The {@code k}-th mutating call from now on (1-based) throws {@link SimulatedCrash}, after its
     * effect when {@code afterEffect}; 0 disarms.
     */
    FakeProvider crashOnMutatingCall(int k, boolean afterEffect) {
        mutatingCalls.set(0);
        this.crashAfterEffect = afterEffect;
        this.crashOnCall = k;
        return this;
    }

    static Supplier<RuntimeException> retryable(Duration retryAfter) {
        return () -> ProviderException.rateLimited("slow down", retryAfter);
    }

    static Supplier<RuntimeException> unavailable() {
        return () -> new ProviderException(ErrorKind.UNAVAILABLE, "service unavailable (503)");
    }

    static Supplier<RuntimeException> invalid(String message) {
        return () -> new ProviderException(ErrorKind.INVALID, message);
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        return observe("read", request.id(), false, () -> Optional.ofNullable(objects.get(request.providerId()))
                .map(this::state));
    }

    @Override
    public ResourceState create(CreateRequest request) {
        return observe("create", request.id(), true, () -> {
            String existing = keys.get(request.idempotencyKey());
            if (existing != null && objects.containsKey(existing)) {
                return state(objects.get(existing));
            }
            revealSensitive(request.attributes(), request.sensitive(), request.context());
            String providerId = descriptor.name() + "-" + nextId.incrementAndGet();
            FakeObject o = new FakeObject(providerId, request.id(), visible(request.attributes(), request.sensitive()),
                    request.context().ownershipLabels(), request.idempotencyKey());
            objects.put(providerId, o);
            keys.put(request.idempotencyKey(), providerId);
            return state(o);
        });
    }

    @Override
    public ResourceState update(UpdateRequest request) {
        return observe("update", request.id(), true, () -> {
            FakeObject o = objects.get(request.providerId());
            if (o == null) {
                throw new ProviderException(ErrorKind.NOT_FOUND, request.id() + " (" + request.providerId() + ") is gone");
            }
            synchronized (this) {
                updatesChanged.add(request.changed());
            }
            revealSensitive(request.desired(), request.sensitive(), request.context());
            FakeObject updated = new FakeObject(o.providerId(), o.id(), visible(request.desired(), request.sensitive()),
                    o.labels(), o.createKey());
            objects.put(o.providerId(), updated);
            return state(updated);
        });
    }

    @Override
    public void delete(DeleteRequest request) {
        observe("delete", request.id(), true, () -> objects.remove(request.providerId()));
    }

    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        return observe("lookup", request.id(), false, () -> Optional.ofNullable(keys.get(request.idempotencyKey()))
                .map(objects::get).map(this::state));
    }

    private <T> T observe(String kind, ResourceId id, boolean mutating, Supplier<T> effect) {
        long start = SEQ.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        int attempt;
        synchronized (this) {
            attempt = attempts.merge(kind + " " + id, 1, Integer::sum);
            callStartNanos.add(System.nanoTime());
        }
        boolean ok = false;
        try {
            if (!latency.isZero()) {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            }
            RuntimeException failure = nextFailure(kind, id);
            if (failure != null) {
                throw failure;
            }
            if (mutating && crashOnCall > 0 && mutatingCalls.incrementAndGet() == crashOnCall) {
                if (crashAfterEffect) {
                    effect.get();
                }
                throw new SimulatedCrash("the process died during the " + kind + " of " + id);
            }
            T result = effect.get();
            Supplier<RuntimeException> late;
            synchronized (this) {
                late = afterEffect.get(kind + " " + id);
            }
            if (late != null) {
                throw late.get();
            }
            ok = true;
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ErrorKind.TIMEOUT, "interrupted");
        } finally {
            inFlight.decrementAndGet();
            synchronized (this) {
                calls.add(new Call(kind, id, start, SEQ.incrementAndGet(), attempt, ok));
            }
        }
    }

    private synchronized RuntimeException nextFailure(String kind, ResourceId id) {
        Supplier<RuntimeException> a = always.get(kind + " " + id);
        if (a != null) {
            return a.get();
        }
        Deque<Supplier<RuntimeException>> q = scripted.get(kind + " " + id);
        return q == null || q.isEmpty() ? null : q.poll().get();
    }

    private void revealSensitive(Map<String, Object> attributes, Set<String> sensitive, ProviderContext context) {
        for (String name : sensitive) {
            Object ref = attributes.get(name);
            if (ref instanceof String s && SecretRef.isReference(s)) {
                Secret secret = context.secrets().resolve(SecretRef.parse(s));
                synchronized (this) {
                    revealedSecrets.add(new String(secret.reveal()));
                }
            }
        }
    }

    private static Map<String, Object> visible(Map<String, Object> attributes, Set<String> sensitive) {
        Map<String, Object> out = new TreeMap<>(attributes);
        out.keySet().removeAll(sensitive);
        return out;
    }

    private ResourceState state(FakeObject o) {
        return new ResourceState(o.providerId(), o.attributes(), Map.of("fqdn", o.id().name() + ".lab"));
    }

    // ---------------------------------------------------------------- what tests look at

    Map<String, FakeObject> objects() {
        return Map.copyOf(objects);
    }

    /** The live objects of one resource address. */
    List<FakeObject> objectsOf(ResourceId id) {
        return objects.values().stream().filter(o -> o.id().equals(id)).toList();
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(String kind) {
        return calls.stream().filter(c -> c.kind().equals(kind)).toList();
    }

    synchronized List<Long> callStartNanos() {
        return List.copyOf(callStartNanos);
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    synchronized List<String> revealedSecrets() {
        return List.copyOf(revealedSecrets);
    }

    /** Forgets the calls seen and the most at once, keeping the objects. */
    synchronized void resetObservations() {
        calls.clear();
        attempts.clear();
        callStartNanos.clear();
        maxInFlight.set(0);
    }

    /** Removes an object behind the engine's back. */
    void deleteOutside(String providerId) {
        objects.remove(providerId);
    }

    /** Sets an attribute of an object behind the engine's back. */
    void changeOutside(String providerId, String attribute, Object value) {
        objects.computeIfPresent(providerId, (k, o) -> {
            Map<String, Object> attributes = new HashMap<>(o.attributes());
            attributes.put(attribute, value);
            return new FakeObject(o.providerId(), o.id(), attributes, o.labels(), o.createKey());
        });
    }

    /** The {@code changed} sets of the updates seen, in order. */
    synchronized List<Set<String>> updatesChanged() {
        return List.copyOf(updatesChanged);
    }
}
