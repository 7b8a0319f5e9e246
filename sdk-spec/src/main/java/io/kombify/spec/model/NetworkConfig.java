package io.kombify.spec.model;

/**
 * Networking of the stack.
 *
 * @param vpn      the mesh joining sites (default {@code none})
 * @param domain   base domain (default {@code local}), at most 253 characters
 * @param dns      resolvers
 * @param internal the stack's internal network (RFC 1918)
 * @param proxy    outbound HTTP proxy
 */
public record NetworkConfig(VpnKind vpn, @Pattern(value = SpecPatterns.DOMAIN, example = "home.example.com") @MaxLength(253) String domain, DnsConfig dns, InternalNetwork internal, ProxyConfig proxy) {
}
