package io.kombify.deploy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The kind of a resource, such as {@code machine} or {@code container}. The graph built from a
 * spec uses the constants below; a provider plugin may handle further types of its own.
 *
 * @param name lower-case letters, digits and underscores, starting with a letter
 */
public record ResourceType(String name) implements Comparable<ResourceType> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** A cloud server created for a node. */
    public static final ResourceType MACHINE = new ResourceType("machine");
    /** An existing host (a node with provider {@code local}): adopted, never created or destroyed. */
    public static final ResourceType HOST = new ResourceType("host");
    /** The stack's SSH public key registered with a cloud provider. */
    public static final ResourceType SSH_KEY = new ResourceType("ssh_key");
    /** A private network at a cloud provider. */
    public static final ResourceType NETWORK = new ResourceType("network");
    /** A subnet of a private network. */
    public static final ResourceType SUBNET = new ResourceType("subnet");
    /** A firewall with its inbound rules, attached to one machine or host. */
    public static final ResourceType FIREWALL = new ResourceType("firewall");
    /** A node's membership in the VPN mesh. */
    public static final ResourceType VPN_MEMBER = new ResourceType("vpn_member");
    /** The container network on one node that the stack's containers join. */
    public static final ResourceType CONTAINER_NETWORK = new ResourceType("container_network");
    /** A named volume on one node. */
    public static final ResourceType VOLUME = new ResourceType("volume");
    /** A container running one service. */
    public static final ResourceType CONTAINER = new ResourceType("container");
    /** A reverse-proxy route from a domain to a service. */
    public static final ResourceType PROXY_ROUTE = new ResourceType("proxy_route");
    /** A DNS record pointing a domain at the node that serves it. */
    public static final ResourceType DNS_RECORD = new ResourceType("dns_record");

    public ResourceType {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("resource type '" + name
                    + "' must be lower-case letters, digits and underscores, starting with a letter");
        }
    }

    @Override
    public int compareTo(ResourceType other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
