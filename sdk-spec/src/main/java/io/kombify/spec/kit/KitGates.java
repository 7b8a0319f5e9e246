package io.kombify.spec.kit;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.core.Diagnostic;
import io.kombify.spec.internal.resolve.Defaults;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.ResourceSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a spec's nodes against what a kit needs. The validator runs these gates for the kit
 * the spec selects; call them yourself to ask "would this hardware run that kit?".
 *
 * <ul>
 * <li>{@code KIT_REQUIREMENT_UNMET} (error): a main node has less CPU, memory or disk than the
 *     kit's minimum, or the stack has fewer nodes than the kit's minimum node count.</li>
 * <li>{@code KIT_RECOMMENDATION_UNMET} (warning): the same against the recommended values.</li>
 * <li>{@code KIT_HA_TOO_FEW_NODES} (error): a high-availability kit with fewer than three nodes
 *     (or fewer than its {@code managerNodes}).</li>
 * <li>{@code KIT_HA_EVEN_MANAGERS} (error): a high-availability kit with an even number of
 *     main (manager) nodes, which cannot keep a quorum when half of them fail.</li>
 * </ul>
 *
 * <p>Per-node requirements apply to main nodes, which carry the kit's own services; worker and
 * edge nodes only run the user's services, whose fit is decided by placement. A node without
 * {@code resources} is measured by its type's smart defaults (main 4 CPU / 4Gi / 50Gi, worker
 * 2 / 2Gi / 20Gi, edge 1 / 1Gi / 10Gi). A spec without main nodes has every node measured.
 */
public final class KitGates {
    /** Fewest nodes of a highly available stack: a three-member quorum survives one failure. */
    public static final int HA_MIN_NODES = 3;

    private KitGates() {
    }

    /** The gate diagnostics of {@code spec} against {@code kit}; empty when it fits. Never throws for bad input. */
    public static List<Diagnostic> check(Kombination spec, StackKit kit) {
        List<Diagnostic> out = new ArrayList<>();
        List<Node> nodes = spec.nodes();
        boolean anyMain = false;
        for (Node node : nodes) {
            if (node != null && node.type() == NodeType.MAIN) {
                anyMain = true;
                break;
            }
        }
        KitResources min = kit.requirements().minimum();
        KitResources rec = kit.requirements().recommended();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node == null || (anyMain && node.type() != NodeType.MAIN)) {
                continue;
            }
            nodeGate(out, kit, node, i, min, true);
            nodeGate(out, kit, node, i, rec, false);
        }
        int count = nodes.size();
        if (min.nodes() != null && count < min.nodes()) {
            out.add(Diagnostic.error("KIT_REQUIREMENT_UNMET", "/nodes",
                    "kit `" + kit.name() + "` needs at least " + min.nodes() + " nodes; the stack has " + count,
                    "add nodes, or choose a kit for fewer nodes such as `" + StackKitCatalog.BASE_KIT + "`"));
        } else if (rec.nodes() != null && count < rec.nodes()) {
            out.add(Diagnostic.warning("KIT_RECOMMENDATION_UNMET", "/nodes",
                    "kit `" + kit.name() + "` recommends " + rec.nodes() + " nodes; the stack has " + count,
                    "add nodes to get what the kit is tuned for"));
        }
        if (isHighAvailability(kit)) {
            int needed = Math.max(HA_MIN_NODES, min.managerNodes() == null ? 0 : min.managerNodes());
            if (count < needed) {
                out.add(Diagnostic.error("KIT_HA_TOO_FEW_NODES", "/nodes",
                        "kit `" + kit.name() + "` needs at least " + needed + " nodes for a quorum; the stack has " + count,
                        "add nodes until there are " + needed + ", or choose `" + StackKitCatalog.BASE_KIT + "` for a single server"));
            }
            int managers = 0;
            for (Node node : nodes) {
                if (node != null && node.type() == NodeType.MAIN) {
                    managers++;
                }
            }
            if (managers > 0 && managers % 2 == 0) {
                out.add(Diagnostic.error("KIT_HA_EVEN_MANAGERS", "/nodes",
                        "kit `" + kit.name() + "` needs an odd number of main (manager) nodes; the stack has " + managers,
                        "use " + (managers - 1) + " or " + (managers + 1)
                                + " main nodes: with an even number, losing half of them stops the cluster"));
            }
        }
        return List.copyOf(out);
    }

    /** Whether the kit promises high availability (feature {@code highAvailability}). */
    public static boolean isHighAvailability(StackKit kit) {
        return kit.feature("highAvailability");
    }

    private static void nodeGate(List<Diagnostic> out, StackKit kit, Node node, int index, KitResources want, boolean hard) {
        if (want.isEmpty()) {
            return;
        }
        ResourceSpec given = node.resources();
        Defaults.NodeCapacity defaults = Defaults.capacity(node.type());
        String base = "/nodes/" + index;
        // A negative count is the validator's to report (RANGE); the gate then measures the default.
        boolean cpuGiven = given != null && given.cpu() != null && given.cpu() >= 0;
        CpuQuantity cpu = cpuGiven ? CpuQuantity.ofCores(given.cpu()) : defaults.cpu();
        ByteSize memory = given != null && given.memorySize() != null ? given.memorySize() : defaults.memory();
        boolean memoryGiven = given != null && given.memorySize() != null;
        ByteSize disk = given != null && given.diskSize() != null ? given.diskSize() : defaults.disk();
        boolean diskGiven = given != null && given.diskSize() != null;
        if (want.cpu() != null && cpu.compareTo(want.cpu()) < 0) {
            out.add(gate(hard, kit, node, cpuGiven ? base + "/resources/cpu" : base, "CPU",
                    "`" + cpu + "`" + (cpu.millis() == 1000 ? " core" : " cores"),
                    "`" + want.cpu() + "`" + (want.cpu().millis() == 1000 ? " core" : " cores"),
                    cpuGiven, "cpu: " + (long) Math.ceil(want.cpu().cores())));
        }
        if (want.memory() != null && memory.compareTo(want.memory()) < 0) {
            out.add(gate(hard, kit, node, memoryGiven ? base + "/resources/memory" : base, "memory",
                    "`" + memory + "`", "`" + want.memory() + "`", memoryGiven, "memory: " + want.memory()));
        }
        if (want.disk() != null && disk.compareTo(want.disk()) < 0) {
            out.add(gate(hard, kit, node, diskGiven ? base + "/resources/disk" : base, "disk",
                    "`" + disk + "`", "`" + want.disk() + "`", diskGiven, "disk: " + want.disk()));
        }
    }

    private static Diagnostic gate(boolean hard, StackKit kit, Node node, String path, String what, String has,
                                   String needs, boolean given, String fix) {
        String source = given ? "" : " (the `" + node.type() + "` default)";
        if (hard) {
            return Diagnostic.error("KIT_REQUIREMENT_UNMET", path,
                    "node `" + node.name() + "` has " + has + " of " + what + source + "; kit `" + kit.name()
                            + "` needs at least " + needs,
                    "give the node more " + what + ", such as `" + fix + "` under `resources`, or choose a smaller kit");
        }
        return Diagnostic.warning("KIT_RECOMMENDATION_UNMET", path,
                "node `" + node.name() + "` has " + has + " of " + what + source + "; kit `" + kit.name()
                        + "` recommends " + needs,
                "give the node more " + what + ", such as `" + fix + "` under `resources`, so the kit has room to grow");
    }
}
