package io.kombify.spec.resolved;

import io.kombify.spec.model.VpnKind;

import java.util.List;

/**
 * The stack's network with defaults applied: no VPN, domain {@code local}, DNS servers
 * 1.1.1.1 and 8.8.8.8.
 *
 * @param vpn        mesh VPN kind
 * @param domain     base domain
 * @param dnsServers resolvers, in order
 * @param dnsSearch  search domains
 * @param subnet     internal subnet, or {@code null}
 * @param gateway    internal gateway, or {@code null}
 * @param httpProxy  outbound HTTP proxy, or {@code null}
 * @param httpsProxy outbound HTTPS proxy, or {@code null}
 * @param noProxy    hosts reached without the proxy
 */
public record ResolvedNetwork(
        VpnKind vpn,
        String domain,
        List<String> dnsServers,
        List<String> dnsSearch,
        String subnet,
        String gateway,
        String httpProxy,
        String httpsProxy,
        List<String> noProxy) {

    public ResolvedNetwork {
        dnsServers = List.copyOf(dnsServers);
        dnsSearch = List.copyOf(dnsSearch);
        noProxy = List.copyOf(noProxy);
    }
}
