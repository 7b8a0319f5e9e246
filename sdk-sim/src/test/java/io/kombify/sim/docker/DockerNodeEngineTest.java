package io.kombify.sim.docker;

import io.kombify.core.KombifyException;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.resolved.ResolvedNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs against a real Docker Engine. Where none answers the tests are skipped with the reason,
 * except on CI ({@code CI=true}), where a missing engine is a failure.
 */
class DockerNodeEngineTest {

    private static final String THREE_NODES = """
            name: docker-lab
            nodes:
              - name: hub
                type: main
                provider: docker
                resources: {cpu: 2, memory: 4Gi, disk: 40Gi}
              - name: worker-a
                type: worker
                provider: docker
                resources: {cpu: 1, memory: 1Gi, disk: 20Gi}
              - name: worker-b
                type: worker
                provider: docker
                resources: {cpu: 64, memory: 512Mi, disk: 20Gi}
            services:
              - name: db
                type: database
                node: hub
                config: {image: "postgres:17"}
            """;

    private final List<DockerNodeEngine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        engines.forEach(DockerNodeEngine::close);
    }

    private DockerNodeEngine engine() {
        return engine(DockerNodeEngine.builder());
    }

    private DockerNodeEngine engine(DockerNodeEngine.Builder builder) {
        try {
            DockerNodeEngine engine = builder.build();
            engines.add(engine);
            return engine;
        } catch (DockerUnavailableException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("Docker is required on CI: " + e.getMessage());
            }
            assumeTrue(false, "skipped: these tests need a running Docker Engine. " + e.getMessage());
            throw e;
        }
    }

    private static ResolvedSpec spec() {
        return SpecResolver.create().resolve(SpecReader.defaults().readString("docker-lab.yaml", THREE_NODES));
    }

    private static String runId() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void startsEveryNodeAsARunningLabelledContainerWithoutNetwork() {
        DockerNodeEngine engine = engine(DockerNodeEngine.builder().runId(runId()));
        List<NodeContainer> nodes = engine.startAll(spec());

        assertThat(nodes).extracting(NodeContainer::node).containsExactly("hub", "worker-a", "worker-b");
        assertThat(engine.containers()).extracting(NodeContainer::node)
                .containsExactlyInAnyOrder("hub", "worker-a", "worker-b");
        assertThat(engine.containers()).allSatisfy(c -> assertThat(c.runId()).isEqualTo(engine.runId()));
        for (NodeContainer node : nodes) {
            ContainerStatus status = engine.inspect(node);
            assertThat(status.running()).as(node.node()).isTrue();
            assertThat(status.hostname()).isEqualTo(node.node());
            assertThat(status.networkMode()).isEqualTo("none");
            assertThat(node.containerName()).isEqualTo("kombify-sim-" + engine.runId() + "-" + node.node());
        }
    }

    @Test
    void limitsEachContainerToItsNodesCpuAndMemory() {
        DockerNodeEngine engine = engine(DockerNodeEngine.builder().runId(runId()));
        ResolvedSpec spec = spec();
        List<NodeContainer> nodes = engine.startAll(spec);
        long hostNanos = engine.hostCpus() * 1_000_000_000L;

        for (NodeContainer node : nodes) {
            ResolvedNode declared = spec.node(node.node()).orElseThrow();
            long wanted = declared.cpu().millis() * 1_000_000L;
            ContainerStatus status = engine.inspect(node);
            assertThat(status.nanoCpus()).as(node.node()).isEqualTo(Math.min(wanted, hostNanos));
            assertThat(status.memoryBytes()).as(node.node()).isEqualTo(declared.memory().bytes());
            assertThat(node.cpuCapped()).as(node.node()).isEqualTo(wanted > hostNanos);
        }
        NodeContainer workerB = nodes.get(2);
        assertThat(engine.inspect(workerB).memoryBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(workerB.cpuCapped()).as("64 cores exceed any test host").isTrue();
    }

    @Test
    void execReturnsTheCommandsOutputAndExitCode() {
        DockerNodeEngine engine = engine(DockerNodeEngine.builder().runId(runId()));
        List<NodeContainer> nodes = engine.startAll(spec());
        NodeContainer hub = nodes.get(0);

        ExecResult echo = engine.exec(hub, "busybox", "echo", "hi");
        assertThat(echo.exitCode()).isZero();
        assertThat(echo.stdout()).isEqualTo("hi\n");
        assertThat(echo.stderr()).isEmpty();

        assertThat(engine.exec(nodes.get(1), "busybox", "hostname").stdout().strip()).isEqualTo("worker-a");
        assertThat(engine.exec(hub, "busybox", "cat", "/proc/1/cmdline").stdout()).startsWith("/bin/busybox\0sh\0");

        ExecResult failing = engine.exec(hub, "sh", "-c", "echo broken >&2; exit 3");
        assertThat(failing.exitCode()).isEqualTo(3);
        assertThat(failing.succeeded()).isFalse();
        assertThat(failing.stderr()).isEqualTo("broken\n");
    }

    @Test
    void stopsRestartsAndDestroysANode() {
        DockerNodeEngine engine = engine(DockerNodeEngine.builder().runId(runId()));
        NodeContainer hub = engine.create(spec().nodes().get(0));
        assertThat(engine.inspect(hub).running()).isFalse();

        engine.start(hub);
        assertThat(engine.inspect(hub).running()).isTrue();
        long stopStart = System.nanoTime();
        engine.stop(hub);
        assertThat(engine.inspect(hub).running()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - stopStart)).as("stopped on SIGTERM, not killed after the timeout")
                .isLessThan(Duration.ofMillis(1500));
        engine.stop(hub);
        engine.start(hub);
        assertThat(engine.exec(hub, "busybox", "true").exitCode()).isZero();

        engine.destroy(hub);
        assertThat(engine.containers()).isEmpty();
        engine.destroy(hub);
        assertThatThrownBy(() -> engine.inspect(hub))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.code()).isEqualTo("DOCKER_ERROR"))
                .hasMessageContaining("inspect node hub");
    }

    @Test
    void cleanupByLabelLeavesNothingOfTheRun() {
        DockerNodeEngine engine = engine(DockerNodeEngine.builder().runId(runId()));
        engine.startAll(spec());
        assertThat(engine.containers()).hasSize(3);

        assertThat(engine.removeRun()).isEqualTo(3);

        assertThat(engine.containers()).isEmpty();
        assertThat(engine.allRunsContainers()).noneMatch(c -> c.runId().equals(engine.runId()));
    }

    @Test
    void closingAnEngineRemovesItsContainersButNotOtherRuns() {
        DockerNodeEngine observer = engine(DockerNodeEngine.builder().runId(runId()));
        NodeContainer kept = observer.create(spec().nodes().get(1));
        DockerNodeEngine closing = DockerNodeEngine.builder().runId(runId()).build();
        closing.startAll(spec());
        String closedRun = closing.runId();

        closing.close();
        closing.close();

        assertThat(observer.allRunsContainers()).noneMatch(c -> c.runId().equals(closedRun));
        assertThat(observer.containers()).containsExactly(kept);
        assertThatThrownBy(closing::containers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAbsentSocketGivesAClearDiagnosticOfWhatWasTried() {
        String socket = "/nonexistent/kombify/docker.sock";

        assertThatThrownBy(() -> DockerNodeEngine.builder().dockerHost("unix://" + socket).build())
                .isInstanceOfSatisfying(DockerUnavailableException.class, e -> {
                    assertThat(e.code()).isEqualTo("DOCKER_UNAVAILABLE");
                    assertThat(e.tried()).containsExactly("unix://" + socket + ": no such socket");
                })
                .hasMessageContaining("no Docker Engine answered")
                .hasMessageContaining(socket)
                .hasMessageContaining("apt-get install docker.io");
    }

    @Test
    void anUnreachableDockerHostIsNamedAsComingFromTheEnvironment() {
        assertThatThrownBy(() -> DockerNodeEngine.builder()
                .environment(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"))
                .build())
                .isInstanceOfSatisfying(DockerUnavailableException.class, e ->
                        assertThat(e.tried()).singleElement().asString()
                                .startsWith("tcp://127.0.0.1:1 (DOCKER_HOST): "))
                .hasMessageContaining("DOCKER_HOST");
    }

    @Test
    void aMissingBusyboxIsReportedWhenTheImageMustBeBuilt() {
        DockerNodeEngine engine = engine(DockerNodeEngine.builder().runId(runId())
                .nodeImage("kombify-sim-node:absent-" + runId())
                .busybox(Path.of("/nonexistent/bin/busybox")));

        assertThatThrownBy(() -> engine.create(spec().nodes().get(0)))
                .isInstanceOfSatisfying(KombifyException.class,
                        e -> assertThat(e.code()).isEqualTo("DOCKER_IMAGE_UNAVAILABLE"))
                .hasMessageContaining("/nonexistent/bin/busybox")
                .hasMessageContaining("busybox-static")
                .hasMessageContaining("never pulled");
        assertThat(engine.containers()).isEmpty();
    }

    @Test
    void buildsTheNodeImageFromScratchWhenItIsMissing() {
        DockerNodeEngine engine = engine(DockerNodeEngine.builder().runId(runId())
                .nodeImage("kombify-sim-node:fresh-" + runId()));
        try {
            NodeContainer hub = engine.create(spec().nodes().get(0));
            engine.start(hub);

            assertThat(engine.exec(hub, "echo", "applets installed").stdout()).isEqualTo("applets installed\n");
            assertThat(engine.exec(hub, "busybox", "ls", "/").stdout().split("\\s+"))
                    .as("nothing but busybox and the runtime's mounts")
                    .contains("bin", "proc")
                    .doesNotContain("usr", "lib");
        } finally {
            engine.removeRun();
            engine.removeNodeImage();
        }
    }
}
