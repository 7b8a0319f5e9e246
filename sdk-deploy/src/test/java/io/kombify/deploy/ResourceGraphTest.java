package io.kombify.deploy;

import io.kombify.core.KombifyException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceGraphTest {

    private static final ResourceId A = ResourceId.parse("volume.a");
    private static final ResourceId B = ResourceId.parse("container.b");
    private static final ResourceId C = ResourceId.parse("proxy_route.c");

    private static Resource r(ResourceId id, ResourceId... deps) {
        return new Resource(id, "docker", Map.of("name", id.name()), Set.of(deps));
    }

    @Test
    void refusesADependencyOnAResourceNotYetAddedSoNoCycleCanBeBuilt() {
        ResourceGraph.Builder builder = ResourceGraph.builder("lab", "h");

        // b -> a and a -> b: whichever comes first names a resource the graph does not hold yet.
        assertThatThrownBy(() -> builder.add(r(B, A))).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("RESOURCE_DEPENDENCY_UNKNOWN");
            assertThat(e.getMessage()).isEqualTo("container.b depends on [volume.a], which the graph does not hold yet; "
                    + "add dependencies before their dependents");
        });
        builder.add(r(A));
        builder.add(r(B, A));
        // The only way to close the cycle would be to add a again, now depending on b: refused as a duplicate.
        assertThatThrownBy(() -> builder.add(r(A, B))).isInstanceOfSatisfying(KombifyException.class,
                e -> assertThat(e.code()).isEqualTo("RESOURCE_DUPLICATE"));
        assertThatThrownBy(() -> r(C, C)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depends on itself");

        ResourceGraph graph = builder.build();
        assertThat(graph.resources()).extracting(Resource::id).containsExactly(A, B);
        assertThat(graph.resource(A).orElseThrow().dependsOn()).isEmpty();
    }

    @Test
    void answersDependenciesAndDependentsBothWays() {
        ResourceGraph graph = ResourceGraph.builder("lab", "h").add(r(A)).add(r(B, A)).add(r(C, B)).build();

        assertThat(graph.dependencies(C)).containsExactly(B);
        assertThat(graph.dependents(A)).containsExactly(B);
        assertThat(graph.withDependencies(List.of(C))).containsExactlyInAnyOrder(A, B, C);
        assertThat(graph.withDependents(List.of(A))).containsExactlyInAnyOrder(A, B, C);
        assertThat(graph.withDependents(List.of(C))).containsExactly(C);
        assertThat(graph.size()).isEqualTo(3);
    }

    @Test
    void graphsWithTheSameResourcesInTheSameOrderAreEqual() {
        ResourceGraph one = ResourceGraph.builder("lab", "h").add(r(A)).add(r(B, A)).build();
        ResourceGraph two = ResourceGraph.builder("lab", "h").add(r(A)).add(r(B, A)).build();
        ResourceGraph otherHash = ResourceGraph.builder("lab", "h2").add(r(A)).add(r(B, A)).build();
        ResourceGraph otherAttributes = ResourceGraph.builder("lab", "h").add(r(A))
                .add(new Resource(B, "docker", Map.of("name", "x"), Set.of(A))).build();

        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two).isNotEqualTo(otherHash).isNotEqualTo(otherAttributes);
        assertThat(one.toString()).contains("lab", "container.b");
    }
}
