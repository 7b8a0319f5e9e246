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
 * {@code internalPort}, {@code pullPolicy}, {@code healthcheck}); any other is refused, so that
 * nothing asked for is silently ignored.
 *
 * @param commandText      the command when written as one string, else {@code null}
 * @param command          the command's arguments; empty for the image's own command
 * @param nanoCpus         the CPU limit in billionths of a core, or {@code null}
 * @param memory           the memory limit in bytes, or {@code null}
 * @param cpuShares        the CPU request as Docker's relative weight (1024 per core), or {@code null}
 * @param memoryReservation the memory request in bytes, or {@code null}
 * @param secretEnvironment environment variables whose values are {@code secret://} references
 * @param pullPolicy       when the image is pulled, as the spec says; {@code null} to follow {@code docker.pullPolicy}
 * @param healthcheck      the container's own health check, or {@code null} to keep the image's
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
        PullPolicy pullPolicy,
        Health healthcheck) {

    /** The attributes a container may have. */
    /** The prefix of kombify's own labels. */
    static final String KOMBIFY_LABELS = "kombify.io/";
    /** The labels under {@link #KOMBIFY_LABELS} a spec gives a container (from the service); no others may be asked for. */
    static final Set<String> USER_KOMBIFY_LABELS = Set.of("kombify.io/service", "kombify.io/type");
    static final Set<String> KNOWN = Set.of("name", "image", "node", "network", "ports", "environment", "secretEnvironment",
            "mounts", "labels", "security", "restartPolicy", "cpuLimit", "memoryLimit", "cpuRequest", "memoryRequest",
            "command", "internalPort", "pullPolicy", "healthcheck");
    /**
     * The attributes that change on an existing container: what Docker can update in place, and the
     * pull policy, which only decides how the next create finds the image.
     */
    static final Set<String> UPDATABLE = Set.of("restartPolicy", "cpuLimit", "memoryLimit", "cpuRequest", "memoryRequest",
            "pullPolicy");
    /** The restart policies Docker knows. */
    static final Set<String> RESTART_POLICIES = Set.of("no", "always", "unless-stopped", "on-failure");

    private static final Pattern ENV_NAME = Pattern.compile("[^=\\s][^=]*");
    private static final long MIN_MEMORY = 6L * 1024 * 1024;

    /** A published or exposed port. */
    record Port(int container, String protocol, Integer host) {
        String key() {
            return container + "/" + protocol;
        }
    }

    /**
     * A health check in Docker's terms: {@code test} starts with {@code CMD}, {@code CMD-SHELL} or
     * {@code NONE}; durations in nanoseconds, {@code null} for Docker's default.
     */
    record Health(List<String> test, Long interval, Long timeout, Integer retries, Long startPeriod) {
        private static final Pattern DURATION = Pattern.compile("(?:(\\d+)(ms|s|m|h))+");
        private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
        private static final Set<String> KEYS = Set.of("test", "interval", "timeout", "retries", "startPeriod");

        /**
         * The check written as {@code healthcheck} of a service: {@code test} a shell command or a
         * list of arguments (a list may start with {@code CMD}, {@code CMD-SHELL} or {@code NONE}),
         * durations such as {@code 30s} or {@code 1m30s} (or whole seconds), {@code retries} a count.
         *
         * @throws IllegalArgumentException saying what is wrong, attribute first
         */
        static Health of(Object raw) {
            if (!(raw instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("must be a map with test, interval, timeout, retries and startPeriod");
            }
            for (Object k : map.keySet()) {
                if (!KEYS.contains(String.valueOf(k))) {
                    throw new IllegalArgumentException("has '" + k + "', which a health check does not know (it knows "
                            + new java.util.TreeSet<>(KEYS) + ")");
                }
            }
            Object test = map.get("test");
            List<String> argv = new ArrayList<>();
            if (test instanceof String text && !text.isBlank()) {
                argv.add("CMD-SHELL");
                argv.add(text);
            } else if (test instanceof List<?> list && !list.isEmpty()) {
                list.forEach(w -> argv.add(String.valueOf(w)));
                if (!Set.of("CMD", "CMD-SHELL", "NONE").contains(argv.get(0))) {
                    argv.add(0, "CMD");
                }
                if (argv.size() == 1 && !argv.get(0).equals("NONE")) {
                    throw new IllegalArgumentException("test " + argv + " names no command");
                }
            } else {
                throw new IllegalArgumentException("test must be a command: a string run by the shell, or a list of arguments");
            }
            Object retries = map.get("retries");
            Integer count = null;
            if (retries != null) {
                if (!(retries instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 1
                        || n.longValue() > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("retries is " + retries + "; write a whole number of at least 1");
                }
                count = n.intValue();
            }
            return new Health(List.copyOf(argv), nanos(map, "interval"), nanos(map, "timeout"), count, nanos(map, "startPeriod"));
        }

        private static Long nanos(Map<?, ?> map, String key) {
            Object v = map.get(key);
            if (v == null) {
                return null;
            }
            if (v instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() > 0) {
                return java.util.concurrent.TimeUnit.SECONDS.toNanos(n.longValue());
            }
            String text = String.valueOf(v).strip();
            if (DURATION.matcher(text).matches()) {
                long total = 0;
                var m = PART.matcher(text);
                while (m.find()) {
                    long amount = Long.parseLong(m.group(1));
                    total += switch (m.group(2)) {
                        case "ms" -> java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(amount);
                        case "s" -> java.util.concurrent.TimeUnit.SECONDS.toNanos(amount);
                        case "m" -> java.util.concurrent.TimeUnit.MINUTES.toNanos(amount);
                        default -> java.util.concurrent.TimeUnit.HOURS.toNanos(amount);
                    };
                }
                if (total >= 1_000_000L) {
                    return total;
                }
            }
            throw new IllegalArgumentException(key + " is '" + v + "'; write a duration of at least 1ms, such as 500ms, 30s or 1m30s");
        }

        /** The check as Docker takes it. */
        com.github.dockerjava.api.model.HealthCheck toDocker() {
            return new com.github.dockerjava.api.model.HealthCheck().withTest(test).withInterval(interval).withTimeout(timeout)
                    .withRetries(retries).withStartPeriod(startPeriod);
        }

        /** Whether Docker's {@code check} is this one (Docker reports an unset duration as 0). */
        boolean matches(com.github.dockerjava.api.model.HealthCheck check) {
            return check != null && test.equals(check.getTest()) && same(interval, check.getInterval())
                    && same(timeout, check.getTimeout()) && same(retries == null ? null : retries.longValue(),
                    check.getRetries() == null ? null : check.getRetries().longValue()) && same(startPeriod, check.getStartPeriod());
        }

        private static boolean same(Long asked, Long actual) {
            return (asked == null ? 0L : asked) == (actual == null ? 0L : actual);
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
        if (!Attrs.DOCKER_NAME.matcher(name).matches()) {
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
                throw p.invalid("protocol", "is '" + protocol + "'; write tcp, udp or sctp");
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
            if (environment.containsKey(k)) {
                // Docker keeps the last of two values, and reading the plain one back would show the secret as drift.
                throw a.invalid("secretEnvironment." + k, "names a variable that environment sets too; give " + k
                        + " one value: either plain in environment or a secret:// reference in secretEnvironment");
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
                    if (source.isEmpty() || !Attrs.DOCKER_NAME.matcher(source.get()).matches()) {
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
        for (String key : labels.keySet()) {
            if (key.startsWith(KOMBIFY_LABELS) && !USER_KOMBIFY_LABELS.contains(key)) {
                throw a.invalid("labels", "has the label '" + key + "', but labels under " + KOMBIFY_LABELS
                        + " are kombify's own (it keeps ownership and what Docker does not record in them); rename it, "
                        + "such as to example.com/" + key.substring(KOMBIFY_LABELS.length()));
            }
        }
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
        Health health = null;
        if (a.raw("healthcheck") != null) {
            try {
                health = Health.of(a.raw("healthcheck"));
            } catch (IllegalArgumentException e) {
                throw a.invalid("healthcheck", e.getMessage());
            }
        }
        return new ContainerSpec(name, image, a.optionalString("node").orElse(null), a.optionalString("network").orElse(null),
                List.copyOf(ports), environment, secrets, List.copyOf(mounts), labels,
                security.bool("noNewPrivileges", false), security.bool("readOnlyRootfs", false), List.copyOf(drop),
                restart, nanoCpus, memory, shares, reservation, commandText, command, internalPort, pull, health);
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
