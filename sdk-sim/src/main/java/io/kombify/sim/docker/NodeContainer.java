package io.kombify.sim.docker;

import java.util.Objects;

/**
 * A simulated node running as a Docker container, as created by
 * {@link DockerNodeEngine#create(io.kombify.spec.resolved.ResolvedNode)}. Pass it back to the
 * engine to start, stop, exec in, inspect or destroy the container.
 *
 * @param node          the node's name in the spec (also the container's hostname)
 * @param runId         the engine run it belongs to (label {@code io.kombify.sim.run})
 * @param containerId   Docker's container id
 * @param containerName Docker's container name, {@code kombify-sim-<run>-<node>}
 * @param nanoCpus      the CPU limit given to Docker, in billionths of a core
 * @param memoryBytes   the memory limit given to Docker
 * @param cpuCapped     whether the node's CPU exceeded the host's and was capped to the host's CPU count
 */
public record NodeContainer(String node, String runId, String containerId, String containerName,
                            long nanoCpus, long memoryBytes, boolean cpuCapped) {

    public NodeContainer {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
    }
}
