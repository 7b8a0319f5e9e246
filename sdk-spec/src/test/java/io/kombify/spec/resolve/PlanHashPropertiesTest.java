package io.kombify.spec.resolve;

import io.kombify.spec.ResolvedSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PlanHashPropertiesTest {
    private static final Dump DUMP = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());

    /** A generated spec as a plain tree, plus a seed for shuffling its keys. */
    record Case(Map<String, Object> tree, long seed) {
    }

    @Property(tries = 60)
    void planHashIsInvariantUnderKeyOrder(@ForAll("specs") Case c) {
        String original = DUMP.dumpToString(c.tree());
        String shuffled = DUMP.dumpToString(shuffle(c.tree(), new Random(c.seed())));
        ResolvedSpec a = SpecResolverTest.resolve(original);
        ResolvedSpec b = SpecResolverTest.resolve(shuffled);
        assertThat(b.planHash()).as("%s%n---%n%s", original, shuffled).isEqualTo(a.planHash());
    }

    @Property(tries = 40)
    void planHashChangesWhenANodeChanges(@ForAll("specs") Case c) {
        ResolvedSpec before = SpecResolverTest.resolve(DUMP.dumpToString(c.tree()));
        Map<String, Object> changed = deepCopy(c.tree());
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) ((List<Object>) changed.get("nodes")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> resources = (Map<String, Object>) node.get("resources");
        resources.put("cpu", (Integer) resources.get("cpu") + 1);
        ResolvedSpec after = SpecResolverTest.resolve(DUMP.dumpToString(changed));
        assertThat(after.planHash()).isNotEqualTo(before.planHash());
    }

    @Provide
    Arbitrary<Case> specs() {
        Arbitrary<Integer> nodeCount = Arbitraries.integers().between(1, 4);
        Arbitrary<Integer> serviceCount = Arbitraries.integers().between(0, 6);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(nodeCount, serviceCount, seeds, seeds)
                .as((n, s, content, shuffle) -> new Case(spec(n, s, new Random(content)), shuffle));
    }

    private static Map<String, Object> spec(int nodes, int services, Random random) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", "lab-" + random.nextInt(1000));
        List<Object> nodeList = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", "node-" + i);
            node.put("type", i == 0 || random.nextBoolean() ? "main" : "worker");
            node.put("provider", random.nextBoolean() ? "local" : "proxmox");
            Map<String, Object> resources = new LinkedHashMap<>();
            resources.put("cpu", 2 + random.nextInt(14));
            int gib = 2 + random.nextInt(30);
            resources.put("memory", random.nextBoolean() ? gib + "Gi" : (gib * 1024) + "Mi");
            resources.put("disk", (20 + random.nextInt(500)) + "Gi");
            node.put("resources", resources);
            Map<String, Object> labels = new LinkedHashMap<>();
            for (int l = random.nextInt(4); l > 0; l--) {
                labels.put("label-" + random.nextInt(20), "v" + random.nextInt(5));
            }
            node.put("labels", labels);
            if (random.nextBoolean()) {
                Map<String, Object> ssh = new LinkedHashMap<>();
                ssh.put("host", "10.0.0." + (i + 1));
                ssh.put("user", "ops");
                node.put("ssh", ssh);
            }
            nodeList.add(node);
        }
        spec.put("nodes", nodeList);
        List<Object> serviceList = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("name", "svc-" + i);
            service.put("type", random.nextBoolean() ? "custom" : "service");
            if (random.nextInt(3) == 0) {
                service.put("node", "node-" + random.nextInt(nodes));
            }
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("image", "registry.local/svc-" + i + ":" + random.nextInt(9));
            config.put("replicas", 1 + random.nextInt(3));
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("alpha", random.nextBoolean());
            nested.put("beta", "b" + random.nextInt(9));
            nested.put("gamma", List.of(1, 2, random.nextInt(9)));
            config.put("nested", nested);
            service.put("config", config);
            Map<String, Object> port = new LinkedHashMap<>();
            // 8000..8899 stays clear of the ports the validator reserves for the platform.
            port.put("container", 8000 + random.nextInt(900));
            if (random.nextBoolean()) {
                port.put("protocol", random.nextBoolean() ? "tcp" : "udp");
            }
            service.put("ports", List.of(port));
            Map<String, Object> env = new LinkedHashMap<>();
            for (int e = random.nextInt(4); e > 0; e--) {
                env.put("VAR_" + random.nextInt(20), "x" + random.nextInt(5));
            }
            service.put("environment", env);
            Map<String, Object> resources = new LinkedHashMap<>();
            resources.put("cpuLimit", "0." + (1 + random.nextInt(9)));
            resources.put("memoryLimit", (64 * (1 + random.nextInt(8))) + "Mi");
            service.put("resources", resources);
            serviceList.add(service);
        }
        spec.put("services", serviceList);
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("domain", "home.example.com");
        network.put("vpn", random.nextBoolean() ? "headscale" : "none");
        spec.put("network", network);
        return spec;
    }

    @SuppressWarnings("unchecked")
    private static Object shuffleValue(Object value, Random random) {
        if (value instanceof Map<?, ?> m) {
            return shuffle((Map<String, Object>) m, random);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(shuffleValue(o, random));
            }
            return out;
        }
        return value;
    }

    private static Map<String, Object> shuffle(Map<String, Object> map, Random random) {
        List<String> keys = new ArrayList<>(map.keySet());
        Collections.shuffle(keys, random);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys) {
            out.put(k, shuffleValue(map.get(k), random));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, copyValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return deepCopy((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(o -> out.add(copyValue(o)));
            return out;
        }
        return v;
    }
}
