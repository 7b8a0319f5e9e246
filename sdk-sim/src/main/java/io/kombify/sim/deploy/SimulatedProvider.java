package io.kombify.sim.deploy;

import io.kombify.core.KombifyException;
import io.kombify.core.SecretRef;
import io.kombify.deploy.Attributes;
import io.kombify.deploy.Providers;
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
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.UpdateRequest;
import io.kombify.sim.DurationText;
import io.kombify.sim.Fault;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A provider that deploys into a {@link SimulatedWorld} instead of a cloud or a Docker engine:
 * it handles every resource type of the resource graph (machines, hosts, SSH keys, networks,
 * subnets, firewalls, VPN members, container networks, volumes, containers, proxy routes and
 * DNS records), so it can stand in for {@code hetzner}, {@code docker}, {@code local} and any
 * other provider when rehearsing an apply ({@code kombify apply --simulate}) or testing the
 * deployment engine.
 *
 * <pre>{@code
 * SimulatedProvider sim = SimulatedProvider.builder()
 *         .world(SimulatedWorld.load(stateDir))            // the same world across runs
 *         .fault(Fault.parse("provider-rate-limit:hetzner=1s@call(3)"))
 *         .build();
 * Deployer deployer = Deployer.builder()
 *         .providers(sim.standIn(List.of("hetzner", "docker", "local")))
 *         .stateStore(new LocalDirectoryStateStore(stateDir))
 *         .build();
 * }</pre>
 *
 * <p>It behaves as the provider contract asks of a real provider: a create with an idempotency
 * key seen before returns what that create made; a read of a gone resource is empty; a delete of
 * a gone resource succeeds; {@link #lookup} finds what a create made through the
 * {@code kombify.io/idempotency-key} label every resource carries. Provider identifiers are
 * numbered per type in the world ({@code sim-machine-1}, {@code sim-container-7}), so the same
 * sequence of calls always yields the same identifiers. Outputs look like a cloud's: a machine
 * gets a public IPv4 address from the documentation range 203.0.113.0/24 and a private one from
 * 10.0.0.0/24, a host a private one from 10.0.1.0/24, a VPN member one from 100.64.0.0/24.
 *
 * <p>It checks what a real provider would refuse, as a fatal {@link ErrorKind#INVALID} error
 * with a message naming the resource: a resource placed on a node ({@code node} attribute)
 * whose machine or host does not exist in the world for the same stack, a subnet of a missing
 * network, a second resource with the address of an existing one (for types that cannot exist
 * twice), an in-place update of an attribute that cannot change in place, a sensitive attribute
 * that holds anything but {@code secret://} references, and a reference the secret resolver
 * cannot resolve. Secret values are resolved only to check them: they are never kept in the
 * world or returned.
 *
 * <p>Faults ({@link Fault#isDeployTime()}, see {@link Fault#DEPLOY_SYNTAX}) make its calls fail the
 * way real APIs do: 429 with a Retry-After, 5xx, and timeouts (after which a create, update or
 * delete has nevertheless taken effect), on chosen calls or with a seeded probability; they add
 * latency; and {@code crash-after-step:K} throws {@link SimulatedCrash} right after the K-th
 * successful create, update or delete, and from every call after it, as if the process had been
 * killed. When several faults strike one call, the one added last answers. A provider fault
 * aimed at a name strikes the calls made through a provider of that name: {@link #named(String)} and {@link #standIn(Collection)} give one per name, all sharing
 * the world, the faults and the step count; {@code *} strikes every call.
 *
 * <p>Thread-safe.
 */
public final class SimulatedProvider implements Provider {

    /** The name of a simulated provider unless another is given. */
    public static final String NAME = "simulated";

    /** The provider's version. */
    public static final String VERSION = "1";

    private final String name;
    private final Core core;
    private final ProviderDescriptor descriptor;

    private SimulatedProvider(String name, Core core) {
        this.name = name;
        this.core = core;
        this.descriptor = ProviderDescriptor.of(name, VERSION, SimulatedTypes.supports(), Optional.empty());
    }

    /** A simulated provider named {@value #NAME} with an empty in-memory world and no faults. */
    public static SimulatedProvider inMemory() {
        return builder().build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every type a simulated provider handles, in dependency order. */
    public static Set<ResourceType> types() {
        return SimulatedTypes.RULES.keySet();
    }

    /**
     * This provider under another name: the same world, faults and step count, but a descriptor
     * named {@code otherName}, so that provider faults aimed at that name strike its calls.
     */
    public SimulatedProvider named(String otherName) {
        Objects.requireNonNull(otherName, "otherName");
        if (otherName.isBlank()) {
            throw new IllegalArgumentException("a provider name must not be blank");
        }
        return otherName.equals(name) ? this : new SimulatedProvider(otherName, core);
    }

    /**
     * Providers standing in for each of {@code names} (and this provider's own name), one
     * {@link #named(String) view} of this provider per name.
     */
    public Providers standIn(Collection<String> names) {
        Map<String, SimulatedProvider> views = new LinkedHashMap<>();
        views.put(name, this);
        for (String n : names) {
            views.computeIfAbsent(n, this::named);
        }
        return Providers.of(views.values());
    }

    /** The world this provider deploys into. */
    public SimulatedWorld world() {
        return core.world;
    }

    /** The faults in force, in the order they were added. */
    public List<Fault> faults() {
        return List.copyOf(core.faults);
    }

    /**
     * Adds a fault from now on: calls are counted, and steps of a crash, from this moment.
     *
     * @throws IllegalArgumentException if the fault does not belong to a simulated apply ({@link Fault#isDeployTime()})
     */
    public void inject(Fault fault) {
        core.add(fault);
    }

    /** How many creates, updates and deletes succeeded through this provider (and its other names). */
    public int steps() {
        return core.steps.get();
    }

    /** Whether a crash fault struck: every call now throws {@link SimulatedCrash}. */
    public boolean crashed() {
        return core.crash != null;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        Objects.requireNonNull(request, "request");
        return call(Fault.Operation.READ, request.id(), () -> {
            Optional<SimulatedResource> r = core.world.resource(request.providerId())
                    .filter(x -> x.type().equals(request.id().type()));
            return r.map(SimulatedResource::toState);
        });
    }

    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        Objects.requireNonNull(request, "request");
        return call(Fault.Operation.LOOKUP, request.id(), () -> core.world.createdWith(request.idempotencyKey())
                .filter(r -> r.stack().equals(request.context().stack())
                        && r.address().filter(request.id()::equals).isPresent())
                .map(SimulatedResource::toState));
    }

    @Override
    public ResourceState create(CreateRequest request) {
        Objects.requireNonNull(request, "request");
        ResourceId id = request.id();
        return call(Fault.Operation.CREATE, id, () -> {
            SimulatedTypes.Rules rules = rules(id);
            Map<String, Object> attributes = checkedAttributes(id, request.attributes(), request.sensitive(), request.context());
            String stack = request.context().stack();
            synchronized (core.world) {
                core.alive();
                Optional<SimulatedResource> earlier = core.world.createdWith(request.idempotencyKey())
                        .filter(r -> r.stack().equals(stack) && r.address().filter(id::equals).isPresent());
                if (earlier.isPresent()) {
                    return core.step(Fault.Operation.CREATE, id, earlier.get().toState());
                }
                checkReferences(id, rules, attributes, stack);
                if (!rules.createBeforeDestroy()) {
                    List<SimulatedResource> same = core.world.resources(stack, id);
                    if (!same.isEmpty()) {
                        throw invalid(id + " already exists in the simulated world as " + same.get(0).providerId()
                                + ", made by a create with another idempotency key; a second " + id.type()
                                + " with the same name is refused");
                    }
                }
                Map<String, String> labels = new TreeMap<>(request.context().ownershipLabels());
                labels.put(SimulatedResource.LABEL_STACK, stack);
                labels.put(SimulatedResource.LABEL_RESOURCE, id.toString());
                labels.put(SimulatedResource.LABEL_KEY, request.idempotencyKey());
                SimulatedResource made = save(() -> core.world.add(id.type(), labels, attributes,
                        n -> outputs(id, attributes, n)));
                return core.step(Fault.Operation.CREATE, id, made.toState());
            }
        });
    }

    @Override
    public ResourceState update(UpdateRequest request) {
        Objects.requireNonNull(request, "request");
        ResourceId id = request.id();
        return call(Fault.Operation.UPDATE, id, () -> {
            SimulatedTypes.Rules rules = rules(id);
            Map<String, Object> attributes = checkedAttributes(id, request.desired(), request.sensitive(), request.context());
            synchronized (core.world) {
                core.alive();
                SimulatedResource current = core.world.resource(request.providerId())
                        .filter(r -> r.type().equals(id.type()))
                        .orElseThrow(() -> new ProviderException(ErrorKind.NOT_FOUND, id + " (" + request.providerId()
                                + ") does not exist in the simulated world"));
                Set<String> changed = new TreeSet<>(request.changed());
                Set<String> names = new HashSet<>(attributes.keySet());
                names.addAll(current.attributes().keySet());
                for (String n : names) {
                    if (!Objects.equals(attributes.get(n), current.attributes().get(n))) {
                        changed.add(n);
                    }
                }
                changed.removeIf(rules.updatable()::contains);
                if (!changed.isEmpty()) {
                    throw invalid("the simulated provider cannot change " + String.join(", ", changed) + " of " + id
                            + " in place; only " + new TreeSet<>(rules.updatable()) + " change in place, anything else replaces it");
                }
                checkReferences(id, rules, attributes, request.context().stack());
                SimulatedResource updated = current.withAttributes(attributes);
                save(() -> {
                    core.world.put(updated);
                    return updated;
                });
                return core.step(Fault.Operation.UPDATE, id, updated.toState());
            }
        });
    }

    @Override
    public void delete(DeleteRequest request) {
        Objects.requireNonNull(request, "request");
        ResourceId id = request.id();
        call(Fault.Operation.DELETE, id, () -> {
            synchronized (core.world) {
                core.alive();
                Optional<SimulatedResource> current = core.world.resource(request.providerId());
                if (current.isPresent() && !current.get().type().equals(id.type())) {
                    throw invalid(request.providerId() + " is a " + current.get().type() + ", not the " + id.type() + " " + id);
                }
                save(() -> core.world.remove(request.providerId()));
                return core.step(Fault.Operation.DELETE, id, Boolean.TRUE);
            }
        });
    }

    /** Runs one provider call: crash check, latency, injected errors, then the call itself. */
    private <T> T call(Fault.Operation op, ResourceId id, Supplier<T> body) {
        core.alive();
        Duration latency = core.latency(name);
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(ErrorKind.FATAL, "PROVIDER_INTERRUPTED", "the simulated " + name + " call to "
                        + op.wire() + " " + id + " was interrupted", null, e);
            }
            core.alive();
        }
        Optional<Fault> struck = core.strike(name, op);
        if (struck.isEmpty()) {
            return body.get();
        }
        Fault f = struck.get();
        String what = "the simulated " + name + " API";
        String call = op.wire() + " of " + id;
        switch (f.kind()) {
            case PROVIDER_RATE_LIMIT -> throw ProviderException.rateLimited(what + " answered 429 Too Many Requests to the "
                    + call + " (Retry-After " + DurationText.format(f.retryAfter().orElseThrow()) + ", injected by "
                    + f.describe() + ")", f.retryAfter().orElseThrow());
            case PROVIDER_SERVER_ERROR -> throw new ProviderException(ErrorKind.UNAVAILABLE, what + " answered " + f.status()
                    + " to the " + call + " (injected by " + f.describe() + ")");
            default -> {
                if (op == Fault.Operation.CREATE || op == Fault.Operation.UPDATE || op == Fault.Operation.DELETE) {
                    body.get();
                    throw new ProviderException(ErrorKind.TIMEOUT, what + " did not answer the " + call
                            + " in time; the change took effect (injected by " + f.describe() + ")");
                }
                throw new ProviderException(ErrorKind.TIMEOUT, what + " did not answer the " + call
                        + " in time (injected by " + f.describe() + ")");
            }
        }
    }

    private static SimulatedTypes.Rules rules(ResourceId id) {
        SimulatedTypes.Rules rules = SimulatedTypes.RULES.get(id.type());
        if (rules == null) {
            throw invalid("the simulated provider does not handle resources of type " + id.type() + " (" + id
                    + "); it handles " + SimulatedTypes.RULES.keySet());
        }
        return rules;
    }

    /** Saves through the world, turning a failed save into a provider error. */
    private <T> T save(Supplier<T> change) {
        try {
            return change.get();
        } catch (UncheckedIOException e) {
            throw new ProviderException(ErrorKind.FATAL, "SIMULATED_WORLD_IO", e.getMessage(), null, e);
        }
    }

    /**
     * The attributes to keep: sensitive ones are checked (each must hold {@code secret://}
     * references the resolver knows) and left out.
     */
    private Map<String, Object> checkedAttributes(ResourceId id, Map<String, Object> attributes, Set<String> sensitive,
                                                  ProviderContext context) {
        Map<String, Object> kept = new HashMap<>(attributes);
        for (String s : sensitive) {
            checkSecretReferences(id, s, attributes.get(s), context);
            kept.remove(s);
        }
        return Attributes.normalize(kept);
    }

    private void checkSecretReferences(ResourceId id, String attribute, Object value, ProviderContext context) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> checkSecretReferences(id, attribute, v, context));
            return;
        }
        if (value instanceof List<?> list) {
            list.forEach(v -> checkSecretReferences(id, attribute, v, context));
            return;
        }
        if (!(value instanceof String text) || !SecretRef.isReference(text)) {
            throw invalid("the sensitive attribute " + attribute + " of " + id
                    + " holds a value that is not a secret:// reference (the value is not shown)");
        }
        if (core.resolveSecrets) {
            SecretRef ref = SecretRef.parse(text);
            try {
                Objects.requireNonNull(context.secrets().resolve(ref), "the secret resolver returned null");
            } catch (KombifyException | NullPointerException e) {
                throw new ProviderException(ErrorKind.INVALID, "SECRET_UNRESOLVED", "the attribute " + attribute + " of " + id
                        + " refers to " + ref + ", which has no value; configure a value for it", null, null);
            }
        }
    }

    /** Checks that the resources the attributes name exist in the world, for the same stack. */
    private void checkReferences(ResourceId id, SimulatedTypes.Rules rules, Map<String, Object> attributes, String stack) {
        for (SimulatedTypes.Reference ref : rules.references()) {
            if (!(attributes.get(ref.attribute()) instanceof String target)) {
                continue;
            }
            List<ResourceId> candidates = new ArrayList<>();
            try {
                if (ref.address()) {
                    ResourceId named = ResourceId.parse(target);
                    if (!ref.types().contains(named.type())) {
                        throw invalid("the attribute " + ref.attribute() + " of " + id + " must name a "
                                + ref.types().stream().map(ResourceType::name).collect(Collectors.joining(" or ")) + ", not " + target);
                    }
                    candidates.add(named);
                } else {
                    for (ResourceType t : ref.types()) {
                        candidates.add(ResourceId.of(t, target));
                    }
                }
            } catch (KombifyException | IllegalArgumentException e) {
                if (e instanceof ProviderException p) {
                    throw p;
                }
                throw invalid("the attribute " + ref.attribute() + " of " + id + " names '" + target
                        + "', which is no valid resource " + (ref.address() ? "address" : "name"));
            }
            if (candidates.stream().allMatch(c -> core.world.resources(stack, c).isEmpty())) {
                throw invalid(id + " needs " + ref.attribute() + " '" + target + "', but the simulated world holds no "
                        + candidates.stream().map(ResourceId::toString).collect(Collectors.joining(" or ")) + " of stack '"
                        + stack + "'; create that first (does " + id + " depend on it in the resource graph?)");
            }
        }
    }

    /** Computed values, as a cloud or Docker would report them; {@code n} numbers the resource within its type. */
    private Map<String, Object> outputs(ResourceId id, Map<String, Object> attributes, long n) {
        Map<String, Object> out = new TreeMap<>();
        String providerId = "sim-" + id.type().name().replace('_', '-') + "-" + n;
        ResourceType type = id.type();
        if (type.equals(ResourceType.MACHINE)) {
            out.put("public_ipv4", freeAddress("203.0.113.", 1, ResourceType.MACHINE, "public_ipv4"));
            out.put("private_ipv4", freeAddress("10.0.0.", 2, ResourceType.MACHINE, "private_ipv4"));
        } else if (type.equals(ResourceType.HOST)) {
            out.put("private_ipv4", freeAddress("10.0.1.", 1, ResourceType.HOST, "private_ipv4"));
        } else if (type.equals(ResourceType.VPN_MEMBER)) {
            out.put("vpn_ipv4", freeAddress("100.64.0.", 1, ResourceType.VPN_MEMBER, "vpn_ipv4"));
        } else if (type.equals(ResourceType.SSH_KEY)) {
            Object key = attributes.getOrDefault("publicKey", attributes.getOrDefault("publicKeyPath", providerId));
            out.put("fingerprint", "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(String.valueOf(key))));
        } else if (type.equals(ResourceType.CONTAINER)) {
            out.put("container_id", HexFormat.of().formatHex(sha256(providerId)));
            out.put("state", "running");
        } else if (type.equals(ResourceType.VOLUME)) {
            out.put("mountpoint", "/var/lib/docker/volumes/" + attributes.getOrDefault("name", id.name()) + "/_data");
        } else if (type.equals(ResourceType.DNS_RECORD)) {
            out.put("fqdn", attributes.getOrDefault("name", id.name()));
        } else if (type.equals(ResourceType.PROXY_ROUTE)) {
            out.put("url", "https://" + attributes.getOrDefault("domain", id.name()));
        }
        return out;
    }

    /** The lowest address {@code prefix + k} ({@code k} from {@code from} to 254) no resource of {@code type} holds as {@code output}. */
    private String freeAddress(String prefix, int from, ResourceType type, String output) {
        Set<Object> taken = new HashSet<>();
        for (SimulatedResource r : core.world.resources()) {
            if (r.type().equals(type)) {
                taken.add(r.outputs().get(output));
            }
        }
        for (int k = from; k <= 254; k++) {
            if (!taken.contains(prefix + k)) {
                return prefix + k;
            }
        }
        throw new ProviderException(ErrorKind.QUOTA_EXCEEDED, "the simulated location has no free address left in "
                + prefix + "0/24 for another " + type);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ErrorKind.INVALID, message);
    }

    @Override
    public String toString() {
        return "SimulatedProvider[" + name + ", " + core.world.size() + " resources]";
    }

    /** What every name of one simulated provider shares. */
    private static final class Core {
        final SimulatedWorld world;
        final boolean resolveSecrets;
        final List<Fault> faults = new CopyOnWriteArrayList<>();
        final List<Counted> errors = new CopyOnWriteArrayList<>();
        final AtomicInteger steps = new AtomicInteger();
        private final Random random;
        // The step after which the process dies; 0 for never. Guarded by world.
        private int crashAt;
        volatile SimulatedCrash crash;

        Core(SimulatedWorld world, boolean resolveSecrets, long seed) {
            this.world = world;
            this.resolveSecrets = resolveSecrets;
            this.random = new Random(seed);
        }

        void add(Fault fault) {
            Objects.requireNonNull(fault, "fault");
            if (!fault.isDeployTime()) {
                throw new IllegalArgumentException(fault + " is a fault of a simulation, at a virtual time; a simulated apply"
                        + " takes provider faults on calls (@call(N), @chance(P%)), latency:DURATION and crash-after-step:K");
            }
            synchronized (world) {
                if (fault.kind() == Fault.Kind.CRASH_AFTER_STEP) {
                    int at = steps.get() + fault.steps();
                    crashAt = crashAt == 0 ? at : Math.min(crashAt, at);
                } else if (fault.calls().isPresent()) {
                    errors.add(new Counted(fault, new AtomicLong()));
                }
                faults.add(fault);
            }
        }

        void alive() {
            SimulatedCrash c = crash;
            if (c != null) {
                throw new SimulatedCrash(c.step(), "the simulated process died after step " + c.step()
                        + "; make a new provider on the same world to go on");
            }
        }

        Duration latency(String provider) {
            Duration total = Duration.ZERO;
            for (Fault f : faults) {
                if (f.kind() == Fault.Kind.PROVIDER_LATENCY && aims(f, provider)) {
                    total = total.plus(f.latency().orElseThrow());
                }
            }
            return total;
        }

        /**
         * The fault that strikes this call, if any: every fault whose calls match counts the call,
         * and when several strike it, the one added last answers (as in {@link io.kombify.sim.SimulatedProviderApi}).
         */
        Optional<Fault> strike(String provider, Fault.Operation op) {
            Fault struck = null;
            for (Counted c : errors) {
                Fault.Calls calls = c.fault().calls().orElseThrow();
                if (!aims(c.fault(), provider) || !calls.matches(op)) {
                    continue;
                }
                long n = c.matched().incrementAndGet();
                boolean hit;
                if (calls.chance() > 0) {
                    synchronized (random) {
                        hit = random.nextDouble() < calls.chance();
                    }
                } else {
                    hit = calls.strikesCall(n);
                }
                if (hit) {
                    struck = c.fault();
                }
            }
            return Optional.ofNullable(struck);
        }

        /** Counts a create, update or delete that took effect; the process dies here when a crash fault says so. Holds world. */
        <T> T step(Fault.Operation op, ResourceId id, T result) {
            int n = steps.incrementAndGet();
            if (crashAt > 0 && n >= crashAt && crash == null) {
                crash = new SimulatedCrash(n, "simulated crash after step " + n + ": the " + op.wire() + " of " + id
                        + " took effect, and the process died before hearing of it");
                throw crash;
            }
            return result;
        }

        private static boolean aims(Fault f, String provider) {
            String target = f.targets().get(0);
            return target.equals("*") || target.equals(provider);
        }
    }

    private record Counted(Fault fault, AtomicLong matched) {
    }

    /** Builds a {@link SimulatedProvider}. Not thread-safe. */
    public static final class Builder {
        private String name = NAME;
        private SimulatedWorld world;
        private final List<Fault> faults = new ArrayList<>();
        private long seed;
        private boolean resolveSecrets = true;

        private Builder() {
        }

        /** The provider's name; {@value #NAME} unless set. */
        public Builder name(String value) {
            Objects.requireNonNull(value, "name");
            if (value.isBlank()) {
                throw new IllegalArgumentException("a provider name must not be blank");
            }
            this.name = value;
            return this;
        }

        /** The world to deploy into; a new in-memory one unless set. */
        public Builder world(SimulatedWorld value) {
            this.world = Objects.requireNonNull(value, "world");
            return this;
        }

        /**
         * Adds a fault of a simulated apply.
         *
         * @throws IllegalArgumentException if it is not one ({@link Fault#isDeployTime()})
         */
        public Builder fault(Fault value) {
            Objects.requireNonNull(value, "fault");
            if (!value.isDeployTime()) {
                throw new IllegalArgumentException(value + " is a fault of a simulation, at a virtual time; a simulated apply"
                        + " takes provider faults on calls (@call(N), @chance(P%)), latency:DURATION and crash-after-step:K");
            }
            faults.add(value);
            return this;
        }

        /** Adds faults of a simulated apply, in order. */
        public Builder faults(Collection<Fault> values) {
            values.forEach(this::fault);
            return this;
        }

        /** The seed of the random that decides faults struck by chance; 0 unless set. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Whether sensitive attributes' {@code secret://} references must resolve through the
         * call's {@link io.kombify.deploy.spi.SecretResolver}, as with a real provider (the
         * default); without it only their form is checked.
         */
        public Builder resolveSecrets(boolean value) {
            this.resolveSecrets = value;
            return this;
        }

        /** The provider. */
        public SimulatedProvider build() {
            Core core = new Core(world == null ? SimulatedWorld.inMemory() : world, resolveSecrets, seed);
            faults.forEach(core::add);
            return new SimulatedProvider(name, core);
        }
    }
}
