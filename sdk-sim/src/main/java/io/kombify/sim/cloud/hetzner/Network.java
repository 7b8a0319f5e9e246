package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A private network of the fake's project with its subnets and routes; its servers are read from the servers. */
final class Network extends AbstractResource {
    private final Cloud cloud;
    final Ipv4Range ipRange;
    final List<Subnet> subnets = new ArrayList<>();
    final List<Route> routes = new ArrayList<>();
    boolean exposeRoutesToVswitch;

    /** A subnet; {@code vswitchId} only for type {@code vswitch}. */
    record Subnet(String type, Ipv4Range ipRange, String networkZone, Long vswitchId) {
    }

    /** A route to {@code destination} through {@code gateway}, an address in the network. */
    record Route(String destination, String gateway) {
    }

    Network(Cloud cloud, long id, String name, Ipv4Range ipRange, Map<String, String> labels, Instant created) {
        super(id, name, labels, created);
        this.cloud = cloud;
        this.ipRange = ipRange;
    }

    /** The network's gateway: its first address. */
    long gateway() {
        return ipRange.base() + 1;
    }

    @Override
    public ObjectNode json() {
        ObjectNode n = jsonWithIdAndName();
        n.put("ip_range", ipRange.toString());
        ArrayNode subs = n.putArray("subnets");
        for (Subnet s : subnets) {
            ObjectNode o = subs.addObject();
            o.put("type", s.type());
            o.put("ip_range", s.ipRange().toString());
            o.put("network_zone", s.networkZone());
            o.put("gateway", Ipv4Range.format(gateway()));
            if (s.vswitchId() == null) {
                o.putNull("vswitch_id");
            } else {
                o.put("vswitch_id", s.vswitchId());
            }
        }
        ArrayNode rs = n.putArray("routes");
        for (Route r : routes) {
            rs.addObject().put("destination", r.destination()).put("gateway", r.gateway());
        }
        n.set("servers", Json.longs(cloud.serversIn(id()).stream().map(Server::id).toList()));
        n.putArray("load_balancers");
        n.putObject("protection").put("delete", false);
        putLabels(n);
        putCreated(n);
        n.put("expose_routes_to_vswitch", exposeRoutesToVswitch);
        return n;
    }
}
