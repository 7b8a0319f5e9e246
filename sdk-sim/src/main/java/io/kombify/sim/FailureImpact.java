package io.kombify.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a failure would take down: for each node and each site, the services that become
 * unavailable if it fails, because they run there or because they need, directly or through
 * other services, one that does. Services are listed in spec order.
 *
 * @param nodes node name -> services lost, in node order
 * @param sites site name -> services lost, in site order
 */
public record FailureImpact(Map<String, List<String>> nodes, Map<String, List<String>> sites) {

    public FailureImpact {
        nodes = copy(nodes);
        sites = copy(sites);
    }

    /** Services lost if {@code node} fails; empty for an unknown node. */
    public List<String> ofNode(String node) {
        return nodes.getOrDefault(node, List.of());
    }

    /** Services lost if {@code site} fails; empty for an unknown site. */
    public List<String> ofSite(String site) {
        return sites.getOrDefault(site, List.of());
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }
}
