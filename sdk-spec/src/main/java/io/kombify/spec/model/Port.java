package io.kombify.spec.model;

/**
 * A port a service exposes.
 *
 * @param container port inside the container, 1..65535; required
 * @param host      port bound on the node, 1..65535; none when {@code null}
 * @param protocol  {@code tcp} (default) or {@code udp}
 */
public record Port(Integer container, Integer host, Protocol protocol) {
}
