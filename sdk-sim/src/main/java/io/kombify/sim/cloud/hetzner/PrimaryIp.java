package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** A primary IP (one IPv4 address or one IPv6 /64) of the fake's project. */
final class PrimaryIp extends AbstractResource {
    final String type;
    final String ip;
    final Catalog.Datacenter datacenter;
    Long assignee;
    boolean autoDelete;

    PrimaryIp(long id, String name, String type, String ip, Catalog.Datacenter datacenter, boolean autoDelete,
              Map<String, String> labels, Instant created) {
        super(id, name, labels, created);
        this.type = type;
        this.ip = ip;
        this.datacenter = datacenter;
        this.autoDelete = autoDelete;
    }

    /** The reverse DNS name the API gives an IPv4 address. */
    String dnsPtr() {
        String[] octets = ip.split("\\.");
        return "static." + octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".clients.your-server.de";
    }

    @Override
    public ObjectNode json() {
        ObjectNode n = jsonWithIdAndName();
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
        putCreated(n);
        n.set("datacenter", datacenter.json());
        n.set("location", datacenter.location().json());
        var ptr = n.putArray("dns_ptr");
        if (type.equals("ipv4")) {
            ptr.addObject().put("ip", ip).put("dns_ptr", dnsPtr());
        }
        n.putObject("protection").put("delete", false);
        putLabels(n);
        return n;
    }
}
