package io.kombify.plugin.docker;

import com.github.dockerjava.api.model.Capability;
import io.kombify.core.ByteSize;
import io.kombify.core.KombifyException;
import io.kombify.core.SecretRef;
import io.kombify.deploy.ResourceId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The desired attributes of a {@code container} resource, checked and in Docker's units. The
 * attributes are those of the resource graph built from a spec ({@code name}, {@code image},
 * {@code node}, {@code network}, {@code ports}, {@code environment}, {@code secretEnvironment},
 * {@code mounts}, {@code labels}, {@code security}, {@code restartPolicy}, {@code cpuLimit},
 * {@code memoryLimit}, {@code cpuRequest}, {@code memoryRequest}, {@code command},
 * {@code internalPort}, {@code pullPolicy}); any other is refused, so that nothing asked for is
 * silently ignored.
 *
 * @param commandText      the command when written as one string, else {@code null}
 * @param command          the command's arguments; empty for the image's own command
 * @param nanoCpus         the CPU limit in billionths of a core, or {@code null}
 * @param memory           the memory limit in bytes, or {@code null}
 * @param cpuShares        the CPU request as Docker's relative weight (1024 per core), or {@code null}
 * @param memoryReservation the memory request in bytes, or {@code null}
 * @param secretEnvironment environment variables whose values are {@code secret://} references
 * @param pullPolicy       when the image is pulled, as the spec says; {@code null} to follow {@code docker.pullPolicy}
 */
record ContainerSpec(
        String name,
        String image,
        String node,
        String network,
        List<Port> ports,
        Map<String, String> environment,
        Map<String, String> secretEnvironment,
        List<Mount> mounts,
        Map<String, String> labels,
        boolean noNewPrivileges,
        boolean readOnlyRootfs,
        List<String> dropCapabilities,
        String restartPolicy,
        Long nanoCpus,
        Long memory,
        Integer cpuShares,
        Long memoryReservation,
        String commandText,
        List<String> command,
        Long internalPort,
        PullPolicy pullPolicy) {

    /** The attributes a container may have. */
    static final Set<String> KNOWN = Set.of("name", "image", "node", "network", "ports", "environment", "secretEnvironment",
            "mounts", "labels", "security", "restartPolicy", "cpuLimit", "memoryLimit", "cpuRequest", "memoryRequest",
            "command", "internalPort", "pullPolicy");
    /**
     * The attributes that change on an existing container: what Docker can update in place, and the
     * pull policy, which only decides how the next create finds the image.
     */
    static final Set<String> UPDATABLE = Set.of("restartPolicy", "cpuLimit", "memoryLimit", "cpuRequest", "memoryRequest",
            "pullPolicy");
    /** The restart policies Docker knows. */
    static final Set<String> RESTART_POLICIES = Set.of("no", "always", "unless-stopped", "on-failure");

    private static final Pattern DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[^=\\s][^=]*");
    private static final long MIN_MEMORY = 6L * 1024 * 1024;

    /** A published or exposed port. */
    record Port(int container, String protocol, Integer host) {
        String key() {
            return container + "/" + protocol;
        }
    }

    /** A mount: {@code type} volume, bind or tmpfs; {@code source} the volume's name or the host path. */
    record Mount(String type, String source, String target, boolean readOnly) {
    }

    /**
     * Checks {@code attributes} of {@code id}.
     *
     * @throws io.kombify.deploy.spi.ProviderException {@code DOCKER_ATTRIBUTE_UNKNOWN} or
     *                                                 {@code DOCKER_ATTRIBUTE_INVALID}
     */
    static ContainerSpec parse(ResourceId id, Map<String, Object> attributes) {
        Attrs a = new Attrs(id, attributes).requireKnown(KNOWN);
        String name = a.string("name");
        if (!DOCKER_NAME.matcher(name).matches()) {
            throw a.invalid("name", "'" + name + "' is not a container name (letters, digits, '_', '.' and '-')");
        }
        String image = a.string("image");
        if (image.isBlank()) {
            throw a.invalid("image", "is empty");
        }
        List<Port> ports = new ArrayList<>();
        for (Attrs p : a.mapList("ports")) {
            long container = p.optionalWhole("container").orElseThrow(() -> p.invalid("container", "is missing"));
            String protocol = p.optionalString("protocol").orElse("tcp").toLowerCase(Locale.ROOT);
            if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
                throw p.invalid("protocol", "is '" + protocol + "'; write tcp or udp");
            }
            Optional<Long> host = p.optionalWhole("host");
            checkPort(p, "container", container);
            host.ifPresent(h -> checkPort(p, "host", h));
            ports.add(new Port((int) container, protocol, host.map(Long::intValue).orElse(null)));
        }
        Map<String, String> environment = a.stringMap("environment");
        environment.keySet().forEach(k -> {
            if (!ENV_NAME.matcher(k).matches()) {
                throw a.invalid("environment", "has the variable name '" + k + "', which an environment cannot hold");
            }
        });
        Map<String, String> secrets = a.stringMap("secretEnvironment");
        secrets.forEach((k, v) -> {
            if (!ENV_NAME.matcher(k).matches()) {
                throw a.invalid("secretEnvironment", "has the variable name '" + k + "', which an environment cannot hold");
            }
            if (!SecretRef.isReference(v)) {
                throw a.invalid("secretEnvironment." + k, "must be a secret:// reference");
            }
        });
        List<Mount> mounts = new ArrayList<>();
        for (Attrs m : a.mapList("mounts")) {
            String type = m.optionalString("type").orElse("volume");
            String target = m.string("target");
            if (!target.startsWith("/")) {
                throw m.invalid("target", "'" + target + "' must be an absolute path in the container");
            }
            Optional<String> source = m.optionalString("source");
            switch (type) {
                case "volume" -> {
                    if (source.isEmpty() || !DOCKER_NAME.matcher(source.get()).matches()) {
                        throw m.invalid("source", "must name the volume (letters, digits, '_', '.' and '-')");
                    }
                }
                case "bind" -> {
                    if (source.isEmpty() || !source.get().startsWith("/")) {
                        throw m.invalid("source", "must be an absolute path on the node for a bind mount");
                    }
                }
                case "tmpfs" -> {
                    if (source.isPresent()) {
                        throw m.invalid("source", "must be absent for a tmpfs mount");
                    }
                }
                default -> throw m.invalid("type", "is '" + type + "'; write volume, bind or tmpfs");
            }
            mounts.add(new Mount(type, source.orElse(null), target, m.bool("readOnly", false)));
        }
        Map<String, String> labels = a.stringMap("labels");
        Attrs security = a.nested("security");
        List<String> drop = security.stringList("dropCapabilities");
        for (String cap : drop) {
            capability(cap).orElseThrow(() -> security.invalid("dropCapabilities", "names '" + cap
                    + "', which is not a Linux capability Docker knows (write them as NET_RAW, SYS_ADMIN or ALL)"));
        }
        String restart = a.optionalString("restartPolicy").orElse(null);
        if (restart != null && !RESTART_POLICIES.contains(restart)) {
            throw a.invalid("restartPolicy", "is '" + restart + "'; write always, unless-stopped, on-failure or no");
        }
        Long nanoCpus = a.optionalDecimal("cpuLimit").map(c -> nanoCpus(a, "cpuLimit", c)).orElse(null);
        Integer shares = a.optionalDecimal("cpuRequest").map(c -> cpuShares(a, c)).orElse(null);
        Long memory = a.optionalString("memoryLimit").map(m -> bytes(a, "memoryLimit", m, true)).orElse(null);
        Long reservation = a.optionalString("memoryRequest").map(m -> bytes(a, "memoryRequest", m, false)).orElse(null);
        String commandText = null;
        List<String> command = List.of();
        Object raw = a.raw("command");
        if (raw instanceof String text) {
            commandText = text;
            command = ShellWords.split(text).orElseThrow(() -> a.invalid("command", "'" + text + "' has an unclosed quote"));
            if (command.isEmpty()) {
                throw a.invalid("command", "is empty");
            }
        } else if (raw != null) {
            command = a.stringList("command");
            if (command.isEmpty()) {
                throw a.invalid("command", "is an empty list");
            }
        }
        Long internalPort = a.optionalWhole("internalPort").orElse(null);
        PullPolicy pull = a.optionalString("pullPolicy").map(p -> PullPolicy.parse(p).orElseThrow(() -> a.invalid("pullPolicy",
                "is '" + p + "'; write never, missing or always"))).orElse(null);
        return new ContainerSpec(name, image, a.optionalString("node").orElse(null), a.optionalString("network").orElse(null),
                List.copyOf(ports), environment, secrets, List.copyOf(mounts), labels,
                security.bool("noNewPrivileges", false), security.bool("readOnlyRootfs", false), List.copyOf(drop),
                restart, nanoCpus, memory, shares, reservation, commandText, command, internalPort, pull);
    }

    /** The Docker capability {@code name} stands for ({@code NET_RAW}, {@code net_raw} or {@code CAP_NET_RAW}). */
    static Optional<Capability> capability(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        if (n.startsWith("CAP_")) {
            n = n.substring(4);
        }
        try {
            return Optional.of(Capability.valueOf(n));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Cores as billionths of a core. */
    private static long nanoCpus(Attrs a, String name, BigDecimal cores) {
        if (cores.signum() <= 0) {
            throw a.invalid(name, "must be more than 0 cores, not " + cores.toPlainString());
        }
        try {
            return cores.movePointRight(9).longValueExact();
        } catch (ArithmeticException e) {
            throw a.invalid(name, cores.toPlainString() + " cores cannot be given to Docker (at most nine decimals)");
        }
    }

    /**
     * A CPU request as Docker's relative weight: 1024 per core, rounded to a whole number, which
     * reads back exactly for every request in thousandths of a core.
     */
    private static int cpuShares(Attrs a, BigDecimal cores) {
        if (cores.signum() <= 0) {
            throw a.invalid("cpuRequest", "must be more than 0 cores, not " + cores.toPlainString());
        }
        long millis = cores.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValue();
        long shares = Math.round(millis * 1024 / 1000.0);
        return (int) Math.max(2, Math.min(shares, 262_144));
    }

    /** The CPU request that {@code shares} stand for, in cores. */
    static BigDecimal coresOfShares(long shares) {
        return BigDecimal.valueOf(Math.round(shares * 1000 / 1024.0), 3).stripTrailingZeros();
    }

    private static long bytes(Attrs a, String name, String text, boolean limit) {
        long bytes;
        try {
            bytes = ByteSize.parse(text).bytes();
        } catch (KombifyException e) {
            throw a.invalid(name, e.getMessage());
        }
        if (limit && bytes < MIN_MEMORY) {
            throw a.invalid(name, "is " + text + ", below the 6Mi Docker allows for a container");
        }
        if (bytes <= 0) {
            throw a.invalid(name, "must be more than 0");
        }
        return bytes;
    }

    private static void checkPort(Attrs p, String name, long port) {
        if (port < 1 || port > 65535) {
            throw p.invalid(name, "is " + port + "; a port is 1 to 65535");
        }
    }
}
