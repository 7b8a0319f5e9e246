package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.kombify.deploy.spi.ProviderContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin as a user runs it: installed with {@code kombify plugins install}, then
 * {@code kombify apply}, {@code plan}, {@code drift} and {@code destroy} run as processes of the
 * built {@code kombify.jar} on the sample made for it, {@code samples/specs/docker-busybox-lab.yaml}
 * (a local node and three services), against the real Docker Engine, with the sample's image built
 * as its header says. Runs after {@code package} (failsafe), which passes the archive as
 * {@code plugin.archive} and the command as {@code kombify.jar}.
 */
class DockerEndToEndIT {

    private static final String CANARY = "canary-" + UUID.randomUUID();
    /** The sample's stack, image and published port. */
    private static final String SAMPLE_STACK = "busybox-lab";
    private static final String SAMPLE_IMAGE = "kombify-sample/busybox:1";
    private static final int SAMPLE_PORT = 18480;
    private static final Duration LOCK_WAIT = Duration.ofMinutes(5);

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path plugins;
    private TestEngine engine;
    private String stack;
    private FileChannel lockFile;

    @BeforeAll
    static void installThePlugin() throws Exception {
        TestEngine.start().close();
        plugins = shared.resolve("plugins");
        Result install = kombify(shared, "plugins", "install", archive().toString(), "--plugins-dir", plugins.toString());
        assertThat(install.status()).as(install.err()).isZero();
        assertThat(install.out()).contains("installed docker 0.1.0");
    }

    @BeforeEach
    void connect() {
        engine = TestEngine.start();
        stack = TestEngine.newStack();
    }

    @AfterEach
    void removeWhatTheStackLeft() throws IOException {
        try {
            if (engine != null) {
                engine.removeStack(stack);
                engine.close();
            }
        } finally {
            if (lockFile != null) {
                lockFile.close();
            }
        }
    }

    @Test
    void theDockerSampleIsAppliedPlannedRepairedAfterDriftAndDestroyed() throws Exception {
        Path sample = root().resolve("samples/specs/docker-busybox-lab.yaml");
        String text = Files.readString(sample);
        assertThat(text).as("the sample this test expects").contains("name: " + SAMPLE_STACK).contains("host: " + SAMPLE_PORT);
        buildTheSampleImageAsItsHeaderSays(text);
        holdTheSampleStack();
        Path state = dir.resolve("state");

        Result apply = deploy("apply", sample, state, "--auto-approve");
        assertThat(apply.status()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("Apply complete: 6 created, 0 updated, 0 deleted");

        List<Container> containers = engine.containers(stack);
        assertThat(containers).extracting(c -> c.getLabels().get(ProviderContext.LABEL_RESOURCE))
                .containsExactlyInAnyOrder("container.store", "container.web", "container.worker");
        assertThat(containers).allSatisfy(c -> {
            assertThat(c.getState()).isEqualTo("running");
            assertThat(c.getImage()).isEqualTo(SAMPLE_IMAGE);
        });
        InspectContainerResponse web = engine.client().inspectContainerCmd(stack + "-web").exec();
        assertThat(web.getConfig().getEnv()).contains("GREETING=busybox-lab");
        assertThat(web.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(web.getHostConfig().getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(web.getHostConfig().getMemoryReservation()).isEqualTo(16L * 1024 * 1024);
        assertThat(web.getHostConfig().getRestartPolicy().getName()).isEqualTo("always");
        assertThat(web.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
        assertThat(web.getHostConfig().getCapDrop()).extracting(Enum::name).containsExactly("NET_RAW");
        Ports.Binding[] bound = web.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(8080));
        assertThat(bound).extracting(Ports.Binding::getHostPortSpec).containsExactly(String.valueOf(SAMPLE_PORT));
        assertThat(get("http://127.0.0.1:" + SAMPLE_PORT + "/")).as("the page web serves on its published port")
                .isEqualTo("hello from busybox-lab\n");
        InspectContainerResponse store = engine.client().inspectContainerCmd(stack + "-store").exec();
        assertThat(store.getConfig().getEnv()).contains("STORE_PASSWORD=" + CANARY, "STORE_NAME=lab");
        assertThat(store.getMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(stack + "-store-data");
            assertThat(m.getDestination().getPath()).isEqualTo("/data");
        });
        assertThat(engine.client().inspectContainerCmd(stack + "-worker").exec().getHostConfig().getRestartPolicy().getName())
                .isEqualTo("unless-stopped");
        assertThat(engine.networks(stack)).extracting(n -> n.getName()).containsExactly(stack + "-home");
        assertThat(engine.volumes(stack)).containsExactly(stack + "-store-data");

        Result plan = deploy("plan", sample, state);
        assertThat(plan.status()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("No changes: the infrastructure matches the spec.");

        engine.client().removeContainerCmd(stack + "-web").withForce(true).exec();
        Result drift = deploy("drift", sample, state);
        assertThat(drift.status()).as(drift.out() + drift.err()).isEqualTo(3);
        assertThat(drift.out()).contains("container.web: deleted outside kombify");

        Result repair = deploy("apply", sample, state, "--auto-approve");
        assertThat(repair.status()).as(repair.out() + repair.err()).isZero();
        assertThat(repair.out()).contains("Apply complete: 1 created, 0 updated, 0 deleted");
        assertThat(engine.client().inspectContainerCmd(stack + "-web").exec().getState().getRunning()).isTrue();

        Result destroy = deploy("destroy", sample, state, "--auto-approve");
        assertThat(destroy.status()).as(destroy.out() + destroy.err()).isZero();
        assertThat(destroy.out()).contains("Destroy complete: 0 created, 0 updated, 6 deleted");
        assertThat(engine.inventory(stack)).as("containers, networks and volumes of the stack after the destroy").isEmpty();

        for (Result r : List.of(apply, plan, drift, repair, destroy)) {
            assertThat(r.out() + r.err()).doesNotContain(CANARY);
        }
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as("%s", f).doesNotContain(CANARY);
            }
        }
    }

    @Test
    void anImageIsPulledOnlyWhenTheSpecAllowsItAndEachMissingOneFailsItsContainerWithWhatToDo() throws Exception {
        Path spec = write("kombination.yaml", """
                name: %s
                nodes:
                  - name: home
                    type: main
                    provider: local
                security:
                  firewall:
                    enabled: false
                services:
                %s
                  - name: app
                    type: custom
                    node: home
                    config:
                      image: kombify-test/not-built-here:1
                  - name: fetched
                    type: custom
                    node: home
                    config:
                      # A registry on a loopback port where nothing listens: the pull fails at once.
                      image: 127.0.0.1:1/kombify/none:1
                      pullPolicy: missing
                """.formatted(stack, withoutKitServices()));
        Path state = dir.resolve("state");

        Result apply = deploy("apply", spec, state, "--auto-approve");

        assertThat(apply.status()).as(apply.out() + apply.err()).isEqualTo(1);
        assertThat(apply.out()).contains("container.app: DOCKER_IMAGE_MISSING: image kombify-test/not-built-here:1 of "
                + "container.app is not on node home (").contains("docker build -t kombify-test/not-built-here:1")
                .contains("config.pullPolicy: missing on the service")
                .contains("--provider-setting docker.pullPolicy=missing");
        assertThat(apply.out()).contains("container.fetched: DOCKER_IMAGE_PULL_FAILED: could not pull image "
                + "127.0.0.1:1/kombify/none:1 for container.fetched onto node home").contains("connection refused");
        assertThat(engine.containers(stack)).as("containers of the stack").isEmpty();
    }

    /**
     * Runs the commands of the sample's header that build its image (the first block of indented
     * comment lines), as a user would, in a directory of their own: the instructions must build
     * the image without pulling anything.
     */
    private void buildTheSampleImageAsItsHeaderSays(String sample) throws IOException, InterruptedException {
        List<String> commands = new ArrayList<>();
        for (String line : sample.lines().toList()) {
            if (line.startsWith("#   ")) {
                commands.add(line.substring(4));
            } else if (!commands.isEmpty()) {
                break;
            }
        }
        assertThat(commands).as("the commands in the sample's header").isNotEmpty();
        assertThat(commands.get(commands.size() - 1)).startsWith("docker build").contains("-t " + SAMPLE_IMAGE);
        boolean cli = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "docker")));
        if (!cli) {
            TestEngine.missing("the docker command, to build the sample's image as its header says (Debian: apt-get install docker.io)");
        }
        Path build = Files.createDirectories(dir.resolve("sample-image"));
        Path out = build.resolve("build.log");
        Process p = new ProcessBuilder("sh", "-e", "-c", String.join("\n", commands)).directory(build.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the commands of the sample's header did not build its image within 3 minutes");
        }
        assertThat(p.exitValue()).as("the commands of the sample's header:%n%s%n%s", String.join("\n", commands),
                Files.readString(out)).isZero();
        assertThat(engine.client().inspectImageCmd(SAMPLE_IMAGE).exec().getId()).isNotBlank();
    }

    /**
     * Every run of the sample deploys the same stack on the same engine, so runs in other builds
     * on this machine take turns (a file lock); what another deployment of the sample left on the
     * engine is not touched but reported.
     */
    private void holdTheSampleStack() throws IOException, InterruptedException {
        lockFile = FileChannel.open(Path.of(System.getProperty("java.io.tmpdir"), "kombify-docker-busybox-lab.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (lockFile.tryLock() == null) {
            if (System.nanoTime() > deadline) {
                fail("another run of the Docker sample held its lock for more than " + LOCK_WAIT.toMinutes() + " minutes");
            }
            Thread.sleep(200);
        }
        assertThat(engine.inventory(SAMPLE_STACK)).as("containers, networks and volumes of stack " + SAMPLE_STACK
                + " already on this engine (the sample is deployed here, or a run was killed); remove them with kombify "
                + "destroy, or docker rm -f, docker network rm and docker volume rm of those labelled kombify.io/stack="
                + SAMPLE_STACK).isEmpty();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(SAMPLE_PORT));
        } catch (IOException e) {
            fail("port " + SAMPLE_PORT + ", which the sample publishes, is taken on this machine: " + e.getMessage());
        }
        stack = SAMPLE_STACK;
    }

    /** The body at {@code url}, asked until it answers (the web server takes a moment to listen) for at most 15 seconds. */
    private static String get(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || System.nanoTime() > deadline) {
                    return response.body();
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(200);
        }
    }

    private static Path root() {
        return Path.of(System.getProperty("kombify.root", "../..")).toAbsolutePath().normalize();
    }

    /** The default kit's own services, disabled: their images are not on this engine. */
    private static String withoutKitServices() {
        StringBuilder s = new StringBuilder();
        for (String[] kit : new String[][] {{"traefik", "reverse-proxy"}, {"dockge", "docker"}, {"dozzle", "monitoring"},
                {"beszel", "monitoring"}}) {
            s.append("  - {name: ").append(kit[0]).append(", type: ").append(kit[1]).append(", enabled: false}\n");
        }
        return s.toString().stripTrailing();
    }

    private Result deploy(String command, Path spec, Path state, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(command, spec.toString(), "--plugins-dir", plugins.toString(),
                "--state-dir", state.toString(), "--provider-setting", "docker.stopTimeout=2"));
        args.addAll(Arrays.asList(more));
        return kombify(dir, args.toArray(String[]::new));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Path archive() {
        String archive = System.getProperty("plugin.archive");
        assertThat(archive).as("system property plugin.archive (set by the build)").isNotBlank();
        assertThat(Path.of(archive)).as("the packaged plugin").isRegularFile();
        return Path.of(archive);
    }

    private static Path jar() {
        String jar = System.getProperty("kombify.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            String why = "the kombify command (" + jar + "), which the server module builds: ./mvnw -B package";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("this test needs " + why);
            }
            assumeTrue(false, "skipped: this test needs " + why);
        }
        return Path.of(jar);
    }

    private static Result kombify(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(Arrays.asList(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("KOMBIFY_SECRET_LAB_STORE_PASSWORD", CANARY);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("kombify " + String.join(" ", args) + " did not finish within 3 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    record Result(int status, String out, String err) {
    }
}
