package io.kombify.spec.kit;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;

/**
 * Resources a kit asks of each node, and of the cluster: one half of {@code requirements}.
 * Upstream kit files write memory and disk as bare numbers of gibibytes; they are read as
 * sizes here. Every field is {@code null} when the kit does not state it.
 *
 * @param cpu          cores per node
 * @param memory       memory per node
 * @param disk         disk per node
 * @param nodes        number of nodes in the stack
 * @param managerNodes number of manager (main) nodes, for clustered kits
 * @param workerNodes  number of worker nodes
 * @param diskType     kind of disk such as {@code ssd}, informative only
 */
public record KitResources(
        CpuQuantity cpu,
        ByteSize memory,
        ByteSize disk,
        Integer nodes,
        Integer managerNodes,
        Integer workerNodes,
        String diskType) {

    /** No requirement at all. */
    public static final KitResources NONE = new KitResources(null, null, null, null, null, null, null);

    /** Whether nothing is stated. */
    public boolean isEmpty() {
        return cpu == null && memory == null && disk == null && nodes == null && managerNodes == null
                && workerNodes == null && diskType == null;
    }
}
