package io.kombify.spec;

import io.kombify.spec.internal.SpecTree;
import io.kombify.spec.model.DnsConfig;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Metadata;
import io.kombify.spec.model.NetworkConfig;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Provider;
import io.kombify.spec.model.SshConfig;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpecWriterTest {
    private static Kombination spec(Metadata metadata, NetworkConfig network) {
        Node nas = new Node("nas", NodeType.MAIN, Provider.LOCAL, new SshConfig("192.168.1.10", 22, null, "~/.ssh/id"), null,
                Map.of("zone", "home"), List.of());
        return new Kombination("my-lab", "1.0", null, List.of(nas), List.of(), null, null, network, null, null, List.of(), metadata);
    }

    @Test
    void writesOnlyWhatTheModelHoldsInFieldOrder() {
        String yaml = SpecWriter.yaml().write(spec(null, null));

        assertThat(yaml).isEqualTo(String.join("\n",
                "name: my-lab",
                "version: \"1.0\"",
                "nodes:",
                "  - name: nas",
                "    type: main",
                "    provider: local",
                "    ssh:",
                "      host: \"192.168.1.10\"",
                "      port: 22",
                "      key_path: ~/.ssh/id",
                "    labels:",
                "      zone: home",
                ""));
    }

    @Test
    void quotesTextThatWouldReadBackAsSomethingElse() {
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String s : List.of("1.0", "yes", "on", "null", "0123", "a: b", "x #y", "#c", "", "true", "~", "-1", " pad", "it's")) {
            extra.put("k" + extra.size(), s);
        }
        String yaml = SpecWriter.yaml().write(spec(new Metadata(null, null, null, null, List.of(), extra), null));

        assertThat(yaml).contains(
                "  k0: \"1.0\"\n", "  k1: \"yes\"\n", "  k2: \"on\"\n", "  k3: \"null\"\n", "  k4: \"0123\"\n",
                "  k5: \"a: b\"\n", "  k6: \"x #y\"\n", "  k7: \"#c\"\n", "  k8: \"\"\n", "  k9: \"true\"\n", "  k10: \"~\"\n",
                "  k11: \"-1\"\n", "  k12: \" pad\"\n", "  k13: it's\n");
        SpecDocument back = SpecReader.defaults().readString("k.yaml", yaml);
        assertThat(back.diagnostics()).isEmpty();
        assertThat(back.spec().metadata().extra()).isEqualTo(extra);
    }

    @Test
    void keepsAnEmptyListWhereEmptyDiffersFromAbsent() {
        String empty = SpecWriter.yaml().write(spec(null, new NetworkConfig(null, null, new DnsConfig(List.of(), null), null, null)));
        String absent = SpecWriter.yaml().write(spec(null, new NetworkConfig(null, null, new DnsConfig(null, null), null, null)));

        assertThat(empty).endsWith("network:\n  dns:\n    servers: []\n");
        assertThat(absent).endsWith("network:\n  dns: {}\n");
    }

    @Test
    void writesOpenValuesNestedAndEmpty() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("list", List.of(List.of(1L, 2L), Map.of("a", "b"), List.of()));
        extra.put("map", Map.of());
        extra.put("nothing", null);
        String yaml = SpecWriter.yaml().write(spec(new Metadata(null, null, null, null, List.of(), extra), null));

        assertThat(yaml).endsWith(String.join("\n",
                "metadata:",
                "  list:",
                "    -",
                "      - 1",
                "      - 2",
                "    - a: b",
                "    - []",
                "  map: {}",
                "  nothing: null",
                ""));
        assertThat(SpecReader.defaults().readString("k.yaml", yaml).spec().metadata().extra()).isEqualTo(extra);
    }

    @Test
    void writesJson() {
        String json = SpecWriter.json().write(spec(null, null));

        assertThat(json).startsWith("{\n  \"name\": \"my-lab\",\n  \"version\": \"1.0\",\n  \"nodes\": [\n    {\n      \"name\": \"nas\",");
        assertThat(SpecReader.defaults().readString("k.json", json).spec()).isEqualTo(spec(null, null));
    }

    @Test
    void treeUsesSpecNamesAndOmitsAbsentFields() {
        LinkedHashMap<String, Object> tree = SpecTree.toTree(spec(null, null));

        assertThat(tree.keySet()).containsExactly("name", "version", "nodes");
        @SuppressWarnings("unchecked")
        Map<String, Object> node = ((List<Map<String, Object>>) tree.get("nodes")).get(0);
        assertThat(node).containsEntry("type", "main");
        assertThat(castMap(node.get("ssh"))).containsEntry("key_path", "~/.ssh/id").containsEntry("port", 22);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
