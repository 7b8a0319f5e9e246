package io.kombify.spec.model;

import java.util.List;

/**
 * Outbound HTTP proxy of the hosts.
 *
 * @param http    proxy for HTTP
 * @param https   proxy for HTTPS
 * @param noProxy hosts reached directly
 */
public record ProxyConfig(String http, String https, List<String> noProxy) {
    public ProxyConfig {
        noProxy = Copies.list(noProxy);
    }
}
