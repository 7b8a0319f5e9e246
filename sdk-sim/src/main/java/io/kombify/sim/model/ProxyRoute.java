package io.kombify.sim.model;

import io.kombify.spec.model.TlsMode;

import java.util.List;

/**
 * A reverse-proxy route: requests for {@code domain} go to {@code service}.
 *
 * @param domain      host name; a route without one gets {@code <service>.<network.domain>}
 * @param service     target service
 * @param node        node the target runs on
 * @param tls         auto, manual or disabled
 * @param middlewares proxy middlewares in order
 */
public record ProxyRoute(String domain, String service, String node, TlsMode tls, List<String> middlewares) {

    public ProxyRoute {
        middlewares = List.copyOf(middlewares);
    }
}
