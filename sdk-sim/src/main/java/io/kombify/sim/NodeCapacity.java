package io.kombify.sim;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;

/**
 * How much of a node its services reserve: the CPU and memory requests of every deployed service
 * placed on it against its capacity. Headroom is what is left, negative when over-committed.
 *
 * @param node            node name
 * @param cpu             cores the node has
 * @param cpuRequested    cores its services request
 * @param memory          memory the node has
 * @param memoryRequested memory its services request
 */
public record NodeCapacity(String node, CpuQuantity cpu, CpuQuantity cpuRequested, ByteSize memory, ByteSize memoryRequested) {

    /** Cores left, in millicores; negative when over-committed. */
    public long cpuHeadroomMillis() {
        return cpu.millis() - cpuRequested.millis();
    }

    /** Memory left, in bytes; negative when over-committed. */
    public long memoryHeadroomBytes() {
        return memory.bytes() - memoryRequested.bytes();
    }

    /** Whether requests exceed the node's CPU or memory. */
    public boolean isOvercommitted() {
        return cpuHeadroomMillis() < 0 || memoryHeadroomBytes() < 0;
    }
}
