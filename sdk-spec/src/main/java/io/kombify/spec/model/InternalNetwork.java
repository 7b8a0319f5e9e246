package io.kombify.spec.model;

/**
 * The stack's internal network.
 *
 * @param subnet  IPv4 CIDR inside RFC 1918
 * @param gateway IPv4 address
 */
public record InternalNetwork(@Pattern(value = SpecPatterns.CIDR, example = "10.20.0.0/16") String subnet, @Pattern(value = SpecPatterns.IPV4, example = "10.20.0.1") String gateway) {
}
