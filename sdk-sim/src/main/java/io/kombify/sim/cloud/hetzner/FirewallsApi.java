package io.kombify.sim.cloud.hetzner;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /firewalls}: create, list, update, delete, and the rule and apply actions. */
final class FirewallsApi {
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "icmp", "esp", "gre");
    private static final Pattern PORT = Pattern.compile("any|(\\d{1,5})(-(\\d{1,5}))?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");
    private static final int MAX_RULES = 50;

    private FirewallsApi() {
    }

    static void register(Routes routes) {
        routes.add("GET", "/firewalls", c -> Routes.Reply.ok(Listing.page(c.query(), "firewalls",
                c.cloud().firewalls.values().stream().filter(Listing.<Firewall>nameAndLabels(c.query()))
                        .map(r -> c.cloud().polled("firewall", r)).toList(),
                Firewall::id, Listing.byIdNameCreated(), Firewall::json)));
        routes.add("POST", "/firewalls", FirewallsApi::create);
        routes.add("GET", "/firewalls/{id}", c -> Routes.Reply.ok("firewall", c.cloud().polled("firewall", c.cloud().firewall(c.id("firewall"))).json()));
        routes.add("PUT", "/firewalls/{id}", FirewallsApi::update);
        routes.add("DELETE", "/firewalls/{id}", c -> {
            Firewall f = c.cloud().firewall(c.id("firewall"));
            if (!f.appliedTo.isEmpty()) {
                throw ApiException.unprocessable("resource_in_use", "firewall " + f.id() + " is still applied to "
                        + f.appliedTo.size() + " resource(s); remove it from them first");
            }
            c.cloud().firewalls.remove(f.id());
            return Routes.Reply.noContent();
        });
        routes.add("POST", "/firewalls/{id}/actions/set_rules", FirewallsApi::setRules);
        routes.add("POST", "/firewalls/{id}/actions/apply_to_resources", FirewallsApi::applyTo);
        routes.add("POST", "/firewalls/{id}/actions/remove_from_resources", FirewallsApi::removeFrom);
    }

    private static Routes.Reply create(Routes.Call c) {
        Cloud cloud = c.cloud();
        Body b = c.json();
        String name = b.requiredString("name");
        Map<String, String> labels = b.optionalLabels("labels").orElse(Map.of());
        List<ObjectNode> rules = rules(b, b.optionalObjectList("rules"));
        List<JsonNode> applyNodes = b.optionalObjectList("apply_to");
        List<Firewall.Target> targets = targets(b, "apply_to", applyNodes == null ? List.of() : applyNodes);
        b.check();
        checkServersExist(cloud, targets, 422);
        if (Cloud.nameTaken(cloud.firewalls, name, -1)) {
            throw ApiException.uniqueness("firewall name is already used", "name");
        }
        Firewall f = new Firewall(cloud, cloud.newId(), name, rules, labels, cloud.now());
        f.appliedTo.addAll(targets);
        cloud.firewalls.put(f.id(), f);
        ObjectNode root = Json.wrap("firewall", f.json());
        ArrayNode actions = root.putArray("actions");
        if (!rules.isEmpty()) {
            actions.add(cloud.action("set_firewall_rules", null, Cloud.target("firewall", f.id())).json());
        }
        for (Firewall.Target t : targets) {
            actions.add(applyAction(cloud, f, t, null).json());
        }
        return Routes.Reply.created(root);
    }

    private static Routes.Reply update(Routes.Call c) {
        Firewall f = c.cloud().firewall(c.id("firewall"));
        Body b = c.json();
        String name = b.optionalString("name");
        var labels = b.optionalLabels("labels");
        b.check();
        if (name != null && Cloud.nameTaken(c.cloud().firewalls, name, f.id())) {
            throw ApiException.uniqueness("firewall name is already used", "name");
        }
        f.update(name, labels);
        return Routes.Reply.ok("firewall", f.json());
    }

    private static Routes.Reply setRules(Routes.Call c) {
        Cloud cloud = c.cloud();
        Firewall f = cloud.firewall(c.id("firewall"));
        Body b = c.json();
        List<JsonNode> nodes = b.requiredObjectList("rules");
        List<ObjectNode> rules = rules(b, nodes);
        b.check();
        ObjectNode root = Json.object();
        ArrayNode actions = root.putArray("actions");
        actions.add(cloud.action("set_firewall_rules", () -> f.rules = List.copyOf(rules), Cloud.target("firewall", f.id())).json());
        for (Server s : cloud.servers()) {
            if (f.appliesTo(s)) {
                actions.add(cloud.action("apply_firewall", null, Cloud.target("firewall", f.id()), Cloud.target("server", s.id())).json());
            }
        }
        return Routes.Reply.created(root);
    }

    private static Routes.Reply applyTo(Routes.Call c) {
        Cloud cloud = c.cloud();
        Firewall f = cloud.firewall(c.id("firewall"));
        Body b = c.json();
        List<Firewall.Target> targets = targets(b, "apply_to", b.requiredObjectList("apply_to"));
        b.check();
        checkServersExist(cloud, targets, 404);
        for (Firewall.Target t : targets) {
            if (f.appliedTo.contains(t)) {
                throw ApiException.unprocessable("firewall_already_applied", "firewall " + f.id() + " is already applied to " + describe(t));
            }
        }
        ObjectNode root = Json.object();
        ArrayNode actions = root.putArray("actions");
        for (Firewall.Target t : targets) {
            actions.add(applyAction(cloud, f, t, () -> {
                if (!f.appliedTo.contains(t)) {
                    f.appliedTo.add(t);
                }
            }).json());
        }
        return Routes.Reply.created(root);
    }

    private static Routes.Reply removeFrom(Routes.Call c) {
        Cloud cloud = c.cloud();
        Firewall f = cloud.firewall(c.id("firewall"));
        Body b = c.json();
        List<Firewall.Target> targets = targets(b, "remove_from", b.requiredObjectList("remove_from"));
        b.check();
        for (Firewall.Target t : targets) {
            if (!f.appliedTo.contains(t)) {
                Server s = t.isServer() ? cloud.servers.get(t.server()) : null;
                if (s != null && f.appliesTo(s)) {
                    throw ApiException.unprocessable("firewall_managed_by_label_selector", "firewall " + f.id()
                            + " applies to server " + s.id() + " through a label selector; remove the selector instead");
                }
                throw new ApiException(404, "firewall_resource_not_found", "firewall " + f.id() + " is not applied to " + describe(t));
            }
        }
        ObjectNode root = Json.object();
        ArrayNode actions = root.putArray("actions");
        for (Firewall.Target t : targets) {
            Action.Target[] resources = t.isServer()
                    ? new Action.Target[]{Cloud.target("firewall", f.id()), Cloud.target("server", t.server())}
                    : new Action.Target[]{Cloud.target("firewall", f.id())};
            actions.add(cloud.action("remove_firewall", () -> f.appliedTo.remove(t), resources).json());
        }
        return Routes.Reply.created(root);
    }

    private static Action applyAction(Cloud cloud, Firewall f, Firewall.Target t, Runnable effect) {
        return t.isServer()
                ? cloud.action("apply_firewall", effect, Cloud.target("firewall", f.id()), Cloud.target("server", t.server()))
                : cloud.action("apply_firewall", effect, Cloud.target("firewall", f.id()));
    }

    private static String describe(Firewall.Target t) {
        return t.isServer() ? "server " + t.server() : "label selector '" + t.selector() + "'";
    }

    private static void checkServersExist(Cloud cloud, List<Firewall.Target> targets, int status) {
        for (Firewall.Target t : targets) {
            if (t.isServer() && !cloud.servers.containsKey(t.server())) {
                throw new ApiException(status, "firewall_resource_not_found", "server " + t.server() + " not found");
            }
        }
    }

    /** The resources of an {@code apply_to} or {@code remove_from} list; the same server twice is {@code 422 server_already_added}. */
    private static List<Firewall.Target> targets(Body b, String field, List<JsonNode> nodes) {
        List<Firewall.Target> targets = new ArrayList<>();
        for (JsonNode n : nodes) {
            String type = n.path("type").isString() ? n.get("type").stringValue() : null;
            Firewall.Target t = null;
            if ("server".equals(type)) {
                JsonNode id = n.path("server").path("id");
                if (!id.isIntegralNumber()) {
                    b.fail(field, "a resource of type server needs server.id");
                } else {
                    t = new Firewall.Target(id.longValue(), null);
                }
            } else if ("label_selector".equals(type)) {
                JsonNode selector = n.path("label_selector").path("selector");
                if (!selector.isString() || selector.stringValue().isBlank()) {
                    b.fail(field, "a resource of type label_selector needs label_selector.selector");
                } else {
                    try {
                        Labels.Selector.parse(selector.stringValue(), field);
                        t = new Firewall.Target(0, selector.stringValue());
                    } catch (ApiException e) {
                        b.fail(field, e.getMessage() + ": '" + selector.stringValue() + "'");
                    }
                }
            } else {
                b.fail(field, "type must be server or label_selector");
            }
            if (t != null) {
                if (targets.contains(t)) {
                    throw ApiException.unprocessable("server_already_added", describe(t) + " is listed more than once");
                }
                targets.add(t);
            }
        }
        return targets;
    }

    /** Rules checked as the API checks them, rendered as it renders them. */
    private static List<ObjectNode> rules(Body b, List<JsonNode> nodes) {
        List<ObjectNode> rules = new ArrayList<>();
        if (nodes == null) {
            return rules;
        }
        if (nodes.size() > MAX_RULES) {
            b.fail("rules", "at most " + MAX_RULES + " rules");
        }
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            String at = "rule " + (i + 1) + ": ";
            int before = rules.size();
            String direction = n.path("direction").isString() ? n.get("direction").stringValue() : null;
            String protocol = n.path("protocol").isString() ? n.get("protocol").stringValue() : null;
            JsonNode port = n.get("port");
            boolean ok = true;
            if (!"in".equals(direction) && !"out".equals(direction)) {
                b.fail("rules", at + "direction must be in or out");
                ok = false;
            }
            if (protocol == null || !PROTOCOLS.contains(protocol)) {
                b.fail("rules", at + "protocol must be one of esp, gre, icmp, tcp, udp");
                ok = false;
            }
            String portText = port == null || port.isNull() ? null : port.isString() ? port.stringValue() : "";
            if (protocol != null && (protocol.equals("tcp") || protocol.equals("udp"))) {
                if (portText == null || !validPort(portText)) {
                    b.fail("rules", at + "a " + protocol + " rule needs port: a port (80), a range (1024-5000) or any");
                    ok = false;
                }
            } else if (portText != null) {
                b.fail("rules", at + "port is only allowed for tcp and udp");
                ok = false;
            }
            List<String> sources = ips(b, at, n, "source_ips");
            List<String> destinations = ips(b, at, n, "destination_ips");
            if ("in".equals(direction) && sources != null && sources.isEmpty()) {
                b.fail("rules", at + "an in rule needs source_ips");
                ok = false;
            }
            if ("out".equals(direction) && destinations != null && destinations.isEmpty()) {
                b.fail("rules", at + "an out rule needs destination_ips");
                ok = false;
            }
            JsonNode description = n.get("description");
            if (description != null && !description.isNull() && (!description.isString() || description.stringValue().length() > 255)) {
                b.fail("rules", at + "description must be a text of at most 255 characters");
                ok = false;
            }
            if (!ok || sources == null || destinations == null || rules.size() != before) {
                continue;
            }
            ObjectNode rule = Json.object();
            rule.put("direction", direction);
            rule.put("protocol", protocol);
            if (portText == null) {
                rule.putNull("port");
            } else {
                rule.put("port", portText);
            }
            rule.set("source_ips", Json.strings("in".equals(direction) ? sources : List.of()));
            rule.set("destination_ips", Json.strings("out".equals(direction) ? destinations : List.of()));
            if (description == null || description.isNull()) {
                rule.putNull("description");
            } else {
                rule.put("description", description.stringValue());
            }
            rules.add(rule);
        }
        return rules;
    }

    private static boolean validPort(String text) {
        var m = PORT.matcher(text);
        if (!m.matches()) {
            return false;
        }
        if (text.equals("any")) {
            return true;
        }
        int from = Integer.parseInt(m.group(1));
        int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
        return from >= 1 && to <= 65535 && from <= to;
    }

    /** A list of CIDRs (IPv4 or IPv6); {@code null} after a failure, empty when absent. */
    private static List<String> ips(Body b, String at, JsonNode rule, String field) {
        JsonNode n = rule.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            b.fail("rules", at + field + " must be a list of networks in CIDR notation");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode e : n.values()) {
            if (!e.isString() || !validCidr(e.stringValue())) {
                b.fail("rules", at + field + ": '" + e.asString() + "' is not a network in CIDR notation (like 10.0.0.0/8 or ::/0)");
                return null;
            }
            values.add(e.stringValue());
        }
        return values;
    }

    static boolean validCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String address = text.substring(0, slash);
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (Ipv4Range.address(address) != null) {
            return prefix >= 0 && prefix <= 32;
        }
        if (!address.contains(":") || !IPV6.matcher(address).matches() || prefix < 0 || prefix > 128) {
            return false;
        }
        try {
            // A literal with ':' is parsed, never looked up in DNS.
            return InetAddress.getByName(address).getAddress().length == 16;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
