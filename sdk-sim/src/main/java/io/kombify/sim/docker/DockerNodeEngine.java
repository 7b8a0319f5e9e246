package io.kombify.sim.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.kombify.core.KombifyException;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.resolved.ResolvedNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs simulated nodes as real Docker containers, the way upstream kombify Sim does: one
 * container per node, limited to the node's CPU and memory, without a network, labelled
 * {@code io.kombify.sim=true}, {@code io.kombify.sim.run=<run id>} and
 * {@code io.kombify.sim.node=<name>} so that they can be found and removed. Use it when a test
 * needs real processes (exec a command on a node); the in-memory {@link io.kombify.sim.Simulation}
 * is the fast, deterministic choice for everything else.
 *
 * <p>{@link #connect()} finds an engine ({@code DOCKER_HOST}, else the usual unix sockets) and
 * throws {@link DockerUnavailableException} listing what was tried when none answers. Nothing is
 * ever pulled: the node image {@code kombify-sim-node:busybox} is built locally {@code FROM scratch}
 * from a static busybox ({@code /bin/busybox}, Debian's {@code busybox-static}) the first time
 * a node is created. Each engine owns a run id. Building an engine registers a JVM shutdown hook
 * of its own (one per instance) that removes the containers labelled with its run id if the JVM
 * exits before the engine is closed; {@link #close()} removes those containers, releases the
 * connection and removes the hook again, so a closed engine leaves nothing registered. Close
 * every engine you build: until then its hook keeps it reachable. Failures of Docker surface as
 * {@link KombifyException} with code {@code DOCKER_ERROR}. Instances are thread-safe.
 */
public final class DockerNodeEngine implements AutoCloseable {

    /** The image every node container runs. */
    public static final String NODE_IMAGE = "kombify-sim-node:busybox";
    /** Label on every container this engine creates. */
    public static final String LABEL_SIM = "io.kombify.sim";
    /** Label holding the engine's run id. */
    public static final String LABEL_RUN = "io.kombify.sim.run";
    /** Label holding the node's name. */
    public static final String LABEL_NODE = "io.kombify.sim.node";

    private static final String DEFAULT_SOCKET = "/var/run/docker.sock";
    private static final Path DEFAULT_BUSYBOX = BusyboxImage.DEFAULT_BUSYBOX;
    private static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
    private static final Duration EXEC_TIMEOUT = Duration.ofMinutes(1);
    private static final int STOP_TIMEOUT_SECONDS = 2;

    private final DockerClient client;
    private final String endpoint;
    private final String runId;
    private final Path busybox;
    private final String image;
    private final int hostCpus;
    private final Thread shutdownHook;
    private final Object imageLock = new Object();
    private volatile boolean closed;

    private DockerNodeEngine(DockerClient client, String endpoint, String runId, Path busybox, String image, int hostCpus) {
        this.client = client;
        this.endpoint = endpoint;
        this.runId = runId;
        this.busybox = busybox;
        this.image = image;
        this.hostCpus = hostCpus;
        this.shutdownHook = new Thread(this::removeRunQuietly, "kombify-sim-docker-cleanup-" + runId);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Connects to {@code DOCKER_HOST} if set, else to the local unix sockets, with a fresh run id. */
    public static DockerNodeEngine connect() {
        return builder().build();
    }

    /** A builder to choose the Docker endpoint, run id or busybox binary. */
    public static Builder builder() {
        return new Builder();
    }

    /** The run id on this engine's containers (label {@code io.kombify.sim.run}). */
    public String runId() {
        return runId;
    }

    /** The endpoint that answered, such as {@code unix:///var/run/docker.sock}. */
    public String endpoint() {
        return endpoint;
    }

    /** The number of CPUs Docker reports; a node's CPU limit is capped to it. */
    public int hostCpus() {
        return hostCpus;
    }

    /** Creates (without starting) the container of a node; builds the node image first if it is missing. */
    public NodeContainer create(ResolvedNode node) {
        Objects.requireNonNull(node, "node");
        ensureOpen();
        ensureImage();
        String name = "kombify-sim-" + runId + "-" + node.name();
        long maxNanos = hostCpus * 1_000_000_000L;
        long wanted = node.cpu() == null ? maxNanos : node.cpu().millis() * 1_000_000L;
        boolean capped = wanted > maxNanos;
        long nanoCpus = Math.min(wanted, maxNanos);
        long memory = node.memory() == null ? 0 : node.memory().bytes();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_SIM, "true");
        labels.put(LABEL_RUN, runId);
        labels.put(LABEL_NODE, node.name());
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withNanoCPUs(nanoCpus)
                .withMemory(memory);
        String id = call("create the container of node " + node.name(), () -> client.createContainerCmd(image)
                .withName(name)
                .withHostName(node.name())
                .withLabels(labels)
                .withHostConfig(host)
                .exec()
                .getId());
        return new NodeContainer(node.name(), runId, id, name, nanoCpus, memory, capped);
    }

    /** Starts a created or stopped node container. */
    public void start(NodeContainer node) {
        ensureOpen();
        call("start node " + node.node(), () -> {
            try {
                client.startContainerCmd(node.containerId()).exec();
            } catch (NotModifiedException alreadyRunning) {
                // Starting a running container is a no-op for the caller.
            }
            return null;
        });
    }

    /** Creates and starts the container of every node of a resolved spec, in spec order. */
    public List<NodeContainer> startAll(ResolvedSpec spec) {
        List<NodeContainer> out = new ArrayList<>();
        for (ResolvedNode node : spec.nodes()) {
            NodeContainer container = create(node);
            start(container);
            out.add(container);
        }
        return List.copyOf(out);
    }

    /** Stops a node container (its processes get {@code SIGTERM}, then {@code SIGKILL} after 2 s). */
    public void stop(NodeContainer node) {
        ensureOpen();
        call("stop node " + node.node(), () -> {
            try {
                client.stopContainerCmd(node.containerId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            } catch (NotModifiedException alreadyStopped) {
                // Stopping a stopped container is a no-op for the caller.
            }
            return null;
        });
    }

    /** Removes a node container, running or not; removing one that is gone is a no-op. */
    public void destroy(NodeContainer node) {
        ensureOpen();
        call("destroy node " + node.node(), () -> {
            try {
                client.removeContainerCmd(node.containerId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // Already removed: the desired state holds.
            }
            return null;
        });
    }

    /** Reads a node container's state and the limits Docker enforces on it. */
    public ContainerStatus inspect(NodeContainer node) {
        ensureOpen();
        InspectContainerResponse r = call("inspect node " + node.node(),
                () -> client.inspectContainerCmd(node.containerId()).exec());
        HostConfig host = r.getHostConfig();
        Boolean running = r.getState() == null ? null : r.getState().getRunning();
        return new ContainerStatus(Boolean.TRUE.equals(running),
                r.getConfig() == null ? "" : Objects.toString(r.getConfig().getHostName(), ""),
                host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs(),
                host == null || host.getMemory() == null ? 0 : host.getMemory(),
                host == null ? "" : Objects.toString(host.getNetworkMode(), ""));
    }

    /**
     * Runs a command in a running node container and waits for it (at most a minute). The
     * command is executed directly, without a shell: {@code exec(node, "busybox", "echo", "hi")}.
     */
    public ExecResult exec(NodeContainer node, String... command) {
        Objects.requireNonNull(command, "command");
        if (command.length == 0) {
            throw new IllegalArgumentException("command must not be empty");
        }
        ensureOpen();
        String what = "run `" + String.join(" ", command) + "` on node " + node.node();
        return call(what, () -> {
            String execId = client.execCreateCmd(node.containerId())
                    .withCmd(command)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec()
                    .getId();
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                    synchronized (out) {
                        (frame.getStreamType() == StreamType.STDERR ? err : out).append(text);
                    }
                }
            };
            try (ResultCallback.Adapter<Frame> running = client.execStartCmd(execId).exec(callback)) {
                if (!running.awaitCompletion(EXEC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new KombifyException("DOCKER_ERROR", "could not " + what + ": no result within "
                            + EXEC_TIMEOUT.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KombifyException("DOCKER_ERROR", "interrupted while waiting to " + what, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Long exit = client.inspectExecCmd(execId).exec().getExitCodeLong();
            synchronized (out) {
                return new ExecResult(exit == null ? -1 : exit.intValue(), out.toString(), err.toString());
            }
        });
    }

    /** The containers of this engine's run, found by label, in name order. */
    public List<NodeContainer> containers() {
        ensureOpen();
        return list(LABEL_RUN + "=" + runId);
    }

    /** The node containers of every run (this one, other engines', and leftovers of JVMs that died), found by label. */
    public List<NodeContainer> allRunsContainers() {
        ensureOpen();
        return list(LABEL_SIM + "=true");
    }

    /** Removes this run's containers; returns how many were removed. */
    public int removeRun() {
        ensureOpen();
        return removeAll(containers());
    }

    /**
     * Removes the node containers of every run, found by label {@code io.kombify.sim=true}: a
     * clean-up for containers left behind by a JVM that was killed. Returns how many were removed.
     */
    public int removeAllRuns() {
        ensureOpen();
        return removeAll(allRunsContainers());
    }

    /**
     * Removes this run's containers, unregisters this engine's shutdown hook and releases the
     * connection; calling it again does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            removeRunQuietly();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the hook may be running and does the same work.
            }
        } finally {
            try {
                client.close();
            } catch (IOException ignored) {
                // Nothing remains to release that the caller could act on.
            }
        }
    }

    /** Removes the node image (for tests that build it under their own tag). */
    void removeNodeImage() {
        call("remove image " + image, () -> {
            try {
                client.removeImageCmd(image).withForce(true).exec();
            } catch (NotFoundException gone) {
                // Nothing to remove.
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "DockerNodeEngine[run=" + runId + ", endpoint=" + endpoint + "]";
    }

    private int removeAll(List<NodeContainer> containers) {
        for (NodeContainer c : containers) {
            destroy(c);
        }
        return containers.size();
    }

    private List<NodeContainer> list(String labelFilter) {
        String[] kv = labelFilter.split("=", 2);
        List<Container> found = call("list node containers", () -> client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(kv[0], kv[1]))
                .exec());
        List<NodeContainer> out = new ArrayList<>();
        for (Container c : found) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0];
            if (name.startsWith("/")) {
                name = name.substring(1);
            }
            HostConfigLimits limits = limitsOf(c.getId());
            out.add(new NodeContainer(labels.getOrDefault(LABEL_NODE, name), labels.getOrDefault(LABEL_RUN, ""),
                    c.getId(), name, limits.nanoCpus(), limits.memory(), false));
        }
        out.sort(Comparator.comparing(NodeContainer::containerName));
        return List.copyOf(out);
    }

    private record HostConfigLimits(long nanoCpus, long memory) {
    }

    private HostConfigLimits limitsOf(String containerId) {
        try {
            HostConfig host = client.inspectContainerCmd(containerId).exec().getHostConfig();
            return new HostConfigLimits(host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs(),
                    host == null || host.getMemory() == null ? 0 : host.getMemory());
        } catch (NotFoundException removedMeanwhile) {
            return new HostConfigLimits(0, 0);
        }
    }

    private void removeRunQuietly() {
        try {
            List<Container> found = client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(LABEL_RUN, runId)).exec();
            for (Container c : found) {
                try {
                    client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException alreadyGone) {
                    // Best effort: the others must still go.
                }
            }
        } catch (RuntimeException engineGone) {
            // Best effort on close and at JVM exit: an engine that is gone has no containers to remove.
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this DockerNodeEngine is closed");
        }
    }

    private void ensureImage() {
        synchronized (imageLock) {
            call("look up the node image " + image + ", or build it from " + busybox,
                    () -> BusyboxImage.ensure(client, image, busybox, Map.of(LABEL_SIM, "true")));
        }
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (KombifyException e) {
            throw e;
        } catch (DockerException e) {
            throw new KombifyException("DOCKER_ERROR", "could not " + what + ": Docker answered "
                    + e.getHttpStatus() + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new DockerUnavailableException(List.of(endpoint + ": failed to " + what + ": " + describe(e)), e);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + firstLine(msg));
    }

    /**
     * Chooses where to connect and what to build the node image from. Without an explicit host,
     * {@code DOCKER_HOST} is used when set, else {@code /var/run/docker.sock} and then the rootless
     * socket under {@code XDG_RUNTIME_DIR}. A builder is mutable and meant for one thread; the
     * engines it builds are thread-safe.
     */
    public static final class Builder {
        private String dockerHost;
        private String runId;
        private Path busybox = DEFAULT_BUSYBOX;
        private String image = NODE_IMAGE;
        private Map<String, String> environment = System.getenv();

        private Builder() {
        }

        /** The one endpoint to use, such as {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375}. */
        public Builder dockerHost(String host) {
            this.dockerHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The run id for the labels and container names (lowercase letters, digits, {@code _.-}; at most 32). */
        public Builder runId(String id) {
            if (id == null || !RUN_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("run id must match " + RUN_ID.pattern() + ", was: " + id);
            }
            this.runId = id;
            return this;
        }

        /** The static busybox binary the node image is built from; default {@code /bin/busybox}. */
        public Builder busybox(Path binary) {
            this.busybox = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /** Another tag for the node image, so that tests can build it from scratch without touching the shared one. */
        Builder nodeImage(String tag) {
            this.image = Objects.requireNonNull(tag, "tag");
            return this;
        }

        Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        /**
         * Connects to the first endpoint that answers a ping.
         *
         * @throws DockerUnavailableException listing every endpoint tried when none answers
         */
        public DockerNodeEngine build() {
            List<String> candidates = new ArrayList<>();
            if (dockerHost != null) {
                candidates.add(dockerHost);
            } else if (environment.get("DOCKER_HOST") != null && !environment.get("DOCKER_HOST").isBlank()) {
                candidates.add(environment.get("DOCKER_HOST").strip());
            } else {
                candidates.add("unix://" + DEFAULT_SOCKET);
                String xdg = environment.get("XDG_RUNTIME_DIR");
                if (xdg != null && !xdg.isBlank()) {
                    candidates.add("unix://" + Path.of(xdg, "docker.sock"));
                }
            }
            List<String> tried = new ArrayList<>();
            RuntimeException last = null;
            for (String host : candidates) {
                String source = dockerHost != null ? "" : environment.containsKey("DOCKER_HOST") ? " (DOCKER_HOST)" : "";
                if (host.startsWith("unix://") && !Files.exists(Path.of(URI.create(host).getPath()))) {
                    tried.add(host + source + ": no such socket");
                    continue;
                }
                DockerClient client = null;
                try {
                    client = open(host);
                    client.pingCmd().exec();
                    Integer cpus = client.infoCmd().exec().getNCPU();
                    String id = runId != null ? runId : UUID.randomUUID().toString().substring(0, 12);
                    return new DockerNodeEngine(client, host, id, busybox, image,
                            cpus == null || cpus < 1 ? Runtime.getRuntime().availableProcessors() : cpus);
                } catch (RuntimeException e) {
                    last = e;
                    tried.add(host + source + ": " + describe(e));
                    closeQuietly(client);
                }
            }
            throw new DockerUnavailableException(tried, last);
        }

        private static DockerClient open(String host) {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(host)
                    .build();
            ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .connectionTimeout(Duration.ofSeconds(3))
                    .responseTimeout(Duration.ofMinutes(2))
                    .maxConnections(16)
                    .build();
            return DockerClientImpl.getInstance(config, http);
        }

        private static void closeQuietly(DockerClient client) {
            if (client == null) {
                return;
            }
            try {
                client.close();
            } catch (IOException | RuntimeException ignored) {
                // The connection never worked; nothing to release that matters.
            }
        }
    }
}
