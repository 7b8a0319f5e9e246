package io.kombify.sim.docker;

/**
 * What Docker reports about a node container right now, as read by
 * {@link DockerNodeEngine#inspect(NodeContainer)}: use it to check that the limits Docker enforces
 * are those of the node.
 *
 * @param running     whether the container is running
 * @param hostname    the container's hostname
 * @param nanoCpus    the CPU limit Docker enforces, in billionths of a core (0 = none)
 * @param memoryBytes the memory limit Docker enforces (0 = none)
 * @param networkMode the container's network mode ({@code none} for node containers)
 */
public record ContainerStatus(boolean running, String hostname, long nanoCpus, long memoryBytes, String networkMode) {
}
