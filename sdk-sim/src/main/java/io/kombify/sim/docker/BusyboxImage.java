package io.kombify.sim.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.kombify.core.KombifyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A small image for tests and simulations, built on the engine itself and never pulled: {@code FROM
 * scratch}, a static busybox at {@code /bin/busybox} with its applets linked into {@code /bin}
 * ({@code PATH=/bin}), and a command that sleeps until it is stopped and stops at once on
 * {@code SIGTERM}. Each image built here carries the label {@link #LABEL}, so
 * {@code docker image ls --filter label=io.kombify.busybox-image} lists them.
 *
 * <p>Stateless and thread-safe; two threads that build the same tag at once both succeed.
 */
public final class BusyboxImage {
    /** The label of every image built here. */
    public static final String LABEL = "io.kombify.busybox-image";
    /** Where Debian's {@code busybox-static} installs the static busybox. */
    public static final Path DEFAULT_BUSYBOX = Path.of("/bin/busybox");

    private BusyboxImage() {
    }

    /** {@link #ensure(DockerClient, String, Path, Map)} from {@link #DEFAULT_BUSYBOX}, without labels of its own. */
    public static boolean ensure(DockerClient client, String tag) {
        return ensure(client, tag, DEFAULT_BUSYBOX, Map.of());
    }

    /**
     * Makes sure the engine of {@code client} has the image {@code tag}, building it from
     * {@code busybox} when it has not (with {@link #LABEL} and {@code labels}).
     *
     * @return whether the image was built
     * @throws KombifyException {@code DOCKER_IMAGE_UNAVAILABLE} when the image must be built and
     *                          {@code busybox} is no file, {@code IO_ERROR} when the build context
     *                          cannot be written; failures of Docker itself are docker-java's exceptions
     */
    public static boolean ensure(DockerClient client, String tag, Path busybox, Map<String, String> labels) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(busybox, "busybox");
        Objects.requireNonNull(labels, "labels");
        try {
            client.inspectImageCmd(tag).exec();
            return false;
        } catch (NotFoundException missing) {
            // built below
        }
        if (!Files.isRegularFile(busybox)) {
            throw new KombifyException("DOCKER_IMAGE_UNAVAILABLE", "cannot build the image " + tag + ": no static busybox at "
                    + busybox + " (Debian: apt-get install busybox-static); the image is built locally and never pulled");
        }
        Path context;
        try {
            context = Files.createTempDirectory("kombify-busybox-image");
        } catch (IOException e) {
            throw new KombifyException("IO_ERROR", "cannot create a build context for " + tag + ": " + e.getMessage(), e);
        }
        try {
            Files.copy(busybox, context.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            // Exec-form RUN needs no shell, so the image stays FROM scratch with busybox's applets as commands.
            Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                    "FROM scratch",
                    "COPY busybox /bin/busybox",
                    "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]",
                    "ENV PATH=/bin",
                    // PID 1 gets no default signal handlers, so a bare `sleep` would ignore SIGTERM and
                    // every stop would wait for the kill timeout; the trap makes stops immediate.
                    "CMD [\"/bin/busybox\", \"sh\", \"-c\", \"trap 'exit 0' TERM; sleep infinity & wait\"]",
                    ""));
            Map<String, String> all = new LinkedHashMap<>(labels);
            all.put(LABEL, "true");
            client.buildImageCmd(context.toFile())
                    .withTags(Set.of(tag))
                    .withPull(false)
                    .withNetworkMode("none")
                    .withLabels(all)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId();
            return true;
        } catch (IOException e) {
            throw new KombifyException("IO_ERROR", "cannot prepare the build context for " + tag + ": " + e.getMessage(), e);
        } finally {
            deleteTree(context);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // A leftover temp directory is harmless.
        }
    }
}
