package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** A primary IP (one IPv4 address or one IPv6 /64) of the fake's project. */
final class PrimaryIp implements Resource {
    private final long id;
    private final Instant created;
    final String type;
    final String ip;
    final Catalog.Datacenter datacenter;
    String name;
    Map<String, String> labels;
    Long assignee;
    boolean autoDelete;

    PrimaryIp(long id, String name, String type, String ip, Catalog.Datacenter datacenter, boolean autoDelete,
              Map<String, String> labels, Instant created) {
        this.id = id;
        this.name = name;
        this.type = type;
        this.ip = ip;
        this.datacenter = datacenter;
        this.autoDelete = autoDelete;
        this.labels = new LinkedHashMap<>(labels);
        this.created = created;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public Instant created() {
        return created;
    }

    /** The reverse DNS name the API gives an IPv4 address. */
    String dnsPtr() {
        String[] octets = ip.split("\\.");
        return "static." + octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".clients.your-server.de";
    }

    @Override
    public ObjectNode json() {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("name", name);
        n.put("ip", ip);
        n.put("type", type);
        if (assignee == null) {
            n.putNull("assignee_id");
        } else {
            n.put("assignee_id", assignee);
        }
        n.put("assignee_type", "server");
        n.put("auto_delete", autoDelete);
        n.put("blocked", false);
        Json.putTime(n, "created", created);
        n.set("datacenter", datacenter.json());
        n.set("location", datacenter.location().json());
        var ptr = n.putArray("dns_ptr");
        if (type.equals("ipv4")) {
            ptr.addObject().put("ip", ip).put("dns_ptr", dnsPtr());
        }
        n.putObject("protection").put("delete", false);
        n.set("labels", Json.labels(labels));
        return n;
    }
}
