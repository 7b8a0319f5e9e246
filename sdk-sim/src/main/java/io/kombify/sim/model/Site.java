package io.kombify.sim.model;

import java.util.List;

/**
 * A place where nodes run: the home, or one cloud provider. A site has one {@link Lan} and
 * reaches the registry and the other sites over its internet connection.
 *
 * @param name           {@code home}, or the cloud provider's name such as {@code hetzner}
 * @param kind           home or cloud
 * @param nodes          its nodes' names, in spec order
 * @param lan            its local network
 * @param downlinkMbps   internet download capacity (image pulls use it)
 * @param uplinkMbps     internet upload capacity
 * @param subnet         its LAN's IPv4 network, such as {@code 192.168.1.0/24}
 */
public record Site(String name, SiteKind kind, List<String> nodes, Lan lan, int downlinkMbps, int uplinkMbps, String subnet) {

    public Site {
        nodes = List.copyOf(nodes);
    }
}
