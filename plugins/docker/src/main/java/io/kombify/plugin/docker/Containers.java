package io.kombify.plugin.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.kombify.core.ByteSize;
import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.UpdateRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code container} resources: a container named {@code STACK-NAME} on its node's engine,
 * attached to the stack's network there under the alias {@code NAME}, started after it is
 * created. The provider identifier is Docker's container id.
 *
 * <p>What Docker can change on a running container (restart policy, CPU and memory limits and
 * requests) is updated in place; Docker cannot lift a limit in place, so removing one recreates
 * the container with the same labels. {@link #read} reports the container as Docker has it, in
 * the attribute names and spellings of the resource graph, so that a plan right after an apply is
 * empty and a change made behind kombify's back shows as drift.
 */
final class Containers {

    private static final Set<String> NO_NEW_PRIVILEGES = Set.of("no-new-privileges", "no-new-privileges:true",
            "no-new-privileges=true");
    private static final long PULL_TIMEOUT_MINUTES = 30;
    private static final java.time.Duration RELEASE_WAIT = java.time.Duration.ofSeconds(10);
    private static final java.time.Duration RELEASE_POLL = java.time.Duration.ofMillis(50);
    private static final java.time.Duration HEALTH_POLL = java.time.Duration.ofMillis(250);

    private final DockerSettings settings;
    private final Nodes nodes;
    private final Map<String, Object> networkLocks = new java.util.concurrent.ConcurrentHashMap<>();

    Containers(Nodes nodes) {
        this.nodes = nodes;
        this.settings = nodes.settings();
    }

    /** The container name of resource {@code name} of {@code stack}. */
    static String dockerName(String stack, String name) {
        return stack + "-" + name;
    }

    // ------------------------------------------------------------------ create

    ResourceState create(CreateRequest request) {
        ContainerSpec spec = ContainerSpec.parse(request.id(), request.attributes());
        Target t = nodes.target(spec.node());
        String stack = request.context().stack();
        Optional<String> earlier = findByKey(t, stack, request.idempotencyKey());
        if (earlier.isPresent()) {
            ensureRunning(t, earlier.get(), request.id());
            awaitHealthy(t, earlier.get(), spec, request.id(), stack);
            return stateOf(t, earlier.get(), stack, request.attributes(), request.id());
        }
        ensureImage(t, spec, request.id());
        String id = createAndStart(t, spec, request.id(), request.context(), request.idempotencyKey(), List.of());
        awaitHealthy(t, id, spec, request.id(), stack);
        return stateOf(t, id, stack, request.attributes(), request.id());
    }

    /**
     * Creates and starts the container; {@code carried} are anonymous volumes of a container it
     * replaces, mounted where they were so that their data survives the replacement.
     */
    private String createAndStart(Target t, ContainerSpec spec, ResourceId rid, ProviderContext context, String key,
                                  List<Bind> carried) {
        String stack = context.stack();
        String name = dockerName(stack, spec.name());
        List<String> environment = environment(spec, rid, context);
        String id;
        try {
            id = t.call("create " + rid, () -> createCommand(t.client(), spec, rid, context, key, environment, carried)
                    .exec().getId());
        } catch (ProviderException e) {
            if (!(e.getCause() instanceof ConflictException)) {
                throw e;
            }
            List<Bind> left = removeLeftover(t, name, stack, rid, spec);
            List<Bind> all = new ArrayList<>(carried);
            left.stream().filter(b -> all.stream().noneMatch(c -> c.getVolume().equals(b.getVolume()))).forEach(all::add);
            id = t.call("create " + rid, () -> createCommand(t.client(), spec, rid, context, key, environment, all)
                    .exec().getId());
        }
        String created = id;
        try {
            t.run("start " + rid, () -> t.client().startContainerCmd(created).exec());
        } catch (ProviderException e) {
            if (!e.retryable()) {
                // A container that cannot start is removed, so that a failed create leaves nothing behind;
                // after a retryable failure it stays, for the retry (which finds it by its key) to start.
                removeQuietly(t, created);
            }
            throw e;
        }
        return created;
    }

    /**
     * The volumes Docker made for {@code old} without being asked (for a {@code VOLUME} of its
     * image), or that it carried from a container before it, as binds at the same paths, except
     * where {@code spec} mounts something else.
     */
    private static List<Bind> anonymousVolumes(InspectContainerResponse old, ContainerSpec spec) {
        Set<String> asked = new HashSet<>();
        spec.mounts().forEach(m -> asked.add(m.target()));
        HostConfig host = old.getHostConfig();
        if (host != null && host.getMounts() != null) {
            host.getMounts().forEach(m -> asked.add(m.getTarget()));
        }
        List<Bind> out = new ArrayList<>();
        for (InspectContainerResponse.Mount m : old.getMounts() == null ? List.<InspectContainerResponse.Mount>of() : old.getMounts()) {
            if (m.getName() == null || m.getName().isEmpty() || m.getDestination() == null
                    || asked.contains(m.getDestination().getPath())) {
                continue;
            }
            out.add(new Bind(m.getName(), new Volume(m.getDestination().getPath())));
        }
        return out;
    }

    private static void removeQuietly(Target t, String id) {
        try {
            t.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException ignored) {
            // the start failure is what the caller needs to see
        }
    }

    /**
     * A container of this name exists: one this stack made for this resource, which the state
     * does not know (an apply was interrupted, or the state was lost), is removed; anything else
     * is a conflict the user must resolve.
     */
    private List<Bind> removeLeftover(Target t, String name, String stack, ResourceId rid, ContainerSpec spec) {
        InspectContainerResponse other;
        try {
            other = t.call("inspect the container named " + name, () -> t.client().inspectContainerCmd(name).exec());
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        Map<String, String> labels = labelsOf(other);
        if (stack.equals(labels.get(ProviderContext.LABEL_STACK)) && rid.toString().equals(labels.get(ProviderContext.LABEL_RESOURCE))) {
            List<Bind> carried = anonymousVolumes(other, spec);
            remove(t, other.getId(), rid, false);
            return carried;
        }
        String owner = Labels.owner(labels);
        throw new ProviderException(ErrorKind.CONFLICT, "DOCKER_NAME_CONFLICT", "could not create " + rid + " on " + t.where()
                + ": a container named " + name + " already exists and " + owner + " (remove or rename it: docker rm -f "
                + name + ")", null, null);
    }

    private CreateContainerCmd createCommand(DockerClient client, ContainerSpec spec, ResourceId rid, ProviderContext context,
                                             String key, List<String> environment, List<Bind> carried) {
        String stack = context.stack();
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        for (ContainerSpec.Port p : spec.ports()) {
            ExposedPort port = new ExposedPort(p.container(), InternetProtocol.parse(p.protocol()));
            if (!exposed.contains(port)) {
                exposed.add(port);
            }
            if (p.host() != null) {
                bindings.bind(port, Ports.Binding.bindPort(p.host()));
            }
        }
        List<Mount> mounts = new ArrayList<>();
        for (ContainerSpec.Mount m : spec.mounts()) {
            Mount mount = new Mount().withTarget(m.target()).withReadOnly(m.readOnly());
            switch (m.type()) {
                case "volume" -> mount.withType(MountType.VOLUME).withSource(Volumes.dockerName(stack, m.source()));
                case "bind" -> mount.withType(MountType.BIND).withSource(m.source());
                default -> mount.withType(MountType.TMPFS);
            }
            mounts.add(mount);
        }
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(bindings)
                .withMounts(mounts)
                .withReadonlyRootfs(spec.readOnlyRootfs());
        if (!carried.isEmpty()) {
            host.withBinds(carried);
        }
        if (spec.network() != null) {
            host.withNetworkMode(Networks.dockerName(spec.network(), spec.node()));
        }
        if (spec.noNewPrivileges()) {
            host.withSecurityOpts(List.of("no-new-privileges"));
        }
        if (!spec.dropCapabilities().isEmpty()) {
            host.withCapDrop(spec.dropCapabilities().stream().map(c -> ContainerSpec.capability(c).orElseThrow())
                    .distinct().toArray(Capability[]::new));
        }
        if (spec.restartPolicy() != null) {
            host.withRestartPolicy(restartPolicy(spec.restartPolicy()));
        }
        if (spec.nanoCpus() != null) {
            host.withNanoCPUs(spec.nanoCpus());
        }
        if (spec.memory() != null) {
            // No swap beyond the limit: the limit is what the container gets, as on Kubernetes.
            host.withMemory(spec.memory()).withMemorySwap(spec.memory());
        }
        if (spec.cpuShares() != null) {
            host.withCpuShares(spec.cpuShares());
        }
        if (spec.memoryReservation() != null) {
            host.withMemoryReservation(spec.memoryReservation());
        }
        CreateContainerCmd cmd = client.createContainerCmd(spec.image())
                .withName(dockerName(stack, spec.name()))
                .withHostName(spec.name())
                .withLabels(labels(spec, rid, context, key, carried))
                .withEnv(environment)
                .withExposedPorts(exposed)
                .withHostConfig(host);
        if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        if (spec.network() != null) {
            cmd.withAliases(spec.name());
        }
        if (spec.healthcheck() != null) {
            cmd.withHealthcheck(spec.healthcheck().toDocker());
        }
        return cmd;
    }

    private static Map<String, String> labels(ContainerSpec spec, ResourceId rid, ProviderContext context, String key,
                                              List<Bind> carried) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.putAll(Labels.ownership(context, rid, key));
        if (spec.node() != null) {
            labels.put(Labels.NODE, spec.node());
        }
        labels.put(Labels.LABEL_KEYS, Labels.lines(new TreeSet<>(spec.labels().keySet())));
        labels.put(Labels.ENVIRONMENT_KEYS, Labels.lines(new TreeSet<>(spec.environment().keySet())));
        if (!spec.secretEnvironment().isEmpty()) {
            labels.put(Labels.SECRET_ENVIRONMENT_KEYS, Labels.lines(new TreeSet<>(spec.secretEnvironment().keySet())));
        }
        labels.put(Labels.PORTS, Labels.lines(spec.ports().stream().map(ContainerSpec.Port::key).toList()));
        if (spec.commandText() != null) {
            labels.put(Labels.COMMAND, spec.commandText());
        } else if (!spec.command().isEmpty()) {
            labels.put(Labels.COMMAND_ARGUMENTS, "true");
        }
        if (spec.internalPort() != null) {
            labels.put(Labels.INTERNAL_PORT, spec.internalPort().toString());
        }
        if (!spec.dropCapabilities().isEmpty()) {
            labels.put(Labels.DROP_CAPABILITIES, Labels.lines(spec.dropCapabilities()));
        }
        if (spec.pullPolicy() != null) {
            labels.put(Labels.PULL_POLICY, spec.pullPolicy().wire());
        }
        if (spec.healthcheck() != null) {
            labels.put(Labels.HEALTHCHECK, "true");
        }
        if (!carried.isEmpty()) {
            labels.put(Labels.CARRIED_VOLUMES, Labels.lines(carried.stream().map(Bind::getPath).sorted().toList()));
        }
        return labels;
    }

    /** {@code NAME=VALUE} for the plain variables, then the secret ones, resolved now and kept nowhere else. */
    private static List<String> environment(ContainerSpec spec, ResourceId rid, ProviderContext context) {
        List<String> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(k + "=" + v));
        for (Map.Entry<String, String> e : spec.secretEnvironment().entrySet()) {
            Secret secret;
            try {
                secret = context.secrets().resolve(SecretRef.parse(e.getValue()));
            } catch (KombifyException failure) {
                throw new ProviderException(ErrorKind.INVALID, failure.code(), "could not create " + rid + ": secretEnvironment."
                        + e.getKey() + " refers to " + e.getValue() + ", which has no value: " + failure.getMessage(), null, null);
            }
            env.add(e.getKey() + "=" + new String(secret.reveal()));
        }
        return env;
    }

    private static RestartPolicy restartPolicy(String name) {
        return switch (name) {
            case "always" -> RestartPolicy.alwaysRestart();
            case "unless-stopped" -> RestartPolicy.unlessStoppedRestart();
            case "on-failure" -> RestartPolicy.onFailureRestart(0);
            default -> RestartPolicy.noRestart();
        };
    }

    // ------------------------------------------------------------------ images

    /**
     * Makes sure the image is on the node, pulling it only as the pull policy allows: the
     * container's own ({@code config.pullPolicy} of its service) when it has one, else the
     * setting {@code docker.pullPolicy}.
     */
    private void ensureImage(Target t, ContainerSpec spec, ResourceId rid) {
        String image = spec.image();
        boolean own = spec.pullPolicy() != null;
        PullPolicy policy = own ? spec.pullPolicy() : settings.pullPolicy();
        if (policy != PullPolicy.ALWAYS) {
            boolean present = t.call("look up image " + image, () -> {
                try {
                    t.client().inspectImageCmd(image).exec();
                    return true;
                } catch (NotFoundException missing) {
                    return false;
                }
            });
            if (present) {
                return;
            }
            if (policy == PullPolicy.NEVER) {
                String allow = own
                        ? "or allow pulls for this service with config.pullPolicy: missing (its pull policy is never)"
                        : "or allow pulls with config.pullPolicy: missing on the service, or for every service with "
                                + "--provider-setting " + DockerSettings.PULL_POLICY + "=missing";
                throw new ProviderException(ErrorKind.INVALID, "DOCKER_IMAGE_MISSING", "image " + image + " of " + rid
                        + " is not on " + t.where() + ", and kombify does not pull images unless told to: load or build it "
                        + "there (docker load -i FILE, or docker build -t " + image + " DIR), " + allow, null, null);
            }
        }
        pull(t, image, rid, own ? "config.pullPolicy: never on the service" : DockerSettings.PULL_POLICY + "=never");
    }

    /** Pulls {@code image}; {@code never} says how the user turns pulls off again, for the message of a failure. */
    private static void pull(Target t, String image, ResourceId rid, String never) {
        String what = "pull image " + image + " for " + rid;
        String repository = image;
        String tag = null;
        if (image.indexOf('@') < 0) {
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            if (colon > slash) {
                repository = image.substring(0, colon);
                tag = image.substring(colon + 1);
            } else {
                // Without a tag Docker would pull every tag of the repository.
                tag = "latest";
            }
        }
        String repo = repository;
        String version = tag;
        try {
            boolean done = t.call(what, () -> {
                var cmd = t.client().pullImageCmd(repo);
                if (version != null) {
                    cmd.withTag(version);
                }
                // Closing the callback ends the pull's stream, also when the wait timed out or was interrupted.
                try (PullImageResultCallback callback = cmd.exec(new PullImageResultCallback())) {
                    return callback.awaitCompletion(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProviderException(ErrorKind.FATAL, "DOCKER_INTERRUPTED", "interrupted while waiting to " + what,
                            null, e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!done) {
                throw new ProviderException(ErrorKind.TIMEOUT, "DOCKER_IMAGE_PULL_FAILED", "could not " + what + " on "
                        + t.where() + ": not done after " + PULL_TIMEOUT_MINUTES + " minutes", null, null);
            }
        } catch (ProviderException e) {
            if (e.getCause() instanceof DockerClientException || e.getCause() instanceof DockerException) {
                ErrorKind kind = e.getCause() instanceof DockerException d && d.getHttpStatus() >= 500 ? ErrorKind.UNAVAILABLE
                        : ErrorKind.INVALID;
                String reason = e.getCause() instanceof DockerException d ? DockerFailures.dockerMessage(d)
                        : String.valueOf(e.getCause().getMessage());
                throw new ProviderException(kind, "DOCKER_IMAGE_PULL_FAILED", "could not " + what + " onto " + t.where() + ": "
                        + reason + " (check the image name and that the registry can be reached from the node, or load the "
                        + "image there yourself and set " + never + ")", null, e.getCause());
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ read, lookup

    Optional<ResourceState> read(ReadRequest request) {
        Target t = nodes.target(nodeOf(request.recorded()));
        return inspect(t, request.providerId(), request.id())
                .map(r -> state(t, r, request.context().stack(), request.recorded()));
    }

    Optional<ResourceState> lookup(LookupRequest request) {
        return nodes.search(t -> findByKey(t, request.context().stack(), request.idempotencyKey())
                .flatMap(found -> inspect(t, found, request.id()))
                .map(r -> state(t, r, request.context().stack(), Map.of())));
    }

    private static Optional<String> findByKey(Target t, String stack, String key) {
        List<Container> found = t.call("list the containers of stack " + stack, () -> t.client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(ProviderContext.LABEL_STACK, stack, ProviderContext.LABEL_IDEMPOTENCY_KEY, key))
                .exec());
        return found.stream().map(Container::getId).sorted().findFirst();
    }

    private static Optional<InspectContainerResponse> inspect(Target t, String id, ResourceId rid) {
        return t.call("inspect " + rid, () -> {
            try {
                return Optional.of(t.client().inspectContainerCmd(id).exec());
            } catch (NotFoundException gone) {
                return Optional.empty();
            }
        });
    }

    private ResourceState stateOf(Target t, String id, String stack, Map<String, Object> desired, ResourceId rid) {
        InspectContainerResponse r = inspect(t, id, rid).orElseThrow(() -> new ProviderException(ErrorKind.CONFLICT,
                "DOCKER_CONTAINER_VANISHED", rid + " was removed on " + t.where() + " while kombify created it", null, null));
        return state(t, r, stack, desired);
    }

    private static void ensureRunning(Target t, String id, ResourceId rid) {
        InspectContainerResponse r = inspect(t, id, rid).orElse(null);
        if (r != null && (r.getState() == null || !Boolean.TRUE.equals(r.getState().getRunning()))) {
            try {
                t.run("start " + rid, () -> {
                    try {
                        t.client().startContainerCmd(id).exec();
                    } catch (NotModifiedException alreadyRunning) {
                        // started meanwhile
                    }
                });
            } catch (ProviderException e) {
                if (!e.retryable()) {
                    // As after a first try: a container that cannot start is not left for a look-up to find.
                    removeQuietly(t, id);
                }
                throw e;
            }
        }
    }

    /**
     * The container as Docker has it, in the graph's attribute names. Where Docker spells a value
     * differently from how it was asked for (a memory size, a capability), the recorded spelling is
     * kept when it means the same. The pull policy is kombify's own setting, as recorded (else as
     * labelled when the container was made).
     */
    static ResourceState state(Target t, InspectContainerResponse r, String stack, Map<String, Object> recorded) {
        ContainerConfig config = r.getConfig();
        HostConfig host = r.getHostConfig() == null ? HostConfig.newHostConfig() : r.getHostConfig();
        Map<String, String> labels = labelsOf(r);
        String node = labels.get(Labels.NODE);
        Map<String, Object> a = new LinkedHashMap<>();
        String name = r.getName() == null ? "" : r.getName().replaceFirst("^/", "");
        a.put("name", name.startsWith(stack + "-") ? name.substring(stack.length() + 1) : name);
        a.put("image", config == null ? "" : config.getImage());
        if (node != null) {
            a.put("node", node);
        }
        String networkMode = host.getNetworkMode();
        if (networkMode != null && !Set.of("", "default", "bridge", "none", "host").contains(networkMode)
                && !networkMode.startsWith("container:")) {
            a.put("network", node != null && networkMode.endsWith("-" + node)
                    ? networkMode.substring(0, networkMode.length() - node.length() - 1) : networkMode);
        }
        a.put("ports", ports(config, host, labels));
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> actualEnv = environmentOf(config);
        // A variable given a secret value is never read back, though a container made before the two
        // were kept apart may list it among the plain ones.
        Set<String> secretKeys = new HashSet<>(Labels.lines(labels.get(Labels.SECRET_ENVIRONMENT_KEYS)));
        if (recorded.get("secretEnvironment") instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> secretKeys.add(String.valueOf(k)));
        }
        for (String k : Labels.lines(labels.get(Labels.ENVIRONMENT_KEYS))) {
            if (actualEnv.containsKey(k) && !secretKeys.contains(k)) {
                env.put(k, actualEnv.get(k));
            }
        }
        a.put("environment", env);
        a.put("mounts", mounts(host, stack));
        Map<String, String> userLabels = new LinkedHashMap<>();
        for (String k : Labels.lines(labels.get(Labels.LABEL_KEYS))) {
            if (labels.containsKey(k)) {
                userLabels.put(k, labels.get(k));
            }
        }
        a.put("labels", userLabels);
        Map<String, Object> security = new LinkedHashMap<>();
        List<String> opts = host.getSecurityOpts() == null ? List.of() : host.getSecurityOpts();
        security.put("noNewPrivileges", opts.stream().anyMatch(NO_NEW_PRIVILEGES::contains));
        security.put("readOnlyRootfs", Boolean.TRUE.equals(host.getReadonlyRootfs()));
        security.put("dropCapabilities", capabilities(host, labels));
        a.put("security", security);
        RestartPolicy restart = host.getRestartPolicy();
        a.put("restartPolicy", restart == null || restart.getName() == null || restart.getName().isEmpty() ? "no" : restart.getName());
        if (host.getNanoCPUs() != null && host.getNanoCPUs() > 0) {
            a.put("cpuLimit", BigDecimal.valueOf(host.getNanoCPUs(), 9).stripTrailingZeros().doubleValue());
        }
        if (host.getMemory() != null && host.getMemory() > 0) {
            a.put("memoryLimit", size(host.getMemory(), recorded.get("memoryLimit")));
        }
        if (host.getCpuShares() != null && host.getCpuShares() > 0) {
            a.put("cpuRequest", ContainerSpec.coresOfShares(host.getCpuShares()).doubleValue());
        }
        if (host.getMemoryReservation() != null && host.getMemoryReservation() > 0) {
            a.put("memoryRequest", size(host.getMemoryReservation(), recorded.get("memoryRequest")));
        }
        List<String> cmd = config == null || config.getCmd() == null ? List.of() : Arrays.asList(config.getCmd());
        String commandText = labels.get(Labels.COMMAND);
        if (commandText != null) {
            a.put("command", ShellWords.split(commandText).filter(cmd::equals).<Object>map(w -> commandText).orElse(cmd));
        } else if (labels.containsKey(Labels.COMMAND_ARGUMENTS)) {
            a.put("command", cmd);
        }
        if (labels.containsKey(Labels.HEALTHCHECK) && config != null && config.getHealthcheck() != null) {
            a.put("healthcheck", healthcheck(config.getHealthcheck(), recorded.get("healthcheck")));
        }
        // Not a property of the container: it changes in place, in the state only, so the recorded value is kept.
        Object pull = recorded.containsKey("pullPolicy") ? recorded.get("pullPolicy") : labels.get(Labels.PULL_POLICY);
        if (pull != null) {
            a.put("pullPolicy", pull);
        }
        String internal = labels.get(Labels.INTERNAL_PORT);
        if (internal != null) {
            try {
                a.put("internalPort", Long.parseLong(internal));
            } catch (NumberFormatException ignored) {
                // not written by kombify; left out
            }
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("containerName", name);
        outputs.put("endpoint", t.endpoint());
        if (r.getNetworkSettings() != null && r.getNetworkSettings().getNetworks() != null && networkMode != null) {
            ContainerNetwork n = r.getNetworkSettings().getNetworks().get(networkMode);
            if (n != null && n.getIpAddress() != null && !n.getIpAddress().isEmpty()) {
                outputs.put("ipAddress", n.getIpAddress());
            }
        }
        return new ResourceState(r.getId(), a, outputs);
    }

    /** The health check as recorded when Docker has that one, else as Docker has it. */
    private static Object healthcheck(com.github.dockerjava.api.model.HealthCheck actual, Object recorded) {
        if (recorded != null) {
            try {
                if (ContainerSpec.Health.of(recorded).matches(actual)) {
                    return recorded;
                }
            } catch (IllegalArgumentException notACheck) {
                // reported as Docker has it
            }
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("test", actual.getTest() == null ? List.of() : actual.getTest());
        java.util.function.BiConsumer<String, Long> duration = (k, v) -> {
            if (v != null && v > 0) {
                h.put(k, v % 1_000_000_000L == 0 ? v / 1_000_000_000L + "s" : v / 1_000_000L + "ms");
            }
        };
        duration.accept("interval", actual.getInterval());
        duration.accept("timeout", actual.getTimeout());
        if (actual.getRetries() != null && actual.getRetries() > 0) {
            h.put("retries", actual.getRetries().longValue());
        }
        duration.accept("startPeriod", actual.getStartPeriod());
        return h;
    }

    /**
     * Waits until a started container with a health check (its own or its image's) is healthy, so
     * that what {@code needs} it starts after it is ready; fails {@code DOCKER_UNHEALTHY} when it
     * reports unhealthy, stops, or is not healthy within {@code docker.healthTimeout}. The
     * container stays, for its logs.
     */
    private void awaitHealthy(Target t, String id, ContainerSpec spec, ResourceId rid, String stack) {
        String name = dockerName(stack, spec.name());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(settings.healthTimeout());
        while (true) {
            InspectContainerResponse r = inspect(t, id, rid).orElseThrow(() -> new ProviderException(ErrorKind.CONFLICT,
                    "DOCKER_CONTAINER_VANISHED", rid + " was removed on " + t.where() + " while kombify waited for it to "
                    + "become healthy", null, null));
            var state = r.getState();
            var health = state == null ? null : state.getHealth();
            if (health == null || health.getStatus() == null || health.getStatus().isEmpty()
                    || health.getStatus().equals("healthy")) {
                return;
            }
            String problem = null;
            if (!Boolean.TRUE.equals(state.getRunning())) {
                problem = "stopped (exit code " + state.getExitCodeLong() + ") before its health check passed";
            } else if (health.getStatus().equals("unhealthy")) {
                problem = "is unhealthy: its health check failed " + health.getFailingStreak() + " times in a row";
            } else if (System.nanoTime() > deadline) {
                problem = "is not healthy " + settings.healthTimeout() + " s after it started";
            }
            if (problem != null) {
                String last = health.getLog() == null || health.getLog().isEmpty() ? ""
                        : lastOutput(health.getLog().get(health.getLog().size() - 1));
                throw new ProviderException(ErrorKind.FATAL, "DOCKER_UNHEALTHY", "service " + spec.name() + " (" + rid + ", "
                        + "container " + name + " on " + t.where() + ") " + problem + last + "; see why with docker logs " + name
                        + " and docker inspect --format '{{json .State.Health}}' " + name + ", then fix the service or its "
                        + "healthcheck (or give it longer with --provider-setting " + DockerSettings.HEALTH_TIMEOUT + "=SECONDS)",
                        null, null);
            }
            try {
                Thread.sleep(HEALTH_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(ErrorKind.FATAL, "DOCKER_INTERRUPTED", "interrupted while waiting for " + rid
                        + " to become healthy", null, e);
            }
        }
    }

    private static String lastOutput(com.github.dockerjava.api.command.HealthStateLog log) {
        String out = log.getOutput() == null ? "" : log.getOutput().strip();
        if (out.isEmpty()) {
            return " (last check exited " + log.getExitCodeLong() + ")";
        }
        return " (last check exited " + log.getExitCodeLong() + ": " + (out.length() > 200 ? out.substring(0, 200) + "..." : out) + ")";
    }

    private static List<Object> ports(ContainerConfig config, HostConfig host, Map<String, String> labels) {
        Map<String, Deque<Integer>> bound = new LinkedHashMap<>();
        if (host.getPortBindings() != null) {
            host.getPortBindings().getBindings().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(ExposedPort::toString)))
                    .forEach(e -> {
                        Deque<Integer> hosts = bound.computeIfAbsent(e.getKey().toString(), k -> new ArrayDeque<>());
                        for (Ports.Binding b : e.getValue() == null ? new Ports.Binding[0] : e.getValue()) {
                            try {
                                hosts.add(Integer.parseInt(b.getHostPortSpec()));
                            } catch (NumberFormatException | NullPointerException notAPort) {
                                // a range or a random port, which kombify never asks for
                            }
                        }
                    });
        }
        Set<String> exposed = new HashSet<>();
        if (config != null && config.getExposedPorts() != null) {
            for (ExposedPort p : config.getExposedPorts()) {
                exposed.add(p.toString());
            }
        }
        List<Object> out = new ArrayList<>();
        for (String key : Labels.lines(labels.get(Labels.PORTS))) {
            Deque<Integer> hosts = bound.get(key);
            if (hosts != null && !hosts.isEmpty()) {
                out.add(port(key, hosts.poll()));
            } else if (exposed.contains(key)) {
                out.add(port(key, null));
            }
        }
        bound.forEach((key, hosts) -> hosts.forEach(h -> out.add(port(key, h))));
        return out;
    }

    private static Map<String, Object> port(String key, Integer host) {
        int slash = key.indexOf('/');
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("container", Long.parseLong(key.substring(0, slash)));
        p.put("protocol", key.substring(slash + 1));
        if (host != null) {
            p.put("host", host.longValue());
        }
        return p;
    }

    private static List<Object> mounts(HostConfig host, String stack) {
        List<Object> out = new ArrayList<>();
        for (Mount m : host.getMounts() == null ? List.<Mount>of() : host.getMounts()) {
            Map<String, Object> mount = new LinkedHashMap<>();
            MountType type = m.getType() == null ? MountType.VOLUME : m.getType();
            mount.put("type", type.name().toLowerCase(java.util.Locale.ROOT));
            mount.put("target", m.getTarget());
            mount.put("readOnly", Boolean.TRUE.equals(m.getReadOnly()));
            if (type == MountType.VOLUME && m.getSource() != null) {
                mount.put("source", m.getSource().startsWith(stack + "-") ? m.getSource().substring(stack.length() + 1) : m.getSource());
            } else if (type == MountType.BIND) {
                mount.put("source", m.getSource());
            }
            out.add(mount);
        }
        return out;
    }

    private static List<String> capabilities(HostConfig host, Map<String, String> labels) {
        List<String> actual = new ArrayList<>();
        for (Capability c : host.getCapDrop() == null ? new Capability[0] : host.getCapDrop()) {
            actual.add(c.name());
        }
        List<String> written = Labels.lines(labels.get(Labels.DROP_CAPABILITIES));
        Set<String> normalWritten = new TreeSet<>();
        written.forEach(w -> ContainerSpec.capability(w).ifPresent(c -> normalWritten.add(c.name())));
        return normalWritten.equals(new TreeSet<>(actual)) ? written : actual;
    }

    private static String size(long bytes, Object recorded) {
        if (recorded instanceof String s && ByteSize.isValid(s) && ByteSize.parse(s).bytes() == bytes) {
            return s;
        }
        return new ByteSize(bytes).toString();
    }

    private static Map<String, String> environmentOf(ContainerConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        if (config != null && config.getEnv() != null) {
            for (String e : config.getEnv()) {
                int eq = e.indexOf('=');
                if (eq > 0) {
                    env.put(e.substring(0, eq), e.substring(eq + 1));
                }
            }
        }
        return env;
    }

    static Map<String, String> labelsOf(InspectContainerResponse r) {
        return r.getConfig() == null || r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels();
    }

    // ------------------------------------------------------------------ update, delete

    ResourceState update(UpdateRequest request) {
        ContainerSpec desired = ContainerSpec.parse(request.id(), request.desired());
        ContainerSpec prior = ContainerSpec.parse(request.id(), request.prior());
        Set<String> fixed = new TreeSet<>(request.changed());
        fixed.removeAll(ContainerSpec.UPDATABLE);
        if (!fixed.isEmpty()) {
            throw new ProviderException(ErrorKind.INVALID, "DOCKER_UPDATE_UNSUPPORTED", "Docker cannot change " + fixed + " of "
                    + request.id() + " in place; the container must be replaced", null, null);
        }
        Target t = nodes.target(desired.node());
        String stack = request.context().stack();
        if (request.changed().equals(Set.of("pullPolicy"))) {
            // Only how the next create finds the image changed; nothing on the container does.
            return stateOf(t, request.providerId(), stack, request.desired(), request.id());
        }
        boolean lifted = (prior.nanoCpus() != null && desired.nanoCpus() == null)
                || (prior.memory() != null && desired.memory() == null)
                || (prior.cpuShares() != null && desired.cpuShares() == null)
                || (prior.memoryReservation() != null && desired.memoryReservation() == null);
        if (lifted) {
            return recreate(t, request, desired);
        }
        t.run("update " + request.id(), () -> {
            var cmd = t.client().updateContainerCmd(request.providerId())
                    .withRestartPolicy(restartPolicy(desired.restartPolicy() == null ? "no" : desired.restartPolicy()));
            if (desired.nanoCpus() != null) {
                cmd.withNanoCPUs(desired.nanoCpus());
            }
            if (desired.memory() != null) {
                cmd.withMemory(desired.memory()).withMemorySwap(desired.memory());
            }
            if (desired.cpuShares() != null) {
                cmd.withCpuShares(desired.cpuShares());
            }
            if (desired.memoryReservation() != null) {
                cmd.withMemoryReservation(desired.memoryReservation());
            }
            cmd.exec();
        });
        return stateOf(t, request.providerId(), stack, request.desired(), request.id());
    }

    /** Docker cannot lift a limit in place: the container is made again, keeping the key it was created with. */
    private ResourceState recreate(Target t, UpdateRequest request, ContainerSpec desired) {
        Optional<InspectContainerResponse> old = inspect(t, request.providerId(), request.id());
        String key = old.map(r -> labelsOf(r).get(ProviderContext.LABEL_IDEMPOTENCY_KEY))
                .orElse(request.context().ownershipLabels().getOrDefault(ProviderContext.LABEL_IDEMPOTENCY_KEY,
                        request.idempotencyKey()));
        List<Bind> carried = old.map(r -> anonymousVolumes(r, desired)).orElse(List.of());
        ensureImage(t, desired, request.id());
        remove(t, request.providerId(), request.id(), false);
        String id = createAndStart(t, desired, request.id(), request.context(), key, carried);
        awaitHealthy(t, id, desired, request.id(), request.context().stack());
        return stateOf(t, id, request.context().stack(), request.desired(), request.id());
    }

    /**
     * Removes the container with its anonymous volumes, those Docker made for it and those it took
     * over from the container it replaced.
     */
    void delete(DeleteRequest request) {
        Target t = nodes.target(nodeOf(request.recorded()));
        List<String> carried = inspect(t, request.providerId(), request.id())
                .map(r -> Labels.lines(labelsOf(r).get(Labels.CARRIED_VOLUMES))).orElse(List.of());
        remove(t, request.providerId(), request.id(), true);
        for (String volume : carried) {
            try {
                t.run("remove volume " + volume + " of " + request.id(), () -> t.client().removeVolumeCmd(volume).exec());
            } catch (ProviderException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }

    /**
     * Takes the container off its networks, stops it (giving it the stop timeout), waits until the
     * engine has released it, and removes it; a container that is gone is fine. Its anonymous
     * volumes go with it only when {@code withVolumes}: a container removed to be replaced leaves
     * them for its successor.
     *
     * <p>Docker Engine 20.10 can lose count of a network's endpoints when several leave it at the
     * same moment (moby/moby#42119), after which the network cannot be removed until the daemon
     * restarts. Leaving a network one container at a time (a lock per network of this provider)
     * before the stop, rather than letting concurrent stops release their endpoints, keeps the
     * count right within an apply.
     */
    private void remove(Target t, String id, ResourceId rid, boolean withVolumes) {
        inspect(t, id, rid).ifPresent(r -> leaveNetworks(t, r, rid));
        t.run("stop " + rid, () -> {
            try {
                t.client().stopContainerCmd(id).withTimeout(settings.stopTimeout()).exec();
            } catch (NotModifiedException | NotFoundException alreadyStoppedOrGone) {
                // nothing to stop
            }
        });
        awaitReleased(t, id, rid);
        t.run("remove " + rid, () -> {
            try {
                t.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(withVolumes).exec();
            } catch (NotFoundException gone) {
                // already removed
            }
        });
    }

    private void leaveNetworks(Target t, InspectContainerResponse r, ResourceId rid) {
        if (r.getNetworkSettings() == null || r.getNetworkSettings().getNetworks() == null) {
            return;
        }
        for (Map.Entry<String, ContainerNetwork> n : new java.util.TreeMap<>(r.getNetworkSettings().getNetworks()).entrySet()) {
            if (n.getValue().getEndpointId() == null || n.getValue().getEndpointId().isEmpty()
                    || Set.of("none", "host").contains(n.getKey())) {
                continue;
            }
            synchronized (networkLocks.computeIfAbsent(t.endpoint() + " " + n.getKey(), k -> new Object())) {
                try {
                    t.run("take " + rid + " off network " + n.getKey(), () -> t.client().disconnectFromNetworkCmd()
                            .withNetworkId(n.getKey()).withContainerId(r.getId()).exec());
                } catch (ProviderException e) {
                    if (e.retryable()) {
                        throw e;
                    }
                    // gone meanwhile, or no longer connected: the stop below releases whatever is left
                }
            }
        }
    }

    private static void awaitReleased(Target t, String id, ResourceId rid) {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (true) {
            Optional<InspectContainerResponse> r = inspect(t, id, rid);
            if (r.isEmpty() || released(r.get()) || System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(RELEASE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Not running, and no network endpoint left. */
    private static boolean released(InspectContainerResponse r) {
        if (r.getState() != null && Boolean.TRUE.equals(r.getState().getRunning())) {
            return false;
        }
        if (r.getNetworkSettings() == null || r.getNetworkSettings().getNetworks() == null) {
            return true;
        }
        return r.getNetworkSettings().getNetworks().values().stream()
                .allMatch(n -> n.getEndpointId() == null || n.getEndpointId().isEmpty());
    }

    static String nodeOf(Map<String, Object> attributes) {
        return attributes.get("node") instanceof String s ? s : null;
    }

    @Override
    public String toString() {
        return "Containers[" + Objects.toString(settings) + "]";
    }
}
