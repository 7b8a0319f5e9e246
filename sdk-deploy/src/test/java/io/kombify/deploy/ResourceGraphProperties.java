package io.kombify.deploy;

import io.kombify.core.KombifyException;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.resolved.ResolvedService;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceGraphProperties {

    // ------------------------------------------------------------ graphs of generated stacks

    record NodeGen(String provider) {
    }

    /** A service; it needs the services of lower {@code rank}, wherever they stand in the spec. */
    record ServiceGen(int node, int rank, List<Integer> needs, int volumes, boolean bind, boolean proxied) {
    }

    record StackGen(List<NodeGen> nodes, List<ServiceGen> services, String vpn, boolean firewall) {

        String yaml() {
            StringBuilder y = new StringBuilder("name: generated-lab\nnodes:\n");
            for (int i = 0; i < nodes.size(); i++) {
                NodeGen n = nodes.get(i);
                y.append("  - name: node-").append(i).append('\n')
                        .append("    type: ").append(i == 0 ? "main" : "worker").append('\n')
                        .append("    provider: ").append(n.provider()).append('\n')
                        .append("    resources: {cpu: 16, memory: 64Gi, disk: 1Ti}\n");
                if (n.provider().equals("local")) {
                    y.append("    ssh: {host: 192.168.1.").append(10 + i).append(", user: ops}\n");
                }
            }
            y.append("services:\n");
            for (int i = 0; i < services.size(); i++) {
                ServiceGen s = services.get(i);
                y.append("  - name: svc-").append(i).append('\n')
                        .append("    type: service\n")
                        .append("    node: node-").append(s.node() % nodes.size()).append('\n')
                        .append("    config: {image: \"ghcr.io/acme/svc-").append(i).append(":1\"}\n")
                        .append("    resources: {memoryLimit: 128Mi, cpuLimit: \"0.25\"}\n")
                        .append("    environmentSecrets: {TOKEN: secret://svc-").append(i).append("-token}\n");
                List<String> needs = needsOf(i);
                if (!needs.isEmpty()) {
                    y.append("    needs: [").append(String.join(", ", needs)).append("]\n");
                }
                if (s.volumes() > 0 || s.bind()) {
                    y.append("    volumes:\n");
                    for (int k = 0; k < s.volumes(); k++) {
                        y.append("      - {name: data-").append(k).append(", mountPath: /data").append(k).append("}\n");
                    }
                    if (s.bind()) {
                        y.append("      - {name: host-dir, mountPath: /host, hostPath: /srv/svc-").append(i).append(", type: bind}\n");
                    }
                }
                if (s.proxied()) {
                    y.append("    network:\n      proxy: {domain: svc-").append(i).append(".example.org}\n");
                }
            }
            y.append("network:\n  vpn: ").append(vpn).append('\n');
            y.append("security:\n  firewall: {enabled: ").append(firewall).append("}\n");
            return y.toString();
        }

        /** Names of the services service {@code i} needs: chosen among those ranked below it. */
        List<String> needsOf(int i) {
            ServiceGen s = services.get(i);
            List<Integer> lower = new ArrayList<>();
            for (int j = 0; j < services.size(); j++) {
                if (services.get(j).rank() < s.rank()) {
                    lower.add(j);
                }
            }
            Set<String> names = new TreeSet<>();
            for (int pick : s.needs()) {
                if (!lower.isEmpty()) {
                    names.add("svc-" + lower.get(pick % lower.size()));
                }
            }
            return List.copyOf(names);
        }

        @Override
        public String toString() {
            return yaml();
        }
    }

    @Provide
    Arbitrary<StackGen> stacks() {
        Arbitrary<NodeGen> node = Arbitraries.of("local", "hetzner", "docker", "digitalocean").map(NodeGen::new);
        Arbitrary<ServiceGen> service = Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 20).list().ofMaxSize(3),
                Arbitraries.integers().between(0, 2),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(ServiceGen::new);
        return Combinators.combine(node.list().ofMinSize(1).ofMaxSize(3), service.list().ofMinSize(1).ofMaxSize(8),
                Arbitraries.of("none", "headscale", "tailscale", "wireguard"), Arbitraries.of(true, false)).as(StackGen::new);
    }

    @Property(tries = 60)
    void graphOfAStackIsInTopologicalOrderAndHoldsEveryNeed(@ForAll("stacks") StackGen stack) {
        ResolvedSpec spec = Specs.yaml(stack.yaml());

        ResourceGraph graph = ResourceGraph.of(spec);

        assertTopological(graph);
        for (ResolvedService s : spec.services()) {
            if (!s.enabled()) {
                continue;
            }
            ResourceId container = ResourceId.of(ResourceType.CONTAINER, s.name());
            Resource r = graph.resource(container).orElseThrow();
            for (String need : s.needs()) {
                assertThat(r.dependsOn()).contains(ResourceId.of(ResourceType.CONTAINER, need));
            }
            assertThat(r.sensitive().isEmpty()).isEqualTo(s.environmentSecrets().isEmpty());
        }
        assertThat(ResourceGraph.of(spec)).isEqualTo(graph);
    }

    // ------------------------------------------------------------ graphs built by hand

    /** One attempt to add resource {@code index}, depending on the resources with these indexes. */
    record Attempt(int index, Set<Integer> deps) {
    }

    @Provide
    Arbitrary<List<Attempt>> attempts() {
        return Arbitraries.integers().between(1, 40).flatMap(n -> {
            List<Arbitrary<Attempt>> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                list.add(Arbitraries.integers().between(0, n - 1).filter(d -> d != index).set().ofMaxSize(4)
                        .map(deps -> new Attempt(index, deps)));
            }
            return Combinators.combine(list).as(ArrayList::new);
        }).flatMap(list -> Arbitraries.shuffle(list).map(shuffled -> (List<Attempt>) new ArrayList<>(shuffled)));
    }

    private static ResourceId rid(int i) {
        return ResourceId.of(ResourceType.CONTAINER, "c" + i);
    }

    @Property(tries = 300)
    void builderAcceptsExactlyTheResourcesWhoseDependenciesAreInSoTheGraphIsAcyclic(@ForAll("attempts") List<Attempt> attempts) {
        ResourceGraph.Builder builder = ResourceGraph.builder("lab", "h");
        Set<ResourceId> added = new HashSet<>();
        for (Attempt a : attempts) {
            Set<ResourceId> deps = new HashSet<>();
            a.deps().forEach(d -> deps.add(rid(d)));
            Resource r = new Resource(rid(a.index()), "docker", Map.of(), deps);
            if (added.containsAll(deps)) {
                builder.add(r);
                added.add(r.id());
            } else {
                assertThatThrownBy(() -> builder.add(r)).isInstanceOfSatisfying(KombifyException.class,
                        e -> assertThat(e.code()).isEqualTo("RESOURCE_DEPENDENCY_UNKNOWN"));
                assertThat(builder.contains(r.id())).isFalse();
            }
        }
        ResourceGraph graph = builder.build();

        assertThat(graph.resources()).extracting(Resource::id).containsExactlyInAnyOrderElementsOf(added);
        assertTopological(graph);
        assertAcyclic(graph);
    }

    /** Every resource comes after everything it depends on, and dependents() mirrors dependsOn. */
    private static void assertTopological(ResourceGraph graph) {
        Map<ResourceId, Integer> position = new HashMap<>();
        List<Resource> resources = graph.resources();
        for (int i = 0; i < resources.size(); i++) {
            position.put(resources.get(i).id(), i);
        }
        for (Resource r : resources) {
            for (ResourceId dep : r.dependsOn()) {
                assertThat(position.get(dep)).as("%s depends on %s", r.id(), dep).isNotNull().isLessThan(position.get(r.id()));
                assertThat(graph.dependents(dep)).contains(r.id());
            }
        }
    }

    /** Kahn's algorithm consumes every resource only when there is no cycle. */
    private static void assertAcyclic(ResourceGraph graph) {
        Map<ResourceId, Integer> waiting = new HashMap<>();
        Deque<ResourceId> ready = new ArrayDeque<>();
        for (Resource r : graph.resources()) {
            waiting.put(r.id(), r.dependsOn().size());
            if (r.dependsOn().isEmpty()) {
                ready.add(r.id());
            }
        }
        int consumed = 0;
        while (!ready.isEmpty()) {
            ResourceId id = ready.pop();
            consumed++;
            for (ResourceId d : graph.dependents(id)) {
                if (waiting.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        assertThat(consumed).isEqualTo(graph.size());
    }
}
