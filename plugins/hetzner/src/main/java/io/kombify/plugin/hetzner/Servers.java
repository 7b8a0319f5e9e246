package io.kombify.plugin.hetzner;

import io.kombify.core.ByteSize;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code machine}: a cloud server ({@code /servers}), from the attributes the resource graph
 * gives a node with {@code provider: hetzner}:
 * <ul>
 *   <li>{@code name} (the node's name, a valid hostname) and {@code labels} change in place;</li>
 *   <li>{@code serverType} (from the node label {@code server-type}), else the cheapest type with
 *       {@code cpu} cores, {@code memory} and {@code disk} on {@code arch} ({@link ServerTypes});</li>
 *   <li>{@code image} (node label {@code image} or {@code os}), else the provider's default image;
 *       {@code location} (node label {@code location}, {@code site} or {@code region}), else the
 *       provider's default location;</li>
 *   <li>{@code sshKey}: the {@code ssh_key} resource whose key is installed (or the name of a key
 *       already at Hetzner); {@code primaryIpv4} and {@code primaryIpv6}: {@code primary_ip}
 *       resources to use as its public addresses, which must not be {@code autoDelete} (Hetzner
 *       would delete them with the server, and a replacement could not have them);</li>
 *   <li>{@code subnet}: the {@code subnet} resource whose network the server joins (or
 *       {@code network}, a network resource); changes in place by attaching the server to the
 *       new network and detaching it from the one named before, and a server detached from it
 *       outside kombify reads as {@code subnet: null}, so an apply attaches it again;</li>
 *   <li>{@code role}, {@code taints} and {@code sshUser} mean nothing to Hetzner and change in
 *       place without a call.</li>
 * </ul>
 * Any other change replaces the server. A read reports the server type, image and location
 * Hetzner shows only where they differ from the recorded ones: a type named in capitals
 * ({@code CX22}) or an image named by its id ({@code 67794396}) is what the server has. Outputs:
 * {@code id}, {@code status}, {@code ipv4}, {@code ipv6}, {@code privateIp}, {@code serverType},
 * {@code image}, {@code location}. The root password Hetzner returns for a server without SSH
 * keys is never kept.
 */
final class Servers extends Handler {

    private final ServerTypes types;
    private final HetznerSettings settings;

    Servers(HetznerClient api, References refs, ServerTypes types) {
        super(api, refs);
        this.types = types;
        this.settings = api.settings();
    }

    @Override
    public ResourceType type() {
        return ResourceType.MACHINE;
    }

    @Override
    public ResourceTypeSupport support() {
        return new ResourceTypeSupport(type(), Set.of("name", "labels", "role", "taints", "sshUser", "subnet", "network"), false);
    }

    @Override
    String collection() {
        return "servers";
    }

    @Override
    String singular() {
        return "server";
    }

    @Override
    Map<String, Object> make(CreateRequest request, Attrs attrs) {
        ResourceId id = request.id();
        String stack = request.context().stack();
        String location = attrs.string("location").orElse(settings.location());
        String serverType = attrs.string("serverType").map(t -> t.toLowerCase(Locale.ROOT)).orElseGet(() -> types.choose(id,
                attrs.number("cpu").orElse(1.0), gigabytes(attrs, "memory"), gigabytes(attrs, "disk"),
                ServerTypes.architecture(attrs), location));
        // Keys go by name, which the API takes unambiguously (names are unique in a project).
        List<String> sshKeys = new ArrayList<>();
        Optional<ResourceId> keyAddress = attrs.reference("sshKey", ResourceType.SSH_KEY);
        if (keyAddress.isPresent()) {
            Map<String, Object> key = refs.find(stack, "ssh_keys", keyAddress.get())
                    .orElseThrow(() -> References.missing(stack, keyAddress.get(), id));
            sshKeys.add(Json.str(key, "name").orElseThrow());
        } else {
            attrs.string("sshKey").ifPresent(sshKeys::add);
        }
        List<Long> networks = networks(attrs, stack, id, true);
        Map<String, Object> publicNet = new LinkedHashMap<>();
        primaryIp(attrs, stack, id, "primaryIpv4").ifPresent(ip -> publicNet.put("ipv4", ip));
        primaryIp(attrs, stack, id, "primaryIpv6").ifPresent(ip -> publicNet.put("ipv6", ip));
        Map<String, Object> body = Json.object(
                "name", attrs.requiredString("name"),
                "server_type", serverType,
                "image", attrs.string("image").orElse(settings.image()),
                "location", location,
                "ssh_keys", sshKeys.isEmpty() ? null : sshKeys,
                "networks", networks.isEmpty() ? null : networks,
                "public_net", publicNet.isEmpty() ? null : publicNet,
                "start_after_create", true,
                "labels", Labels.forResource(id, request.attributes(), request.context()));
        Map<String, Object> answer = api.post(collection(), body);
        Map<String, Object> server = Json.obj(answer, singular());
        awaitOrUndo(server, () -> {
            api.await(Json.obj(answer, "action"));
            api.awaitAll(Json.objects(answer, "next_actions"));
        });
        return reread(server);
    }

    /**
     * The ids of the networks the attributes name: the network of {@code subnet} and the network
     * {@code network}. When {@code required}, a reference to something not at Hetzner fails;
     * otherwise it is left out.
     */
    private List<Long> networks(Attrs attrs, String stack, ResourceId id, boolean required) {
        List<Long> networks = new ArrayList<>();
        Optional<ResourceId> subnet = attrs.reference("subnet", ResourceType.SUBNET);
        if (subnet.isPresent()) {
            Optional<Long> network = refs.networkOfSubnet(stack, subnet.get()).map(Json::id);
            if (network.isEmpty() && required) {
                throw References.missing(stack, subnet.get(), id);
            }
            network.ifPresent(networks::add);
        } else if (attrs.has("subnet")) {
            throw attrs.invalid("subnet", "must name a subnet resource, such as subnet.hetzner");
        }
        Optional<ResourceId> network = attrs.reference("network", ResourceType.NETWORK);
        if (network.isPresent()) {
            Optional<Long> networkId = refs.find(stack, "networks", network.get()).map(Json::id);
            if (networkId.isEmpty() && required) {
                throw References.missing(stack, network.get(), id);
            }
            networkId.filter(n -> !networks.contains(n)).ifPresent(networks::add);
        }
        return networks;
    }

    private Optional<Long> primaryIp(Attrs attrs, String stack, ResourceId id, String name) {
        Optional<ResourceId> address = attrs.reference(name, HetznerProvider.PRIMARY_IP);
        if (address.isPresent()) {
            Map<String, Object> ip = refs.find(stack, "primary_ips", address.get())
                    .orElseThrow(() -> References.missing(stack, address.get(), id));
            if (Json.bool(ip, "auto_delete").orElse(false)) {
                throw attrs.invalid(name, "names " + address.get() + ", which has autoDelete: true: Hetzner Cloud deletes such an"
                        + " address with its server, so the server could not keep it when it is replaced; set autoDelete: false"
                        + " on " + address.get());
            }
            return Optional.of(Json.id(ip));
        }
        if (attrs.has(name)) {
            throw attrs.invalid(name, "must name a primary_ip resource, such as primary_ip.web-v4");
        }
        return Optional.empty();
    }

    @Override
    void change(UpdateRequest request, Map<String, Object> current, Attrs desired, Set<String> changed) {
        long id = Json.id(current);
        if (changed.contains("subnet") || changed.contains("network")) {
            String stack = request.context().stack();
            List<Long> wanted = networks(desired, stack, request.id(), true);
            List<Long> before = networks(new Attrs(request.id(), request.prior()), stack, request.id(), false);
            Set<Long> attached = attachedNetworks(current);
            for (long network : before) {
                if (!wanted.contains(network) && attached.contains(network)) {
                    api.await(Json.obj(api.post(collection() + "/" + id + "/actions/detach_from_network",
                            Json.object("network", network)), "action"));
                }
            }
            for (long network : wanted) {
                if (!attached.contains(network)) {
                    api.await(Json.obj(api.post(collection() + "/" + id + "/actions/attach_to_network",
                            Json.object("network", network)), "action"));
                }
            }
        }
        if (changed.contains("name") || changed.contains("labels")) {
            api.put(collection() + "/" + id, Json.object("name", desired.requiredString("name"),
                    "labels", relabel(request.id(), current, request.desired(), request.context())));
        }
    }

    @Override
    Map<String, Object> observe(Map<String, Object> server, Map<String, Object> recorded, boolean lookup, String stack) {
        Map<String, Object> a = new LinkedHashMap<>(recorded);
        Json.str(server, "name").ifPresent(n -> a.put("name", n));
        Map<String, Object> type = Json.obj(server, "server_type");
        if (!type.isEmpty() && (recorded.containsKey("serverType") || lookup) && !names(type, recorded.get("serverType"))) {
            Json.str(type, "name").ifPresent(t -> a.put("serverType", t));
        }
        Map<String, Object> image = Json.obj(server, "image");
        if (!image.isEmpty() && (recorded.containsKey("image") || lookup) && !names(image, recorded.get("image"))) {
            a.put("image", Json.str(image, "name").orElseGet(() -> String.valueOf(Json.id(image))));
        }
        if (recorded.containsKey("location") || lookup) {
            locationOf(server).filter(l -> !l.equalsIgnoreCase(String.valueOf(recorded.get("location"))))
                    .ifPresent(l -> a.put("location", l));
        }
        if (!lookup) {
            Set<Long> attached = attachedNetworks(server);
            Attrs was = new Attrs(ResourceId.of(type(), "recorded"), recorded);
            was.reference("subnet", ResourceType.SUBNET).ifPresent(subnet -> {
                if (refs.networkOfSubnet(stack, subnet).map(Json::id).filter(attached::contains).isEmpty()) {
                    a.put("subnet", null);
                }
            });
            was.reference("network", ResourceType.NETWORK).ifPresent(network -> {
                if (refs.find(stack, "networks", network).map(Json::id).filter(attached::contains).isEmpty()) {
                    a.put("network", null);
                }
            });
        }
        observeLabels(a, server, recorded);
        return a;
    }

    /** Whether {@code text} names the catalogue object {@code named} (a server type, an image): its id, or its name in any case. */
    private static boolean names(Map<String, Object> named, Object text) {
        if (text == null) {
            return false;
        }
        String t = String.valueOf(text).trim();
        return t.equals(String.valueOf(Json.num(named, "id").orElse(null)))
                || Json.str(named, "name").map(t::equalsIgnoreCase).orElse(false);
    }

    /** The ids of the networks the server is attached to. */
    private static Set<Long> attachedNetworks(Map<String, Object> server) {
        Set<Long> ids = new LinkedHashSet<>();
        for (Map<String, Object> net : Json.objects(server, "private_net")) {
            Json.num(net, "network").ifPresent(ids::add);
        }
        return ids;
    }

    @Override
    Map<String, Object> outputs(Map<String, Object> server) {
        Map<String, Object> publicNet = Json.obj(server, "public_net");
        List<Map<String, Object>> privateNet = Json.objects(server, "private_net");
        return Json.object(
                "id", Json.id(server),
                "status", Json.str(server, "status").orElse(null),
                "ipv4", Json.str(Json.obj(publicNet, "ipv4"), "ip").orElse(null),
                "ipv6", Json.str(Json.obj(publicNet, "ipv6"), "ip").orElse(null),
                "privateIp", privateNet.isEmpty() ? null : Json.str(privateNet.get(0), "ip").orElse(null),
                "serverType", Json.str(Json.obj(server, "server_type"), "name").orElse(null),
                "image", Json.str(Json.obj(server, "image"), "name").orElse(null),
                "location", locationOf(server).orElse(null));
    }

    /** A size attribute ({@code 8Gi}, {@code 512Mi}, or a number of GB) in GB of 2^30 bytes; 0 when absent. */
    private static double gigabytes(Attrs attrs, String name) {
        Optional<String> text = attrs.string(name);
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(text.get());
        } catch (NumberFormatException e) {
            try {
                return ByteSize.parse(text.get()).bytes() / (double) (1L << 30);
            } catch (RuntimeException notASize) {
                throw attrs.invalid(name, "is not a size such as 8Gi or 512Mi: " + text.get());
            }
        }
    }
}
