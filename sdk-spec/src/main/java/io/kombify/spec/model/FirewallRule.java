package io.kombify.spec.model;

/**
 * One inbound firewall rule.
 *
 * @param port     1..65535; required
 * @param protocol {@code tcp} (default), {@code udp} or {@code both}
 * @param source   {@code any} (default), {@code lan}, {@code vpn} or an IPv4 CIDR
 * @param comment  free text
 */
public record FirewallRule(Integer port, FirewallProtocol protocol, String source, String comment) {
}
