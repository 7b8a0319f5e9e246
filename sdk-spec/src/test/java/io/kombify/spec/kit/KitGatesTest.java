package io.kombify.spec.kit;

import io.kombify.core.Diagnostic;
import io.kombify.core.Severity;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Provider;
import io.kombify.spec.model.ResourceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KitGatesTest {
    private final StackKitCatalog catalog = StackKitCatalog.builtIn();
    private final StackKit base = catalog.find("base-homelab").orElseThrow();
    private final StackKit ha = catalog.find("ha-homelab").orElseThrow();
    private final StackKit modern = catalog.find("modern-homelab").orElseThrow();

    private static Node node(String name, NodeType type, Integer cpu, String memory, String disk) {
        ResourceSpec r = cpu == null && memory == null && disk == null ? null : new ResourceSpec(cpu, memory, disk);
        return new Node(name, type, Provider.LOCAL, null, r, Map.of(), List.of());
    }

    private static Kombination spec(Node... nodes) {
        return StackKitCatalogTest.spec(null, nodes);
    }

    private static List<String> codes(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::code).toList();
    }

    @Test
    void aMainNodeWithSmartDefaultsFitsTheBaseKit() {
        assertThat(KitGates.check(spec(node("server", NodeType.MAIN, null, null, null)), base)).isEmpty();
    }

    @Test
    void resourcesBelowTheMinimumAreErrorsAtTheField() {
        List<Diagnostic> found = KitGates.check(spec(node("pi", NodeType.MAIN, 1, "1Gi", "8Gi")), base);
        assertThat(found).filteredOn(Diagnostic::isError).extracting(Diagnostic::code, Diagnostic::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("KIT_REQUIREMENT_UNMET", "/nodes/0/resources/cpu"),
                org.assertj.core.groups.Tuple.tuple("KIT_REQUIREMENT_UNMET", "/nodes/0/resources/memory"),
                org.assertj.core.groups.Tuple.tuple("KIT_REQUIREMENT_UNMET", "/nodes/0/resources/disk"));
        assertThat(found.get(0).message()).isEqualTo("node `pi` has `1` core of CPU; kit `base-homelab` needs at least `2` cores");
        assertThat(found.get(1).message()).isEqualTo("node `pi` has `1Gi` of memory; kit `base-homelab` needs at least `2Gi`");
        assertThat(found.get(0).hint()).contains("`cpu: 2` under `resources`");
    }

    @Test
    void resourcesBelowTheRecommendationAreWarnings() {
        List<Diagnostic> found = KitGates.check(spec(node("nuc", NodeType.MAIN, 2, "3Gi", "100Gi")), base);
        assertThat(found).allMatch(d -> d.severity() == Severity.WARNING);
        assertThat(codes(found)).containsExactly("KIT_RECOMMENDATION_UNMET", "KIT_RECOMMENDATION_UNMET");
        assertThat(found.get(1).message()).isEqualTo("node `nuc` has `3Gi` of memory; kit `base-homelab` recommends `4Gi`");
    }

    @Test
    void absentResourcesAreMeasuredByTheNodeTypeDefaults() {
        List<Diagnostic> found = KitGates.check(spec(node("edge", NodeType.EDGE, null, null, null)), base);
        assertThat(found).filteredOn(Diagnostic::isError).extracting(Diagnostic::path).containsOnly("/nodes/0");
        assertThat(found.get(0).message()).isEqualTo("node `edge` has `1` core of CPU (the `edge` default); kit `base-homelab` needs at least `2` cores");
    }

    @Test
    void onlyMainNodesCarryPerNodeRequirements() {
        assertThat(KitGates.check(spec(node("server", NodeType.MAIN, null, null, null),
                node("pi", NodeType.EDGE, 1, "512Mi", "8Gi")), base)).isEmpty();
    }

    @Test
    void aKitNeedingSeveralNodesRejectsOne() {
        List<Diagnostic> found = KitGates.check(spec(node("a", NodeType.MAIN, 8, "16Gi", "200Gi")), modern);
        assertThat(found).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("KIT_REQUIREMENT_UNMET", "/nodes"));
        assertThat(found.get(0).message()).isEqualTo("kit `modern-homelab` needs at least 2 nodes; the stack has 1");
    }

    @Test
    void haKitNeedsThreeNodes() {
        List<Diagnostic> found = KitGates.check(spec(node("a", NodeType.MAIN, 8, "16Gi", "256Gi")), ha);
        assertThat(codes(found)).contains("KIT_HA_TOO_FEW_NODES").doesNotContain("KIT_HA_EVEN_MANAGERS");
        assertThat(found).filteredOn(d -> d.code().equals("KIT_HA_TOO_FEW_NODES")).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo("kit `ha-homelab` needs at least 3 nodes for a quorum; the stack has 1"));
    }

    @Test
    void haKitRejectsAnEvenNumberOfManagers() {
        List<Diagnostic> found = KitGates.check(spec(
                node("m1", NodeType.MAIN, 8, "16Gi", "256Gi"), node("m2", NodeType.MAIN, 8, "16Gi", "256Gi"),
                node("w1", NodeType.WORKER, 8, "16Gi", "256Gi"), node("w2", NodeType.WORKER, 8, "16Gi", "256Gi"),
                node("w3", NodeType.WORKER, 8, "16Gi", "256Gi")), ha);
        assertThat(codes(found)).containsExactly("KIT_HA_EVEN_MANAGERS");
        assertThat(found.get(0).hint()).startsWith("use 1 or 3 main nodes");
    }

    @Test
    void haKitWithThreeStrongManagersPasses() {
        assertThat(KitGates.check(spec(
                node("m1", NodeType.MAIN, 8, "16Gi", "256Gi"), node("m2", NodeType.MAIN, 8, "16Gi", "256Gi"),
                node("m3", NodeType.MAIN, 8, "16Gi", "256Gi"), node("w1", NodeType.WORKER, null, null, null),
                node("w2", NodeType.WORKER, null, null, null)), ha)).isEmpty();
    }

    @Test
    void outOfRangeValuesNeverMakeTheGatesThrow() {
        List<Diagnostic> found = KitGates.check(spec(node("bad", NodeType.MAIN, -4, "lots", "-1Gi")), base);
        assertThat(found).as("the main defaults are measured instead").isEmpty();
    }
}
