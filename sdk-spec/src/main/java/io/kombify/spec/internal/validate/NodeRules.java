package io.kombify.spec.internal.validate;

import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Provider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules across the fields of nodes: unique names (upstream's validator) and the edge-node
 * provider rule of {@code kombination.cue}.
 */
public final class NodeRules {
    private NodeRules() {
    }

    public static void check(Kombination spec, Findings findings) {
        List<Node> nodes = spec.nodes();
        Map<String, Integer> firstByName = new HashMap<>(Math.max(16, nodes.size() * 2));
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node == null) {
                continue;
            }
            String name = node.name();
            if (name != null) {
                Integer first = firstByName.putIfAbsent(name, i);
                if (first != null) {
                    findings.error("NODE_NAME_DUPLICATE", "/nodes/" + i + "/name",
                            "duplicate node name " + Text.quote(name) + ": already used by the node at "
                                    + findings.where("/nodes/" + first + "/name"),
                            "node names must be unique; rename one of the two nodes");
                }
            }
            if (node.type() == NodeType.EDGE && node.provider() != null
                    && node.provider() != Provider.LOCAL && node.provider() != Provider.DOCKER) {
                findings.error("NODE_EDGE_PROVIDER", "/nodes/" + i + "/provider",
                        "edge node " + Text.quote(name) + " cannot use provider `" + node.provider().wire()
                                + "`: edge nodes run on `local` or `docker`",
                        "set `provider: local` (or `docker`), or make the node a `main` or `worker` node");
            }
        }
    }
}
