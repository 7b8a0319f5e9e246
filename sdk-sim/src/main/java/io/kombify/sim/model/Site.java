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
 * @param publicAddress  a home site's one public address, which all its nodes share behind the
 *                       router (from {@value Ipv4#HOME_PUBLIC_RANGE}); {@code null} for a cloud
 *                       site, whose nodes each have their own ({@link SimNode#publicAddress()})
 */
public record Site(String name, SiteKind kind, List<String> nodes, Lan lan, int downlinkMbps, int uplinkMbps, String subnet,
                   String publicAddress) {

    public Site {
        nodes = List.copyOf(nodes);
    }
}
