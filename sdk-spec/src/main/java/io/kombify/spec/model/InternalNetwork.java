package io.kombify.spec.model;

/**
 * The stack's internal network.
 *
 * @param subnet  IPv4 CIDR inside RFC 1918
 * @param gateway IPv4 address
 */
public record InternalNetwork(String subnet, String gateway) {
}
