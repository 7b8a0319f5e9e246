package io.kombify.spec.resolved;

import io.kombify.spec.model.TlsMode;

import java.util.List;

/**
 * A reverse-proxy route of a service, with defaults applied (enabled, TLS {@code auto}).
 *
 * @param enabled     whether the route exists
 * @param domain      host name of the route, or {@code null} for the proxy's default
 * @param tls         auto, manual or disabled
 * @param middlewares proxy middlewares in order
 */
public record ResolvedProxyRoute(boolean enabled, String domain, TlsMode tls, List<String> middlewares) {
    public ResolvedProxyRoute {
        middlewares = middlewares == null ? List.of() : List.copyOf(middlewares);
    }
}
