package io.kombify.spec.model;

/**
 * How a service is reached.
 *
 * @param proxy    route through the reverse proxy
 * @param internal exposure on the stack's internal network
 */
public record ServiceNetwork(ProxyRoute proxy, InternalExposure internal) {
}
