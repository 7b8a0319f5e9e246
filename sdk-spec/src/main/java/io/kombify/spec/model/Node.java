package io.kombify.spec.model;

import java.util.List;
import java.util.Map;

/**
 * A compute node: a home server, a Raspberry Pi at the edge, or a cloud VPS.
 *
 * @param name      unique among nodes, DNS-compatible
 * @param type      role of the node
 * @param provider  where it runs
 * @param ssh       how to reach it (host required when given)
 * @param resources its capacity
 * @param labels    free-form labels used to place services (open)
 * @param taints    taints that keep services away unless they tolerate them
 */
public record Node(
        @Required @Pattern(value = SpecPatterns.DNS_NAME, example = "nas") String name,
        @Required NodeType type,
        @Required Provider provider,
        SshConfig ssh,
        ResourceSpec resources,
        Map<String, String> labels,
        List<String> taints) {

    public Node {
        labels = Copies.map(labels);
        taints = Copies.list(taints);
    }
}
