package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A firewall of the fake's project: its rules and what it is applied to (servers, label selectors). */
final class Firewall extends AbstractResource {
    private final Cloud cloud;
    List<ObjectNode> rules;
    final List<Target> appliedTo = new ArrayList<>();

    /** A server ({@code selector} null) or a label selector ({@code server} 0) the firewall applies to. */
    record Target(long server, String selector) {
        boolean isServer() {
            return selector == null;
        }
    }

    Firewall(Cloud cloud, long id, String name, List<ObjectNode> rules, Map<String, String> labels, Instant created) {
        super(id, name, labels, created);
        this.cloud = cloud;
        this.rules = List.copyOf(rules);
    }

    /** Whether the firewall applies to the server, directly or through a label selector. */
    boolean appliesTo(Server server) {
        for (Target t : appliedTo) {
            if (t.isServer() ? t.server() == server.id()
                    : Labels.Selector.parse(t.selector(), "label_selector").matches(server.labels())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ObjectNode json() {
        ObjectNode n = jsonWithIdAndName();
        putLabels(n);
        putCreated(n);
        ArrayNode rs = n.putArray("rules");
        rules.forEach(r -> rs.add(r.deepCopy()));
        ArrayNode applied = n.putArray("applied_to");
        for (Target t : appliedTo) {
            ObjectNode o = applied.addObject();
            if (t.isServer()) {
                o.put("type", "server");
                o.putObject("server").put("id", t.server());
            } else {
                o.put("type", "label_selector");
                o.putObject("label_selector").put("selector", t.selector());
                ArrayNode resources = o.putArray("applied_to_resources");
                Labels.Selector selector = Labels.Selector.parse(t.selector(), "label_selector");
                for (Server s : cloud.servers()) {
                    if (selector.matches(s.labels())) {
                        ObjectNode r = resources.addObject();
                        r.put("type", "server");
                        r.putObject("server").put("id", s.id());
                    }
                }
            }
        }
        return n;
    }
}
