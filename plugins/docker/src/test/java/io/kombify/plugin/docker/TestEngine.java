package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.sim.docker.BusyboxImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The Docker Engine the tests run against ({@code DOCKER_HOST}, else the local socket), the
 * test image built there {@code FROM scratch} around Debian's static busybox (nothing is ever
 * pulled), and what a test needs to see and clean up what a stack left. Without an engine the
 * tests are skipped with the reason, except on CI ({@code CI=true}), where that is a failure.
 */
final class TestEngine implements AutoCloseable {

    /** The image the tests' containers run. */
    static final String IMAGE = "kombify-test/busybox:1";
    /** A command that stops at once on SIGTERM (a bare sleep as PID 1 ignores it). */
    static final List<String> SLEEP = List.of("sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait");

    private static final Path BUSYBOX = BusyboxImage.DEFAULT_BUSYBOX;

    private final DockerSettings settings;
    private final DockerClient client;

    private TestEngine(DockerSettings settings, DockerClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** Connects and makes sure the test image exists, or skips (fails on CI) saying what is missing. */
    static TestEngine start() {
        DockerSettings settings = DockerSettings.from(new ProviderConfig(Map.of(), System.getenv(), SecretResolver.NONE,
                Optional.empty()));
        DockerClient client = Engines.open(settings, settings.defaultEndpoint(), UnaryOperator.identity());
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            close(client);
            missing("a running Docker Engine at " + settings.defaultEndpoint() + " (" + DockerFailures.describe(
                    DockerFailures.rootCause(e)) + "); install Debian's docker.io and start dockerd, or set DOCKER_HOST");
        }
        if (!Files.isRegularFile(BUSYBOX)) {
            close(client);
            missing("a static busybox at " + BUSYBOX + " to build the test image (Debian: apt-get install busybox-static)");
        }
        TestEngine engine = new TestEngine(settings, client);
        engine.ensureImage();
        return engine;
    }

    /** Skips the test saying what it needs, or fails it on CI ({@code CI=true}). */
    static void missing(String what) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("these tests need " + what);
        }
        assumeTrue(false, "skipped: these tests need " + what);
    }

    DockerSettings settings() {
        return settings;
    }

    DockerClient client() {
        return client;
    }

    /** A stack name no other test uses. */
    static String newStack() {
        return "kt-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The ids of the containers, networks and volumes labelled with {@code stack} (volume ids are their names). */
    List<String> inventory(String stack) {
        List<String> ids = new ArrayList<>();
        containers(stack).forEach(c -> ids.add(c.getId()));
        networks(stack).forEach(n -> ids.add(n.getId()));
        ids.addAll(volumes(stack));
        return ids;
    }

    List<Container> containers(String stack) {
        return client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ProviderContext.LABEL_STACK, stack)).exec();
    }

    List<Network> networks(String stack) {
        return client.listNetworksCmd().withFilter("label", List.of(ProviderContext.LABEL_STACK + "=" + stack)).exec();
    }

    List<String> volumes(String stack) {
        var volumes = client.listVolumesCmd().withFilter("label", List.of(ProviderContext.LABEL_STACK + "=" + stack))
                .exec().getVolumes();
        return volumes == null ? List.of() : volumes.stream().map(v -> v.getName()).toList();
    }

    /** Removes whatever {@code stack} left, containers first. */
    void removeStack(String stack) {
        List<String> carried = new ArrayList<>();
        for (Container c : containers(stack)) {
            carried.addAll(Labels.lines(c.getLabels() == null ? null : c.getLabels().get(Labels.CARRIED_VOLUMES)));
            quietly(() -> client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
        }
        carried.forEach(v -> quietly(() -> client.removeVolumeCmd(v).exec()));
        for (Network n : networks(stack)) {
            quietly(() -> client.removeNetworkCmd(n.getId()).exec());
        }
        for (String v : volumes(stack)) {
            quietly(() -> client.removeVolumeCmd(v).exec());
        }
    }

    @Override
    public void close() {
        close(client);
    }

    private void ensureImage() {
        synchronized (TestEngine.class) {
            BusyboxImage.ensure(client, IMAGE, BUSYBOX, Map.of("kombify.io/test-image", "true"));
        }
    }

    /**
     * An image {@code FROM} the test image that declares {@code VOLUME path}, so that Docker gives
     * each of its containers an anonymous volume there; built once, nothing pulled.
     */
    String imageWithVolume(String path) {
        String tag = "kombify-test/busybox-volume:" + Integer.toHexString(path.hashCode());
        synchronized (TestEngine.class) {
            try {
                client.inspectImageCmd(tag).exec();
                return tag;
            } catch (NotFoundException missing) {
                // built below
            }
            Path context = null;
            try {
                context = Files.createTempDirectory("kombify-test-image");
                Files.writeString(context.resolve("Dockerfile"), "FROM " + IMAGE + "\nVOLUME " + path + "\n");
                client.buildImageCmd(context.toFile()).withTags(Set.of(tag)).withPull(false).withNetworkMode("none")
                        .withLabels(Map.of("kombify.io/test-image", "true"))
                        .exec(new BuildImageResultCallback()).awaitImageId();
                return tag;
            } catch (IOException e) {
                throw new IllegalStateException("cannot prepare the build of " + tag, e);
            } finally {
                deleteTree(context);
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException ignored) {
            // best effort clean-up
        }
    }

    private static void close(DockerClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing to release that matters
        }
    }
}
