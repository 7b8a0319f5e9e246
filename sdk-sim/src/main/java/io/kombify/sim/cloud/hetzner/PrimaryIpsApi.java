package io.kombify.sim.cloud.hetzner;

import java.util.Comparator;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** {@code /primary_ips}: create, list, update, delete, assign and unassign. */
final class PrimaryIpsApi {
    private PrimaryIpsApi() {
    }

    static void register(Routes routes) {
        routes.add("GET", "/primary_ips", c -> {
            String ip = c.query().first("ip");
            return Routes.Reply.ok(Listing.page(c.query(), "primary_ips",
                    c.cloud().primaryIps.values().stream().filter(Listing.<PrimaryIp>nameAndLabels(c.query()))
                            .map(r -> c.cloud().polled("primary_ip", r))
                            .filter(p -> ip == null || ip.equals(p.ip)).toList(),
                    PrimaryIp::id, Map.of("id", Comparator.comparingLong(PrimaryIp::id),
                            "created", Comparator.comparing(PrimaryIp::created)), PrimaryIp::json));
        });
        routes.add("POST", "/primary_ips", PrimaryIpsApi::create);
        routes.add("GET", "/primary_ips/{id}", c -> Routes.Reply.ok("primary_ip", c.cloud().polled("primary_ip", c.cloud().primaryIp(c.id("primary_ip"))).json()));
        routes.add("PUT", "/primary_ips/{id}", PrimaryIpsApi::update);
        routes.add("DELETE", "/primary_ips/{id}", c -> {
            PrimaryIp p = c.cloud().primaryIp(c.id("primary_ip"));
            if (p.assignee != null) {
                throw ApiException.unprocessable("must_be_unassigned", "primary IP " + p.id() + " is assigned to server "
                        + p.assignee + "; unassign it first");
            }
            c.cloud().primaryIps.remove(p.id());
            return Routes.Reply.noContent();
        });
        routes.add("POST", "/primary_ips/{id}/actions/assign", PrimaryIpsApi::assign);
        routes.add("POST", "/primary_ips/{id}/actions/unassign", PrimaryIpsApi::unassign);
    }

    private static Routes.Reply create(Routes.Call c) {
        Cloud cloud = c.cloud();
        Body b = c.json();
        String name = b.requiredString("name");
        String type = b.requiredString("type");
        String assigneeType = b.requiredString("assignee_type");
        Long assigneeId = b.optionalLong("assignee_id");
        String locationRef = b.optionalIdOrName("location");
        String datacenterRef = b.optionalIdOrName("datacenter");
        boolean autoDelete = b.optionalBoolean("auto_delete", false);
        Map<String, String> labels = b.optionalLabels("labels").orElse(Map.of());
        if (type != null && !type.equals("ipv4") && !type.equals("ipv6")) {
            b.fail("type", "must be ipv4 or ipv6");
        }
        if (assigneeType != null && !assigneeType.equals("server")) {
            b.fail("assignee_type", "must be server");
        }
        Catalog.Datacenter datacenter = Catalog.placement(b, locationRef, datacenterRef);
        Server server = null;
        if (assigneeId != null) {
            server = cloud.servers.get(assigneeId);
            if (server == null) {
                b.fail("assignee_id", "server " + assigneeId + " not found");
            }
        } else if (locationRef == null && datacenterRef == null) {
            b.fail("location", "give location (or datacenter) when the IP is not assigned to a server");
        }
        b.check();
        if (server != null) {
            if (datacenter != null && !datacenter.equals(server.datacenter)) {
                throw ApiException.unprocessable("primary_ip_datacenter_mismatch", "server " + server.id() + " is in "
                        + server.datacenter.name() + ", not " + datacenter.name());
            }
            checkAssignable(cloud, server, type);
            datacenter = server.datacenter;
        }
        if (Cloud.nameTaken(cloud.primaryIps, name, -1)) {
            throw ApiException.uniqueness("primary IP name is already used", "name");
        }
        long id = cloud.newId();
        PrimaryIp p = new PrimaryIp(id, name, type, type.equals("ipv4") ? cloud.newIpv4() : cloud.newIpv6(), datacenter,
                autoDelete, labels, cloud.now());
        cloud.primaryIps.put(id, p);
        ObjectNode root = Json.object();
        if (server != null) {
            p.assignee = server.id();
            root.set("action", cloud.action("assign_primary_ip", null, Cloud.target("primary_ip", id),
                    Cloud.target("server", server.id())).json());
        }
        root.set("primary_ip", p.json());
        return Routes.Reply.created(root);
    }

    /** A server takes a primary IP only when it is off and has none of that type. */
    private static void checkAssignable(Cloud cloud, Server server, String type) {
        requireOff(server);
        if (cloud.primaryIpOf(server.id(), type) != null) {
            throw ApiException.unprocessable(type.equals("ipv4") ? "server_has_ipv4" : "server_has_ipv6",
                    "server " + server.id() + " already has an " + (type.equals("ipv4") ? "IPv4" : "IPv6") + " address");
        }
    }

    private static void requireOff(Server server) {
        if (!server.status.equals("off")) {
            throw ApiException.unprocessable("server_not_stopped", "server " + server.id() + " is " + server.status
                    + "; power it off first");
        }
    }

    private static Routes.Reply update(Routes.Call c) {
        PrimaryIp p = c.cloud().primaryIp(c.id("primary_ip"));
        Body b = c.json();
        String name = b.optionalString("name");
        var labels = b.optionalLabels("labels");
        boolean autoDelete = b.optionalBoolean("auto_delete", p.autoDelete);
        b.check();
        if (name != null && Cloud.nameTaken(c.cloud().primaryIps, name, p.id())) {
            throw ApiException.uniqueness("primary IP name is already used", "name");
        }
        p.update(name, labels);
        p.autoDelete = autoDelete;
        return Routes.Reply.ok("primary_ip", p.json());
    }

    private static Routes.Reply assign(Routes.Call c) {
        Cloud cloud = c.cloud();
        PrimaryIp p = cloud.primaryIp(c.id("primary_ip"));
        Body b = c.json();
        Long assigneeId = b.requiredLong("assignee_id");
        String assigneeType = b.requiredString("assignee_type");
        if (assigneeType != null && !assigneeType.equals("server")) {
            b.fail("assignee_type", "must be server");
        }
        Server server = assigneeId == null ? null : cloud.servers.get(assigneeId);
        if (assigneeId != null && server == null) {
            b.fail("assignee_id", "server " + assigneeId + " not found");
        }
        b.check();
        if (p.assignee != null) {
            throw ApiException.unprocessable("primary_ip_already_assigned", "primary IP " + p.id() + " is already assigned to server " + p.assignee);
        }
        if (!p.datacenter.equals(server.datacenter)) {
            throw ApiException.unprocessable("primary_ip_datacenter_mismatch", "primary IP " + p.id() + " is in "
                    + p.datacenter.name() + ", server " + server.id() + " in " + server.datacenter.name());
        }
        checkAssignable(cloud, server, p.type);
        Action a = cloud.action("assign_primary_ip", () -> {
            if (p.assignee == null && cloud.servers.containsKey(server.id()) && cloud.primaryIpOf(server.id(), p.type) == null) {
                p.assignee = server.id();
            }
        }, Cloud.target("primary_ip", p.id()), Cloud.target("server", server.id()));
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }

    private static Routes.Reply unassign(Routes.Call c) {
        Cloud cloud = c.cloud();
        PrimaryIp p = cloud.primaryIp(c.id("primary_ip"));
        if (p.assignee == null) {
            throw new ApiException(400, "invalid_input", "primary IP " + p.id() + " is not assigned");
        }
        Server server = cloud.servers.get(p.assignee);
        if (server != null) {
            requireOff(server);
        }
        long assignee = p.assignee;
        Action a = cloud.action("unassign_primary_ip", () -> {
            if (p.assignee != null && p.assignee == assignee) {
                p.assignee = null;
            }
        }, Cloud.target("primary_ip", p.id()), Cloud.target("server", assignee));
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }
}
