package io.kombify.spec.model;

/**
 * Exposure of a service on the stack's internal network.
 *
 * @param expose default false
 * @param port   the internal port
 */
public record InternalExposure(Boolean expose, Integer port) {
}
