/**
 * The Docker provider plugin: {@link io.kombify.plugin.docker.DockerProvider} ({@code docker})
 * runs a stack's containers, container networks and volumes on each node's Docker Engine, and
 * {@link io.kombify.plugin.docker.LocalProvider} ({@code local}) adopts existing machines through
 * their engine. Both are made from the same settings, {@link io.kombify.plugin.docker.DockerSettings}.
 */
package io.kombify.plugin.docker;
