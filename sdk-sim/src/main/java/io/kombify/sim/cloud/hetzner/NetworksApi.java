package io.kombify.sim.cloud.hetzner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** {@code /networks}: create (with subnets and routes), list, update, delete, and subnet and route actions. */
final class NetworksApi {
    private static final Set<String> ZONES = Set.of("eu-central", "us-east", "us-west", "ap-southeast");
    private static final Set<String> SUBNET_TYPES = Set.of("cloud", "server", "vswitch");

    private NetworksApi() {
    }

    static void register(Routes routes) {
        routes.add("GET", "/networks", c -> Routes.Reply.ok(Listing.page(c.query(), "networks",
                c.cloud().networks.values().stream().filter(Listing.<Network>nameAndLabels(c.query()))
                        .map(r -> c.cloud().polled("network", r)).toList(),
                Network::id, Listing.byIdNameCreated(), Network::json)));
        routes.add("POST", "/networks", NetworksApi::create);
        routes.add("GET", "/networks/{id}", c -> Routes.Reply.ok("network", c.cloud().polled("network", c.cloud().network(c.id("network"))).json()));
        routes.add("PUT", "/networks/{id}", NetworksApi::update);
        routes.add("DELETE", "/networks/{id}", c -> {
            Network n = c.cloud().network(c.id("network"));
            c.cloud().servers().forEach(s -> s.privateNets.removeIf(p -> p.network == n.id()));
            c.cloud().networks.remove(n.id());
            return Routes.Reply.noContent();
        });
        routes.add("POST", "/networks/{id}/actions/add_subnet", NetworksApi::addSubnet);
        routes.add("POST", "/networks/{id}/actions/delete_subnet", NetworksApi::deleteSubnet);
        routes.add("POST", "/networks/{id}/actions/add_route", c -> route(c, true));
        routes.add("POST", "/networks/{id}/actions/delete_route", c -> route(c, false));
    }

    private static Routes.Reply create(Routes.Call c) {
        Cloud cloud = c.cloud();
        Body b = c.json();
        String name = b.requiredString("name");
        String ipRangeText = b.requiredString("ip_range");
        Map<String, String> labels = b.optionalLabels("labels").orElse(Map.of());
        boolean expose = b.optionalBoolean("expose_routes_to_vswitch", false);
        List<JsonNode> subnetNodes = b.optionalObjectList("subnets");
        List<JsonNode> routeNodes = b.optionalObjectList("routes");
        Ipv4Range range = null;
        if (ipRangeText != null) {
            range = Ipv4Range.parse(ipRangeText);
            if (range == null || !range.isPrivate() || range.prefix() > 24) {
                b.fail("ip_range", "'" + ipRangeText + "' is not a private (RFC 1918) IPv4 network of at least /24 in CIDR notation");
                range = null;
            }
        }
        List<Network.Subnet> subnets = new ArrayList<>();
        List<Network.Route> routes = new ArrayList<>();
        if (range != null) {
            for (JsonNode s : subnetNodes == null ? List.<JsonNode>of() : subnetNodes) {
                Network.Subnet subnet = subnet(b, "subnets", s, range, subnets);
                if (subnet != null) {
                    subnets.add(subnet);
                }
            }
            for (JsonNode r : routeNodes == null ? List.<JsonNode>of() : routeNodes) {
                Network.Route route = route(b, "routes", r, range);
                if (route != null) {
                    routes.add(route);
                }
            }
        }
        b.check();
        if (Cloud.nameTaken(cloud.networks, name, -1)) {
            throw ApiException.uniqueness("network name is already used", "name");
        }
        Network n = new Network(cloud, cloud.newId(), name, range, labels, cloud.now());
        n.exposeRoutesToVswitch = expose;
        n.subnets.addAll(subnets);
        n.routes.addAll(routes);
        cloud.networks.put(n.id(), n);
        return Routes.Reply.created(Json.wrap("network", n.json()));
    }

    /** A subnet from a request, checked against the network and the subnets before it; {@code null} after a failure. */
    private static Network.Subnet subnet(Body b, String field, JsonNode s, Ipv4Range network, List<Network.Subnet> existing) {
        String type = text(s, "type");
        String zone = text(s, "network_zone");
        String ipRange = text(s, "ip_range");
        JsonNode vswitch = s.get("vswitch_id");
        if (type == null || !SUBNET_TYPES.contains(type)) {
            b.fail(field.equals("subnets") ? "subnets" : "type", "type must be one of cloud, server, vswitch");
            return null;
        }
        if (zone == null || !ZONES.contains(zone)) {
            b.fail(field.equals("subnets") ? "subnets" : "network_zone", "network_zone must be one of " + String.join(", ", ZONES.stream().sorted().toList()));
            return null;
        }
        Long vswitchId = null;
        if (type.equals("vswitch")) {
            if (vswitch == null || !vswitch.isIntegralNumber()) {
                b.fail(field.equals("subnets") ? "subnets" : "vswitch_id", "a subnet of type vswitch needs vswitch_id");
                return null;
            }
            vswitchId = vswitch.longValue();
        }
        Ipv4Range range;
        if (ipRange == null) {
            range = freeSlash24(network, existing);
            if (range == null) {
                b.fail(field.equals("subnets") ? "subnets" : "ip_range", "no free /24 left in " + network + "; give ip_range");
                return null;
            }
        } else {
            range = Ipv4Range.parse(ipRange);
            String where = field.equals("subnets") ? "subnets" : "ip_range";
            if (range == null || !network.contains(range) || range.prefix() > 30) {
                b.fail(where, "ip_range '" + ipRange + "' must be a network of at most /30 inside " + network);
                return null;
            }
            for (Network.Subnet other : existing) {
                if (other.ipRange().overlaps(range)) {
                    b.fail(where, "ip_range " + range + " overlaps subnet " + other.ipRange());
                    return null;
                }
            }
        }
        return new Network.Subnet(type, range, zone, vswitchId);
    }

    private static Ipv4Range freeSlash24(Ipv4Range network, List<Network.Subnet> existing) {
        for (long base = network.base(); base + 255 <= network.last(); base += 256) {
            Ipv4Range candidate = new Ipv4Range(base, 24);
            if (existing.stream().noneMatch(s -> s.ipRange().overlaps(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static Network.Route route(Body b, String field, JsonNode r, Ipv4Range network) {
        String destination = text(r, "destination");
        String gateway = text(r, "gateway");
        Ipv4Range dest = Ipv4Range.parse(destination);
        Long gw = Ipv4Range.address(gateway);
        String destField = field.equals("routes") ? "routes" : "destination";
        String gwField = field.equals("routes") ? "routes" : "gateway";
        if (dest == null) {
            b.fail(destField, "destination '" + destination + "' is not an IPv4 network in CIDR notation");
            return null;
        }
        if (gw == null || !network.contains(gw) || gw == network.base() + 1) {
            b.fail(gwField, "gateway '" + gateway + "' must be an address in " + network + " other than the network's gateway");
            return null;
        }
        return new Network.Route(dest.toString(), gateway);
    }

    private static String text(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f == null || !f.isString() ? null : f.stringValue();
    }

    private static Routes.Reply update(Routes.Call c) {
        Network n = c.cloud().network(c.id("network"));
        Body b = c.json();
        String name = b.optionalString("name");
        var labels = b.optionalLabels("labels");
        boolean expose = b.optionalBoolean("expose_routes_to_vswitch", n.exposeRoutesToVswitch);
        b.check();
        if (name != null && Cloud.nameTaken(c.cloud().networks, name, n.id())) {
            throw ApiException.uniqueness("network name is already used", "name");
        }
        n.update(name, labels);
        n.exposeRoutesToVswitch = expose;
        return Routes.Reply.ok("network", n.json());
    }

    private static Routes.Reply addSubnet(Routes.Call c) {
        Cloud cloud = c.cloud();
        Network n = cloud.network(c.id("network"));
        Body b = c.json();
        b.requiredString("type");
        b.requiredString("network_zone");
        b.optionalString("ip_range");
        b.optionalLong("vswitch_id");
        b.check();
        Network.Subnet subnet = subnet(b, "subnet", requestNode(c), n.ipRange, n.subnets);
        b.check();
        Action a = cloud.action("add_subnet", () -> {
            if (n.subnets.stream().noneMatch(s -> s.ipRange().overlaps(subnet.ipRange()))) {
                n.subnets.add(subnet);
            }
        }, Cloud.target("network", n.id()));
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }

    private static Routes.Reply deleteSubnet(Routes.Call c) {
        Cloud cloud = c.cloud();
        Network n = cloud.network(c.id("network"));
        Body b = c.json();
        String ipRange = b.requiredString("ip_range");
        b.check();
        Ipv4Range range = Ipv4Range.parse(ipRange);
        Network.Subnet subnet = n.subnets.stream().filter(s -> s.ipRange().equals(range)).findFirst()
                .orElseThrow(() -> ApiException.invalidField("ip_range", "network " + n.id() + " has no subnet " + ipRange));
        for (Server s : cloud.serversIn(n.id())) {
            if (range.contains(Ipv4Range.address(s.privateNet(n.id()).ip))) {
                throw ApiException.unprocessable("resource_in_use", "subnet " + ipRange + " is still used by server " + s.id());
            }
        }
        Action a = cloud.action("delete_subnet", () -> n.subnets.remove(subnet), Cloud.target("network", n.id()));
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }

    private static Routes.Reply route(Routes.Call c, boolean add) {
        Cloud cloud = c.cloud();
        Network n = cloud.network(c.id("network"));
        Body b = c.json();
        b.requiredString("destination");
        b.requiredString("gateway");
        b.check();
        Network.Route route = route(b, "route", requestNode(c), n.ipRange);
        b.check();
        Action a;
        if (add) {
            if (n.routes.contains(route)) {
                throw ApiException.invalidField("destination", "the network already has a route to " + route.destination() + " via " + route.gateway());
            }
            a = cloud.action("add_route", () -> {
                if (!n.routes.contains(route)) {
                    n.routes.add(route);
                }
            }, Cloud.target("network", n.id()));
        } else {
            if (!n.routes.contains(route)) {
                throw ApiException.invalidField("destination", "the network has no route to " + route.destination() + " via " + route.gateway());
            }
            a = cloud.action("delete_route", () -> n.routes.remove(route), Cloud.target("network", n.id()));
        }
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }

    private static JsonNode requestNode(Routes.Call c) {
        return c.body() == null || c.body().isBlank() ? Json.object() : Json.parse(c.body());
    }
}
