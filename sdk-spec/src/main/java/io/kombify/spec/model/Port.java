package io.kombify.spec.model;

/**
 * A port a service exposes.
 *
 * @param container port inside the container, 1..65535; required
 * @param host      port bound on the node, 1..65535; none when {@code null}
 * @param protocol  {@code tcp} (default) or {@code udp}
 */
public record Port(@Required @Range(min = 1, max = 65535) Integer container, @Range(min = 1, max = 65535) Integer host, Protocol protocol) {
}
