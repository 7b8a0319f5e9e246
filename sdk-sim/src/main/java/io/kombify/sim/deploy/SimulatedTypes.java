package io.kombify.sim.deploy;

import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ResourceTypeSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulated provider knows of each resource type: which top-level attributes change in
 * place (the others force a replacement, as they would at Hetzner or in Docker), whether a
 * replacement may exist beside the old resource, and which attributes name other resources of
 * the stack that must already exist in the world.
 */
final class SimulatedTypes {

    /**
     * An attribute naming another resource of the stack, which must exist as one of {@code types}:
     * either by its address ({@code ssh_key.lab}) or, when {@code address} is false, by its name
     * (a node name {@code nas} for {@code machine.nas} or {@code host.nas}).
     */
    record Reference(String attribute, List<ResourceType> types, boolean address) {
    }

    /** How one type behaves. */
    record Rules(ResourceType type, Set<String> updatable, boolean createBeforeDestroy, List<Reference> references) {
        ResourceTypeSupport support() {
            return new ResourceTypeSupport(type, updatable, createBeforeDestroy);
        }
    }

    private static final Reference NODE = new Reference("node", List.of(ResourceType.MACHINE, ResourceType.HOST), false);

    /** Every type of the resource graph, in dependency order. */
    static final Map<ResourceType, Rules> RULES;

    static {
        List<Rules> all = new ArrayList<>();
        // The attribute names are those of the resource graph built from a spec (io.kombify.deploy.ResourceGraph.of).
        all.add(new Rules(ResourceType.SSH_KEY, Set.of("name"), false, List.of()));
        all.add(new Rules(ResourceType.NETWORK, Set.of("name"), false, List.of()));
        all.add(new Rules(ResourceType.SUBNET, Set.of(), false,
                List.of(new Reference("network", List.of(ResourceType.NETWORK), true))));
        all.add(new Rules(ResourceType.MACHINE, Set.of("name", "labels", "role", "taints", "serverType"), false,
                List.of(new Reference("sshKey", List.of(ResourceType.SSH_KEY), true),
                        new Reference("subnet", List.of(ResourceType.SUBNET), true))));
        // An existing host is only adopted: changing how it is reached changes nothing on it.
        all.add(new Rules(ResourceType.HOST, Set.of("role", "host", "port", "user", "keyPath"), false, List.of()));
        all.add(new Rules(ResourceType.FIREWALL, Set.of("rules", "publishedPorts", "defaultInbound", "defaultOutbound"),
                true, List.of(NODE)));
        all.add(new Rules(ResourceType.CONTAINER_NETWORK, Set.of(), false, List.of(NODE)));
        all.add(new Rules(ResourceType.VOLUME, Set.of("backup"), false, List.of(NODE)));
        // What `docker update` can change, and the pull policy (which only decides how the next create
        // finds the image); anything else means a new container.
        all.add(new Rules(ResourceType.CONTAINER, Set.of("restartPolicy", "cpuLimit", "memoryLimit", "cpuRequest", "memoryRequest",
                "pullPolicy"),
                false, List.of(NODE, new Reference("node", List.of(ResourceType.CONTAINER_NETWORK), false))));
        all.add(new Rules(ResourceType.VPN_MEMBER, Set.of("hostname", "tags"), false,
                List.of(NODE, new Reference("coordinator", List.of(ResourceType.CONTAINER), false))));
        all.add(new Rules(ResourceType.PROXY_ROUTE, Set.of("tls", "middlewares", "port", "service", "proxy"), true,
                List.of(NODE, new Reference("service", List.of(ResourceType.CONTAINER), false),
                        new Reference("proxy", List.of(ResourceType.CONTAINER), false))));
        all.add(new Rules(ResourceType.DNS_RECORD, Set.of("target", "node", "ttl"), true,
                List.of(NODE, new Reference("target", List.of(ResourceType.MACHINE, ResourceType.HOST), true))));
        Map<ResourceType, Rules> map = new java.util.LinkedHashMap<>();
        all.forEach(r -> map.put(r.type(), r));
        RULES = java.util.Collections.unmodifiableMap(map);
    }

    private SimulatedTypes() {
    }

    static List<ResourceTypeSupport> supports() {
        return RULES.values().stream().map(Rules::support).toList();
    }
}
