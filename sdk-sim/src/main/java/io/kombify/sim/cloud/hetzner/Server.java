package io.kombify.sim.cloud.hetzner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A server of the fake's project. Its volumes, primary IPs and firewalls are read from those resources. */
final class Server extends AbstractResource {
    private final Cloud cloud;
    final Catalog.ServerType type;
    final Catalog.Image image;
    final Catalog.Datacenter datacenter;
    String status = "initializing";
    final List<PrivateNet> privateNets = new ArrayList<>();

    /** The server's address in a network. */
    static final class PrivateNet {
        final long network;
        final String ip;
        final List<String> aliasIps;
        final String mac;

        PrivateNet(long network, String ip, List<String> aliasIps, String mac) {
            this.network = network;
            this.ip = ip;
            this.aliasIps = List.copyOf(aliasIps);
            this.mac = mac;
        }
    }

    Server(Cloud cloud, long id, String name, Map<String, String> labels, Catalog.ServerType type, Catalog.Image image,
           Catalog.Datacenter datacenter) {
        super(id, name, labels, cloud.now());
        this.cloud = cloud;
        this.type = type;
        this.image = image;
        this.datacenter = datacenter;
    }

    Catalog.Location location() {
        return datacenter.location();
    }

    PrivateNet privateNet(long network) {
        return privateNets.stream().filter(p -> p.network == network).findFirst().orElse(null);
    }

    @Override
    public ObjectNode json() {
        ObjectNode n = jsonWithIdAndName();
        n.put("status", status);
        putCreated(n);
        ObjectNode publicNet = n.putObject("public_net");
        PrimaryIp v4 = cloud.primaryIpOf(id(), "ipv4");
        if (v4 == null) {
            publicNet.putNull("ipv4");
        } else {
            ObjectNode o = publicNet.putObject("ipv4");
            o.put("id", v4.id());
            o.put("ip", v4.ip);
            o.put("blocked", false);
            o.put("dns_ptr", v4.dnsPtr());
        }
        PrimaryIp v6 = cloud.primaryIpOf(id(), "ipv6");
        if (v6 == null) {
            publicNet.putNull("ipv6");
        } else {
            ObjectNode o = publicNet.putObject("ipv6");
            o.put("id", v6.id());
            o.put("ip", v6.ip);
            o.put("blocked", false);
            o.putArray("dns_ptr");
        }
        publicNet.putArray("floating_ips");
        ArrayNode firewalls = publicNet.putArray("firewalls");
        for (Firewall f : cloud.firewallsOf(this)) {
            firewalls.addObject().put("id", f.id()).put("status", "applied");
        }
        ArrayNode nets = n.putArray("private_net");
        for (PrivateNet p : privateNets) {
            ObjectNode o = nets.addObject();
            o.put("network", p.network);
            o.put("ip", p.ip);
            o.set("alias_ips", Json.strings(p.aliasIps));
            o.put("mac_address", p.mac);
        }
        n.set("server_type", type.json());
        n.set("datacenter", datacenter.json());
        n.set("location", location().json());
        n.set("image", image.json());
        n.putNull("iso");
        n.put("rescue_enabled", false);
        n.put("locked", false);
        n.putNull("backup_window");
        n.put("outgoing_traffic", 0);
        n.put("ingoing_traffic", 0);
        n.put("included_traffic", type.includedTraffic(location().name()));
        n.putObject("protection").put("delete", false).put("rebuild", false);
        putLabels(n);
        n.set("volumes", Json.longs(cloud.volumesOf(id()).stream().map(Volume::id).toList()));
        n.putArray("load_balancers");
        n.put("primary_disk_size", type.disk());
        n.putNull("placement_group");
        return n;
    }
}
