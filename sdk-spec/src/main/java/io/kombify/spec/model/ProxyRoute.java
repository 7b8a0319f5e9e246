package io.kombify.spec.model;

import java.util.List;

/**
 * A reverse-proxy route to a service.
 *
 * @param enabled     default true
 * @param domain      the host name routed to the service
 * @param tls         certificate mode (default {@code auto})
 * @param middlewares proxy middlewares applied in order
 */
public record ProxyRoute(Boolean enabled, String domain, TlsMode tls, List<String> middlewares) {
    public ProxyRoute {
        middlewares = Copies.list(middlewares);
    }
}
