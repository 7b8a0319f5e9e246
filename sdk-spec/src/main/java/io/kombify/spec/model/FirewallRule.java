package io.kombify.spec.model;

/**
 * One inbound firewall rule.
 *
 * @param port     1..65535; required
 * @param protocol {@code tcp} (default), {@code udp} or {@code both}
 * @param source   {@code any} (default), {@code lan}, {@code vpn} or an IPv4 CIDR
 * @param comment  free text
 */
public record FirewallRule(@Required @Range(min = 1, max = 65535) Integer port, FirewallProtocol protocol, @Pattern(value = SpecPatterns.FIREWALL_SOURCE, example = "lan") String source, String comment) {
}
