package io.kombify.deploy.executor;

import static io.kombify.deploy.executor.Fixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ExecutorProperties {

    /** Per node, picks among the earlier nodes for its dependencies. */
    @Provide
    Arbitrary<List<List<Integer>>> dags() {
        return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(3).list().ofMinSize(1).ofMaxSize(24);
    }

    private static ResourceGraph graphOf(List<List<Integer>> picks) {
        ResourceGraph.Builder b = ResourceGraph.builder("lab", "h");
        for (int i = 0; i < picks.size(); i++) {
            Set<ResourceId> deps = new TreeSet<>();
            if (i > 0) {
                for (int pick : picks.get(i)) {
                    deps.add(node(pick % i));
                }
            }
            b.add(new Resource(node(i), i % 3 == 0 ? "hetzner" : "docker", Map.of("n", i), deps));
        }
        return b.build();
    }

    private static ResourceId node(int i) {
        return ResourceId.of(ResourceType.CONTAINER, "n" + i);
    }

    @Property(tries = 60)
    void appliesInDependencyOrderWithAtMostParallelismCallsAtOnce(
            @ForAll("dags") List<List<Integer>> picks, @ForAll @IntRange(min = 1, max = 4) int parallelism) {
        FakeProvider docker = FakeProvider.of("docker", ResourceType.CONTAINER).latency(Duration.ofMillis(1));
        FakeProvider hetzner = FakeProvider.of("hetzner", ResourceType.CONTAINER).latency(Duration.ofMillis(1));
        Harness h = new Harness(docker, hetzner);
        ResourceGraph g = graphOf(picks);

        ApplyResult created = h.apply(g, options(parallelism));

        assertThat(created.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(created.state().resources()).hasSize(g.size());
        List<FakeProvider.Call> creates = calls("create", docker, hetzner);
        assertThat(creates).hasSize(g.size());
        assertThat(maxOverlap(creates)).isLessThanOrEqualTo(parallelism);
        Map<ResourceId, FakeProvider.Call> byId = byId(creates);
        for (Resource r : g.resources()) {
            for (ResourceId dep : r.dependsOn()) {
                assertThat(byId.get(dep).endSeq()).as("%s created before %s", dep, r.id())
                        .isLessThan(byId.get(r.id()).startSeq());
            }
        }

        ApplyResult destroyed = h.destroy(options(parallelism));

        assertThat(destroyed.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(destroyed.state().resources()).isEmpty();
        List<FakeProvider.Call> deletes = calls("delete", docker, hetzner);
        assertThat(maxOverlap(deletes)).isLessThanOrEqualTo(parallelism);
        Map<ResourceId, FakeProvider.Call> deleted = byId(deletes);
        for (Resource r : g.resources()) {
            for (ResourceId dep : r.dependsOn()) {
                assertThat(deleted.get(r.id()).endSeq()).as("%s deleted before %s", r.id(), dep)
                        .isLessThan(deleted.get(dep).startSeq());
            }
        }
        assertThat(docker.objects()).isEmpty();
        assertThat(hetzner.objects()).isEmpty();
    }

    private static List<FakeProvider.Call> calls(String kind, FakeProvider... providers) {
        List<FakeProvider.Call> out = new ArrayList<>();
        for (FakeProvider p : providers) {
            out.addAll(p.calls(kind));
        }
        return out;
    }

    private static Map<ResourceId, FakeProvider.Call> byId(List<FakeProvider.Call> calls) {
        Map<ResourceId, FakeProvider.Call> out = new HashMap<>();
        calls.forEach(c -> assertThat(out.put(c.id(), c)).as("one call for %s", c.id()).isNull());
        return out;
    }

    /** The most calls that overlapped, from their global start and end sequence numbers. */
    private static int maxOverlap(List<FakeProvider.Call> calls) {
        List<long[]> marks = new ArrayList<>();
        for (FakeProvider.Call c : calls) {
            marks.add(new long[] {c.startSeq(), 1});
            marks.add(new long[] {c.endSeq(), -1});
        }
        marks.sort((a, b) -> Long.compare(a[0], b[0]));
        int now = 0;
        int max = 0;
        for (long[] m : marks) {
            now += (int) m[1];
            max = Math.max(max, now);
        }
        return max;
    }
}
