package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@code subnet}: a subnet of a private network ({@code POST /networks/{id}/actions/add_subnet},
 * type {@code cloud}). Attributes: {@code network} (the address of the network resource, such as
 * {@code network.hetzner}), {@code ipRange} (inside the network's range), optionally
 * {@code networkZone}, or {@code location} to take the zone from (else the provider's default
 * location), and {@code gateway}: Hetzner always routes through the first address of the network's
 * range, so a different gateway is refused. {@code gateway}, {@code networkZone} and
 * {@code location} change in place without a call as long as the subnet stays in its network
 * zone (a subnet cannot move to another zone: that is refused, and a new {@code ipRange} makes a
 * new subnet); {@code network} and {@code ipRange} replace the subnet, which Hetzner allows only
 * once no server uses it. The provider id is {@code NETWORK_ID:IP_RANGE}; outputs are
 * {@code networkId}, {@code gateway}, {@code networkZone}.
 *
 * <p>A subnet has no labels of its own, so its network carries three index labels per subnet,
 * under a key {@code s} + 16 hexadecimal digits of the SHA-256 of the subnet's address: the address
 * ({@code subnet.kombify.io/KEY}), the range ({@code subnet-range.kombify.io/KEY}) and the
 * idempotency key of the create ({@code subnet-key.kombify.io/KEY}). They are written before the
 * subnet is added and removed after it is deleted, so a machine finds the network of its subnet, and
 * a lookup finds what a create with a key made. Changes to one network's labels and subnets are made
 * one at a time (a thread waiting for its turn can be interrupted).
 */
final class Subnets implements TypeHandler {

    private final HetznerClient api;
    private final References refs;
    private final String defaultLocation;
    /** Locks for the networks' labels and subnets, a network's by its id: a fixed set, so it never grows. */
    private final ReentrantLock[] networkLocks = new ReentrantLock[64];

    Subnets(HetznerClient api, References refs, String defaultLocation) {
        this.api = api;
        this.refs = refs;
        this.defaultLocation = defaultLocation;
        for (int i = 0; i < networkLocks.length; i++) {
            networkLocks[i] = new ReentrantLock();
        }
    }

    @Override
    public ResourceType type() {
        return ResourceType.SUBNET;
    }

    @Override
    public ResourceTypeSupport support() {
        return new ResourceTypeSupport(type(), Set.of("gateway", "networkZone", "location"), false);
    }

    static String indexKey(ResourceId address) {
        return "s" + Labels.sha256(address.toString()).substring(0, 16);
    }

    static String addressLabel(String index) {
        return "subnet." + Labels.DOMAIN + "/" + index;
    }

    static String rangeLabel(String index) {
        return "subnet-range." + Labels.DOMAIN + "/" + index;
    }

    static String keyLabel(String index) {
        return "subnet-key." + Labels.DOMAIN + "/" + index;
    }

    /** The selector of the network holding the subnet at {@code address} of the stack. */
    static String addressSelector(String stack, ResourceId address) {
        Map<String, String> s = new TreeMap<>();
        s.put(ProviderContext.LABEL_STACK, Labels.encodeValue(stack));
        s.put(addressLabel(indexKey(address)), Labels.encodeValue(address.toString()));
        return Labels.selector(s);
    }

    /**
     * Runs {@code work} while no other change to the labels or subnets of network {@code id} runs.
     *
     * @throws ProviderException {@code HETZNER_INTERRUPTED} when interrupted while waiting for its turn
     */
    <T> T withNetworkLock(long id, Supplier<T> work) {
        ReentrantLock lock = networkLocks[Math.floorMod(Long.hashCode(id), networkLocks.length)];
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ErrorKind.FATAL, HetznerClient.INTERRUPTED, "interrupted while waiting for another change"
                    + " to network " + id + " to end", null, null);
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ResourceState create(CreateRequest request) {
        Attrs attrs = new Attrs(request.id(), request.attributes());
        String stack = request.context().stack();
        ResourceId networkAddress = attrs.reference("network", ResourceType.NETWORK).orElseThrow(() ->
                attrs.invalid("network", "must name the network resource the subnet belongs to, such as network.hetzner"));
        String range = attrs.requiredString("ipRange");
        Map<String, Object> network = refs.find(stack, "networks", networkAddress)
                .orElseThrow(() -> References.missing(stack, networkAddress, request.id()));
        long networkId = Json.id(network);
        String zone = attrs.string("networkZone").orElseGet(() ->
                refs.networkZone(attrs.string("location").orElse(defaultLocation), request.id()));
        checkGateway(request.id(), attrs, network);
        String index = indexKey(request.id());
        return withNetworkLock(networkId, () -> {
            Map<String, Object> fresh = api.find("networks/" + networkId, "network")
                    .orElseThrow(() -> References.missing(stack, networkAddress, request.id()));
            Map<String, String> labels = stringLabels(fresh);
            Map<String, String> wanted = new TreeMap<>(labels);
            wanted.put(addressLabel(index), Labels.encodeValue(request.id().toString()));
            wanted.put(rangeLabel(index), Labels.encodeValue(range));
            wanted.put(keyLabel(index), Labels.encodeValue(request.idempotencyKey()));
            if (!wanted.equals(labels)) {
                api.put("networks/" + networkId, Json.object("labels", wanted));
            }
            if (subnetOf(fresh, range).isEmpty()) {
                try {
                    Map<String, Object> answer = api.post("networks/" + networkId + "/actions/add_subnet",
                            Json.object("type", "cloud", "ip_range", range, "network_zone", zone));
                    api.await(Json.obj(answer, "action"));
                } catch (RuntimeException e) {
                    try {
                        removeIndex(networkId, index, null);
                    } catch (RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                    throw e;
                }
            } else {
                try {
                    api.awaitRunning("networks", networkId);
                } catch (ProviderException e) {
                    throw HetznerClient.notRetried(e);
                }
            }
            Map<String, Object> now = api.find("networks/" + networkId, "network").orElse(fresh);
            return state(now, range, request.attributes(), false).orElseThrow(() -> new ProviderException(ErrorKind.FATAL,
                    "Hetzner Cloud reported adding subnet " + range + " to network " + networkId + ", but the network does not list it"));
        });
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        Id id = Id.parse(request.id(), request.providerId());
        return api.find("networks/" + id.network(), "network").flatMap(n -> state(n, id.range(), request.recorded(), false));
    }

    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        String index = indexKey(request.id());
        Map<String, String> selector = new TreeMap<>();
        selector.put(ProviderContext.LABEL_STACK, Labels.encodeValue(request.context().stack()));
        selector.put(keyLabel(index), Labels.encodeValue(request.idempotencyKey()));
        for (Map<String, Object> network : api.list("networks", "networks", "label_selector", Labels.selector(selector))) {
            Optional<String> range = Labels.value(Json.obj(network, "labels"), rangeLabel(index));
            if (range.isPresent()) {
                Optional<ResourceState> found = state(network, range.get(), Map.of(), true);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** A gateway other than the one Hetzner gives the network's subnets is refused. */
    private static void checkGateway(ResourceId id, Attrs attrs, Map<String, Object> network) {
        Optional<String> gateway = attrs.string("gateway");
        if (gateway.isEmpty()) {
            return;
        }
        String networkRange = Json.str(network, "ip_range").orElse("");
        String expected = Cidrs.firstHost(networkRange);
        if (expected != null && !expected.equals(gateway.get())) {
            throw new ProviderException(ErrorKind.INVALID, ErrorKind.INVALID.code(), "attribute gateway of "
                    + id + " is " + gateway.get() + ", but Hetzner Cloud routes a network's subnets through "
                    + "the first address of the network (" + expected + " in " + networkRange + "); set the gateway to "
                    + expected + " or leave it out", null, null);
        }
    }

    /**
     * Takes a new {@code gateway}, {@code networkZone} or {@code location}, which change nothing at
     * Hetzner: the gateway is checked as a create checks it, and the zone the attributes name now
     * must be the subnet's.
     */
    @Override
    public ResourceState update(UpdateRequest request) {
        Id id = Id.parse(request.id(), request.providerId());
        Attrs attrs = new Attrs(request.id(), request.desired());
        Map<String, Object> network = api.find("networks/" + id.network(), "network").orElseThrow(() ->
                new ProviderException(ErrorKind.NOT_FOUND, "network " + id.network() + " of " + request.id()
                        + " is gone from Hetzner Cloud; plan again to create it anew"));
        Map<String, Object> subnet = subnetOf(network, id.range()).orElseThrow(() ->
                new ProviderException(ErrorKind.NOT_FOUND, "subnet " + id.range() + " of " + request.id()
                        + " is gone from network " + id.network() + "; plan again to create it anew"));
        checkGateway(request.id(), attrs, network);
        String zone = attrs.string("networkZone").orElseGet(() ->
                refs.networkZone(attrs.string("location").orElse(defaultLocation), request.id()));
        String actual = Json.str(subnet, "network_zone").orElse(zone);
        if (!actual.equals(zone)) {
            throw new ProviderException(ErrorKind.INVALID, ErrorKind.INVALID.code(), request.id() + " is in network zone "
                    + actual + ", but its " + (attrs.has("networkZone") ? "networkZone" : "location") + " now names zone " + zone
                    + ", and a Hetzner Cloud subnet cannot move to another zone; give the subnet a new ipRange to make a new"
                    + " one there, or keep a location in " + actual, null, null);
        }
        return state(network, id.range(), Handler.withoutSensitive(request.desired(), request.sensitive()), false).orElseThrow();
    }

    @Override
    public void delete(DeleteRequest request) {
        Id id = Id.parse(request.id(), request.providerId());
        withNetworkLock(id.network(), () -> {
            Optional<Map<String, Object>> network = api.find("networks/" + id.network(), "network");
            if (network.isEmpty()) {
                return null;
            }
            if (subnetOf(network.get(), id.range()).isPresent()) {
                Map<String, Object> answer = api.post("networks/" + id.network() + "/actions/delete_subnet",
                        Json.object("ip_range", id.range()));
                api.await(Json.obj(answer, "action"));
            }
            removeIndex(id.network(), indexKey(request.id()), id.range());
            return null;
        });
    }

    @Override
    public List<String> inventory(String stack) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> network : api.list("networks", "networks", "label_selector", Labels.byStack(stack))) {
            Map<String, Object> labels = Json.obj(network, "labels");
            String prefix = rangeLabel("");
            for (String key : labels.keySet()) {
                if (key.startsWith(prefix)) {
                    Labels.value(labels, key).filter(r -> subnetOf(network, r).isPresent())
                            .ifPresent(r -> ids.add(Json.id(network) + ":" + r));
                }
            }
        }
        return ids;
    }

    /** Removes the index labels of {@code index}, and of any other index naming {@code range}, from the network. */
    private void removeIndex(long networkId, String index, String range) {
        Optional<Map<String, Object>> network = api.find("networks/" + networkId, "network");
        if (network.isEmpty()) {
            return;
        }
        Map<String, String> labels = stringLabels(network.get());
        Map<String, String> kept = new TreeMap<>(labels);
        List<String> indexes = new ArrayList<>();
        indexes.add(index);
        String rangePrefix = rangeLabel("");
        if (range != null) {
            labels.forEach((k, v) -> {
                if (k.startsWith(rangePrefix) && Labels.decodeValue(v).map(range::equals).orElse(false)) {
                    indexes.add(k.substring(rangePrefix.length()));
                }
            });
        }
        for (String i : indexes) {
            kept.remove(addressLabel(i));
            kept.remove(rangeLabel(i));
            kept.remove(keyLabel(i));
        }
        if (!kept.equals(labels)) {
            api.put("networks/" + networkId, Json.object("labels", kept));
        }
    }

    private Optional<ResourceState> state(Map<String, Object> network, String range, Map<String, Object> recorded,
                                          boolean lookup) {
        Optional<Map<String, Object>> subnet = subnetOf(network, range);
        if (subnet.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> s = subnet.get();
        Map<String, Object> a = new LinkedHashMap<>(recorded);
        String actualRange = Json.str(s, "ip_range").orElse(range);
        a.put("ipRange", Cidrs.same(actualRange, String.valueOf(recorded.getOrDefault("ipRange", ""))) ? recorded.get("ipRange")
                : actualRange);
        if (recorded.containsKey("networkZone") || lookup) {
            Json.str(s, "network_zone").ifPresent(z -> a.put("networkZone", z));
        }
        if (recorded.containsKey("gateway") || lookup) {
            Json.str(s, "gateway").ifPresent(g -> a.put("gateway", g));
        }
        if (lookup) {
            Labels.value(Json.obj(network, "labels"), ProviderContext.LABEL_RESOURCE).ifPresent(n -> a.put("network", n));
        }
        Map<String, Object> outputs = Json.object("networkId", Json.id(network),
                "gateway", Json.str(s, "gateway").orElse(null), "networkZone", Json.str(s, "network_zone").orElse(null));
        return Optional.of(new ResourceState(Json.id(network) + ":" + range, a, outputs));
    }

    private static Optional<Map<String, Object>> subnetOf(Map<String, Object> network, String range) {
        return Json.objects(network, "subnets").stream()
                .filter(s -> Cidrs.same(Json.str(s, "ip_range").orElse(""), range)).findFirst();
    }

    private static Map<String, String> stringLabels(Map<String, Object> object) {
        Map<String, String> out = new TreeMap<>();
        Json.obj(object, "labels").forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        return out;
    }

    /** A subnet's provider id: {@code NETWORK_ID:IP_RANGE}. */
    private record Id(long network, String range) {
        static Id parse(ResourceId id, String providerId) {
            int colon = providerId.indexOf(':');
            if (colon > 0) {
                try {
                    return new Id(Long.parseLong(providerId.substring(0, colon)), providerId.substring(colon + 1));
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new ProviderException(ErrorKind.INVALID, "the provider id of " + id + " is '" + providerId
                    + "', not NETWORK_ID:IP_RANGE");
        }
    }
}
