package io.kombify.sim.cloud.hetzner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /servers}: create (with primary IPs, networks, firewalls, volumes), list, update, delete and power actions. */
final class ServersApi {
    /** A hostname as RFC 1123 allows it. */
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");
    private static final String PASSWORD_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int MAX_USER_DATA = 32 * 1024;

    private ServersApi() {
    }

    static void register(Routes routes) {
        routes.add("GET", "/servers", c -> Routes.Reply.ok(Listing.page(c.query(), "servers",
                c.cloud().servers.values().stream().filter(Listing.<Server>nameAndLabels(c.query()))
                        .map(r -> c.cloud().polled("server", r))
                        .filter(Listing.oneOf(c.query(), "status", s -> s.status)).toList(),
                Server::id, Listing.byIdNameCreated(), Server::json)));
        routes.add("POST", "/servers", ServersApi::create);
        routes.add("GET", "/servers/{id}", c -> Routes.Reply.ok("server", c.cloud().polled("server", c.cloud().server(c.id("server"))).json()));
        routes.add("PUT", "/servers/{id}", ServersApi::update);
        routes.add("DELETE", "/servers/{id}", ServersApi::delete);
        power(routes, "poweron", "start_server", "running");
        power(routes, "poweroff", "stop_server", "off");
        power(routes, "shutdown", "shutdown_server", "off");
        power(routes, "reboot", "reboot_server", "running");
        power(routes, "reset", "reset_server", "running");
        routes.add("POST", "/servers/{id}/actions/attach_to_network", ServersApi::attachToNetwork);
        routes.add("POST", "/servers/{id}/actions/detach_from_network", ServersApi::detachFromNetwork);
    }

    private static void power(Routes routes, String path, String command, String status) {
        routes.add("POST", "/servers/{id}/actions/" + path, c -> {
            Server s = c.cloud().server(c.id("server"));
            Action a = c.cloud().action(command, () -> s.status = status, Cloud.target("server", s.id()));
            return Routes.Reply.created(Json.wrap("action", a.json()));
        });
    }

    private static Routes.Reply create(Routes.Call c) {
        Cloud cloud = c.cloud();
        Body b = c.json();
        String name = b.requiredString("name");
        String typeRef = b.requiredIdOrName("server_type");
        String imageRef = b.requiredIdOrName("image");
        String locationRef = b.optionalIdOrName("location");
        String datacenterRef = b.optionalIdOrName("datacenter");
        List<String> sshKeyRefs = b.optionalStringList("ssh_keys");
        List<Long> networkIds = b.optionalLongList("networks");
        List<JsonNode> firewallRefs = b.optionalObjectList("firewalls");
        List<Long> volumeIds = b.optionalLongList("volumes");
        Map<String, String> labels = b.optionalLabels("labels").orElse(Map.of());
        String userData = b.optionalString("user_data");
        boolean startAfterCreate = b.optionalBoolean("start_after_create", true);
        b.optionalBoolean("automount", false);
        Long placementGroup = b.optionalLong("placement_group");
        PublicNet publicNet = PublicNet.of(b);

        if (name != null && !HOSTNAME.matcher(name).matches()) {
            b.fail("name", "'" + name + "' is not a valid hostname (RFC 1123): letters, digits, '-' and '.'");
        }
        Catalog.ServerType type = null;
        if (typeRef != null) {
            type = Catalog.findServerType(typeRef).orElse(null);
            if (type == null) {
                b.fail("server_type", "server type '" + typeRef + "' not found");
            }
        }
        Catalog.Datacenter datacenter = Catalog.placement(b, locationRef, datacenterRef);
        List<SshKey> sshKeys = new ArrayList<>();
        for (String ref : sshKeyRefs) {
            SshKey key = Cloud.byIdOrName(cloud.sshKeys, ref);
            if (key == null) {
                b.fail("ssh_keys", "SSH key '" + ref + "' not found");
            } else {
                sshKeys.add(key);
            }
        }
        List<Network> networks = new ArrayList<>();
        for (long id : networkIds) {
            Network n = cloud.networks.get(id);
            if (n == null) {
                b.fail("networks", "network " + id + " not found");
            } else if (!networks.contains(n)) {
                networks.add(n);
            }
        }
        List<Firewall> firewalls = new ArrayList<>();
        for (JsonNode ref : firewallRefs == null ? List.<JsonNode>of() : firewallRefs) {
            JsonNode id = ref.get("firewall");
            if (id == null || !id.isIntegralNumber()) {
                b.fail("firewalls", "each entry needs 'firewall': the ID of a firewall");
            } else if (!cloud.firewalls.containsKey(id.longValue())) {
                b.fail("firewalls", "firewall " + id.longValue() + " not found");
            } else {
                firewalls.add(cloud.firewalls.get(id.longValue()));
            }
        }
        List<Volume> volumes = new ArrayList<>();
        for (long id : volumeIds) {
            Volume v = cloud.volumes.get(id);
            if (v == null) {
                b.fail("volumes", "volume " + id + " not found");
            } else {
                volumes.add(v);
            }
        }
        if (userData != null && userData.length() > MAX_USER_DATA) {
            b.fail("user_data", "is longer than " + MAX_USER_DATA + " characters");
        }
        if (placementGroup != null) {
            b.fail("placement_group", "placement group " + placementGroup + " not found");
        }
        PrimaryIp ipv4 = publicNet.existing(cloud, b, "ipv4");
        PrimaryIp ipv6 = publicNet.existing(cloud, b, "ipv6");
        if (!publicNet.enableIpv4 && !publicNet.enableIpv6 && networkIds.isEmpty()) {
            b.fail("networks", "a server without a public IPv4 or IPv6 needs at least one network");
        }
        b.check();

        if (datacenter == null) {
            datacenter = ipv4 != null ? ipv4.datacenter : ipv6 != null ? ipv6.datacenter
                    : !volumes.isEmpty() ? Catalog.datacenterOf(volumes.get(0).location)
                    : Catalog.datacenterOf(Catalog.location(Catalog.DEFAULT_LOCATION));
        }
        Catalog.Location location = datacenter.location();
        if (!type.availableIn(location)) {
            throw ApiException.invalidField("server_type", "server type " + type.name() + " is not available in location "
                    + location.name() + " (it is offered in " + String.join(", ", type.locations()) + ")");
        }
        Catalog.Image image = image(imageRef, type);
        for (Volume v : volumes) {
            if (v.server != null) {
                throw ApiException.unprocessable("volume_already_attached", "volume " + v.id() + " is already attached to server " + v.server);
            }
            if (!v.location.equals(location)) {
                throw ApiException.invalidField("volumes", "volume " + v.id() + " is in location " + v.location.name()
                        + ", the server in " + location.name());
            }
        }
        for (PrimaryIp p : new PrimaryIp[]{ipv4, ipv6}) {
            if (p != null && p.assignee != null) {
                throw ApiException.unprocessable("primary_ip_assigned", "primary IP " + p.id() + " is already assigned to server " + p.assignee);
            }
            if (p != null && !p.datacenter.equals(datacenter)) {
                throw ApiException.unprocessable("primary_ip_datacenter_mismatch", "primary IP " + p.id() + " is in "
                        + p.datacenter.name() + ", the server in " + datacenter.name());
            }
        }
        if (Cloud.nameTaken(cloud.servers, name, -1)) {
            throw ApiException.uniqueness("server name is already used", "name");
        }
        List<String> ips = new ArrayList<>();
        for (Network n : networks) {
            ips.add(cloud.freeIp(n, location));
        }

        Server server = new Server(cloud, cloud.newId(), name, labels, type, image, datacenter);
        for (int i = 0; i < networks.size(); i++) {
            server.privateNets.add(new Server.PrivateNet(networks.get(i).id(), ips.get(i), List.of(), cloud.newMac()));
        }
        cloud.servers.put(server.id(), server);
        assignPrimaryIp(cloud, server, publicNet.enableIpv4, ipv4, "ipv4");
        assignPrimaryIp(cloud, server, publicNet.enableIpv6, ipv6, "ipv6");
        volumes.forEach(v -> v.server = server.id());
        for (Firewall f : firewalls) {
            if (!f.appliedTo.contains(new Firewall.Target(server.id(), null))) {
                f.appliedTo.add(new Firewall.Target(server.id(), null));
            }
        }

        boolean[] created = {false};
        boolean[] started = {false};
        Action create = cloud.action("create_server", () -> {
            created[0] = true;
            server.status = started[0] ? "running" : "off";
        }, Cloud.target("server", server.id()));
        ObjectNode root = Json.object();
        root.set("server", server.json());
        root.set("action", create.json());
        var next = root.putArray("next_actions");
        if (startAfterCreate) {
            Action start = cloud.action("start_server", () -> {
                started[0] = true;
                if (created[0]) {
                    server.status = "running";
                }
            }, Cloud.target("server", server.id()));
            next.add(start.json());
        }
        if (sshKeys.isEmpty()) {
            root.put("root_password", password(server.id()));
        } else {
            root.putNull("root_password");
        }
        return Routes.Reply.created(root);
    }

    /** The image named or numbered, for the server type's architecture. */
    private static Catalog.Image image(String ref, Catalog.ServerType type) {
        List<Catalog.Image> byId = Catalog.IMAGES.stream().filter(i -> String.valueOf(i.id()).equals(ref)).toList();
        List<Catalog.Image> candidates = byId.isEmpty() ? Catalog.IMAGES.stream().filter(i -> i.name().equals(ref)).toList() : byId;
        if (candidates.isEmpty()) {
            throw ApiException.invalidField("image", "image '" + ref + "' not found");
        }
        return candidates.stream().filter(i -> i.architecture().equals(type.architecture())).findFirst()
                .orElseThrow(() -> ApiException.invalidField("image", "image '" + ref + "' is not available for architecture "
                        + type.architecture() + " of server type " + type.name()));
    }

    private static void assignPrimaryIp(Cloud cloud, Server server, boolean enabled, PrimaryIp existing, String type) {
        if (!enabled) {
            return;
        }
        PrimaryIp ip = existing;
        if (ip == null) {
            long id = cloud.newId();
            ip = new PrimaryIp(id, "primary_ip-" + id, type, type.equals("ipv4") ? cloud.newIpv4() : cloud.newIpv6(),
                    server.datacenter, true, Map.of(), cloud.now());
            cloud.primaryIps.put(id, ip);
        }
        ip.assignee = server.id();
    }

    /** A root password, the same for the same server ID. */
    private static String password(long serverId) {
        SplittableRandom random = new SplittableRandom(serverId * 0x9E3779B97F4A7C15L);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
        }
        return sb.toString();
    }

    private static Routes.Reply update(Routes.Call c) {
        Server s = c.cloud().server(c.id("server"));
        Body b = c.json();
        String name = b.optionalString("name");
        var labels = b.optionalLabels("labels");
        if (name != null && !HOSTNAME.matcher(name).matches()) {
            b.fail("name", "'" + name + "' is not a valid hostname (RFC 1123): letters, digits, '-' and '.'");
        }
        b.check();
        if (name != null && Cloud.nameTaken(c.cloud().servers, name, s.id())) {
            throw ApiException.uniqueness("server name is already used", "name");
        }
        s.update(name, labels);
        return Routes.Reply.ok("server", s.json());
    }

    /**
     * Deletes the server at once (unless a failure is planned for {@code delete_server}): its
     * volumes are detached, its primary IPs deleted ({@code auto_delete}) or unassigned, and
     * firewalls applied to it directly let go of it.
     */
    private static Routes.Reply delete(Routes.Call c) {
        Cloud cloud = c.cloud();
        Server s = cloud.server(c.id("server"));
        Action a = cloud.action("delete_server", null, Cloud.target("server", s.id()));
        if (!a.willFail()) {
            cloud.servers.remove(s.id());
            cloud.volumesOf(s.id()).forEach(v -> v.server = null);
            for (PrimaryIp p : List.copyOf(cloud.primaryIps.values())) {
                if (p.assignee != null && p.assignee == s.id()) {
                    p.assignee = null;
                    if (p.autoDelete) {
                        cloud.primaryIps.remove(p.id());
                    }
                }
            }
            cloud.firewalls.values().forEach(f -> f.appliedTo.remove(new Firewall.Target(s.id(), null)));
        }
        return Routes.Reply.ok(Json.wrap("action", a.json()));
    }

    private static Routes.Reply attachToNetwork(Routes.Call c) {
        Cloud cloud = c.cloud();
        Server s = cloud.server(c.id("server"));
        Body b = c.json();
        Long networkId = b.requiredLong("network");
        String ip = b.optionalString("ip");
        List<String> aliasIps = b.optionalStringList("alias_ips");
        Network network = networkId == null ? null : cloud.networks.get(networkId);
        if (networkId != null && network == null) {
            b.fail("network", "network " + networkId + " not found");
        }
        b.check();
        if (s.privateNet(network.id()) != null) {
            throw ApiException.unprocessable("server_already_attached", "server " + s.id() + " is already attached to network " + network.id());
        }
        String address = ip;
        if (address == null) {
            address = cloud.freeIp(network, s.location());
        } else {
            cloud.checkIp(network, s.location(), address);
        }
        for (String alias : aliasIps) {
            cloud.checkIp(network, s.location(), alias);
        }
        String chosen = address;
        Action a = cloud.action("attach_to_network", () -> {
            if (s.privateNet(network.id()) == null && cloud.networks.containsKey(network.id())) {
                s.privateNets.add(new Server.PrivateNet(network.id(), chosen, aliasIps, cloud.newMac()));
            }
        }, Cloud.target("server", s.id()), Cloud.target("network", network.id()));
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }

    private static Routes.Reply detachFromNetwork(Routes.Call c) {
        Cloud cloud = c.cloud();
        Server s = cloud.server(c.id("server"));
        Body b = c.json();
        Long networkId = b.requiredLong("network");
        b.check();
        Server.PrivateNet net = s.privateNet(networkId);
        if (net == null) {
            throw ApiException.invalidField("network", "server " + s.id() + " is not attached to network " + networkId);
        }
        Action a = cloud.action("detach_from_network", () -> s.privateNets.remove(net),
                Cloud.target("server", s.id()), Cloud.target("network", networkId));
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }

    /** The {@code public_net} of a create request. */
    private record PublicNet(boolean enableIpv4, boolean enableIpv6, Long ipv4, Long ipv6) {
        static PublicNet of(Body b) {
            JsonNode n = b.node("public_net");
            if (n == null) {
                return new PublicNet(true, true, null, null);
            }
            if (!n.isObject()) {
                b.fail("public_net", "Not a valid mapping type.");
                return new PublicNet(true, true, null, null);
            }
            boolean v4 = flag(b, n, "enable_ipv4");
            boolean v6 = flag(b, n, "enable_ipv6");
            return new PublicNet(v4, v6, id(b, n, "ipv4"), id(b, n, "ipv6"));
        }

        private static boolean flag(Body b, JsonNode n, String field) {
            JsonNode f = n.get(field);
            if (f == null || f.isNull()) {
                return true;
            }
            if (!f.isBoolean()) {
                b.fail("public_net." + field, "Not a valid boolean.");
                return true;
            }
            return f.booleanValue();
        }

        private static Long id(Body b, JsonNode n, String field) {
            JsonNode f = n.get(field);
            if (f == null || f.isNull()) {
                return null;
            }
            if (!f.isIntegralNumber()) {
                b.fail("public_net." + field, "Not a valid integer.");
                return null;
            }
            return f.longValue();
        }

        /** The existing primary IP named for this type, checked for its version. */
        PrimaryIp existing(Cloud cloud, Body b, String type) {
            Long id = type.equals("ipv4") ? ipv4 : ipv6;
            boolean enabled = type.equals("ipv4") ? enableIpv4 : enableIpv6;
            if (id == null || !enabled) {
                return null;
            }
            PrimaryIp p = cloud.primaryIps.get(id);
            if (p == null) {
                b.fail("public_net." + type, "primary IP " + id + " not found");
                return null;
            }
            if (!p.type.equals(type)) {
                throw ApiException.unprocessable("primary_ip_version_mismatch", "primary IP " + id + " is of type " + p.type + ", not " + type);
            }
            return p;
        }
    }
}
