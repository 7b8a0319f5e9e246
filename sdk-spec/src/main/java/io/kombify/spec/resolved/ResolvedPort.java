package io.kombify.spec.resolved;

import io.kombify.spec.model.Protocol;

/**
 * A published port with its protocol known.
 *
 * @param container port inside the container
 * @param host      port on the node, or {@code null} when not bound on the host
 * @param protocol  tcp or udp
 */
public record ResolvedPort(int container, Integer host, Protocol protocol) {
}
