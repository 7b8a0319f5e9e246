package io.kombify.spec.resolved;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node with its capacity known: as written, or the smart defaults of its type.
 *
 * @param name               node name
 * @param type               role
 * @param provider           where it runs
 * @param ssh                how to reach it; {@code null} when the spec gives no SSH host or the provider is {@code docker}
 * @param cpu                cores
 * @param memory             memory
 * @param disk               disk
 * @param resourcesDefaulted whether any of cpu, memory or disk came from the type's defaults
 * @param labels             labels, in the order written
 * @param taints             taints
 */
public record ResolvedNode(
        String name,
        NodeType type,
        Provider provider,
        ResolvedSsh ssh,
        CpuQuantity cpu,
        ByteSize memory,
        ByteSize disk,
        boolean resourcesDefaulted,
        Map<String, String> labels,
        List<String> taints) {

    public ResolvedNode {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        taints = taints == null ? List.of() : List.copyOf(taints);
    }

    /** SSH access, when the node is reached over SSH. */
    public Optional<ResolvedSsh> sshAccess() {
        return Optional.ofNullable(ssh);
    }
}
