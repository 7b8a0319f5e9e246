package io.kombify.sim;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.List;

/**
 * A small random stack written as {@code kombination.yaml}: one to three nodes at home or at
 * Hetzner, one to six services with needs on earlier services only (so the graph has no cycles).
 * {@code roomy} stacks have nodes big enough for everything; tight ones may over-commit. One
 * stack in four switches health checks off. Every service listens on port 8080 of the internal
 * network; the host firewall opens it to {@code firewallSource} ({@code any} in three stacks of
 * five, {@code lan} or nobody ({@code none}) in the others), so some needs across nodes are
 * blocked.
 */
record GeneratedStack(List<NodeGen> nodes, List<ServiceGen> services, boolean healthChecks, String firewallSource) {

    record NodeGen(String name, String provider, int cpu, int memoryGi) {
    }

    record ServiceGen(String name, String type, int node, List<Integer> needs, String image, int memoryMi, String restart) {
    }

    private record Setting(boolean healthChecks, String firewallSource) {
    }

    /**
     * Health checks on in three stacks of four, port 8080 open to any source in three of five.
     * One arbitrary over every combination, rather than two combined, keeps the generator's
     * structure (and so how often it hits the small nodes that over-commit) as it was.
     */
    private static final List<Setting> SETTINGS = settings();

    private static List<Setting> settings() {
        List<Setting> all = new ArrayList<>();
        for (boolean health : new boolean[] {true, true, true, false}) {
            for (String source : new String[] {"any", "any", "any", "lan", "none"}) {
                all.add(new Setting(health, source));
            }
        }
        return List.copyOf(all);
    }

    static Arbitrary<GeneratedStack> stacks(boolean roomy) {
        return Arbitraries.integers().between(1, 3).flatMap(nodeCount -> nodes(nodeCount, roomy).flatMap(nodes ->
                Arbitraries.integers().between(1, 6).flatMap(serviceCount -> services(serviceCount, nodeCount, roomy)
                        .flatMap(services -> Arbitraries.of(SETTINGS)
                                .map(setting -> new GeneratedStack(nodes, services, setting.healthChecks(), setting.firewallSource()))))));
    }

    private static Arbitrary<List<NodeGen>> nodes(int count, boolean roomy) {
        List<Arbitrary<NodeGen>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "node-" + i;
            boolean main = i == 0;
            list.add(Combinators.combine(
                    Arbitraries.of("docker", "hetzner"),
                    Arbitraries.integers().between(main || roomy ? 8 : 1, main || roomy ? 16 : 4),
                    // small worker nodes (1 to 6 Gi) are where a few services over-commit memory
                    Arbitraries.integers().between(main || roomy ? 16 : 1, main || roomy ? 64 : 6))
                    .as((p, cpu, mem) -> new NodeGen(name, p, cpu, mem)));
        }
        return Combinators.combine(list).as(ArrayList::new);
    }

    private static Arbitrary<List<ServiceGen>> services(int count, int nodeCount, boolean roomy) {
        List<Arbitrary<ServiceGen>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "svc-" + i;
            Arbitrary<List<Integer>> needs = i == 0
                    ? Arbitraries.just(List.of())
                    : Arbitraries.integers().between(0, i - 1).set().ofMaxSize(2).map(s -> s.stream().sorted().toList());
            list.add(Combinators.combine(
                    Arbitraries.of("service", "database", "cache", "backend"),
                    Arbitraries.integers().between(0, nodeCount - 1),
                    needs,
                    Arbitraries.of("postgres:17", "redis:7-alpine", "ghcr.io/acme/app:1", "nginx:1.27", "acme/tool:2"),
                    Arbitraries.integers().between(64, roomy ? 1024 : 4096),
                    Arbitraries.of("always", "unless-stopped", "on-failure", "\"no\""))
                    .as((type, node, n, image, mem, restart) -> new ServiceGen(name, type, node, n, image, mem, restart)));
        }
        return Combinators.combine(list).as(ArrayList::new);
    }

    String yaml() {
        StringBuilder y = new StringBuilder("name: generated-lab\nnodes:\n");
        for (int i = 0; i < nodes.size(); i++) {
            NodeGen n = nodes.get(i);
            y.append("  - name: ").append(n.name).append('\n')
                    .append("    type: ").append(i == 0 ? "main" : "worker").append('\n')
                    .append("    provider: ").append(n.provider).append('\n')
                    .append("    resources: {cpu: ").append(n.cpu).append(", memory: ").append(n.memoryGi).append("Gi, disk: 500Gi}\n");
        }
        y.append("services:\n");
        for (ServiceGen s : services) {
            y.append("  - name: ").append(s.name).append('\n')
                    .append("    type: ").append(s.type).append('\n')
                    .append("    node: ").append(nodes.get(s.node).name).append('\n')
                    .append("    config: {image: \"").append(s.image).append("\"}\n")
                    .append("    resources: {memoryLimit: ").append(s.memoryMi).append("Mi, cpuLimit: \"0.5\"}\n")
                    .append("    restartPolicy: ").append(s.restart).append('\n')
                    .append("    network: {internal: {expose: true, port: 8080}}\n");
            if (!s.needs.isEmpty()) {
                y.append("    needs: [").append(String.join(", ", s.needs.stream().map(k -> services.get(k).name).toList())).append("]\n");
            }
        }
        if (!healthChecks) {
            y.append("observability:\n  health: {enabled: false}\n");
        }
        y.append("security:\n  firewall:\n    enabled: true\n    defaultInbound: deny\n    rules:\n      - {port: 443}\n");
        if (!firewallSource.equals("none")) {
            y.append("      - {port: 8080, source: ").append(firewallSource).append("}\n");
        }
        return y.toString();
    }

    List<String> sites() {
        return nodes.stream().map(n -> n.provider.equals("docker") ? "home" : n.provider).distinct().toList();
    }

    @Override
    public String toString() {
        return yaml();
    }
}
