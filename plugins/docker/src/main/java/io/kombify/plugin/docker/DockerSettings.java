package io.kombify.plugin.docker;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.core.SecretRef;
import io.kombify.deploy.spi.ProviderConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the Docker Engine of each node is and how the Docker provider treats images, read from
 * the provider settings ({@code --provider-setting docker.KEY=VALUE}) and the environment:
 *
 * <ul>
 *   <li>{@code docker.endpoint.NODE}: the engine of node {@code NODE}, such as
 *       {@code unix:///var/run/docker.sock} or {@code tcp://192.0.2.10:2375};</li>
 *   <li>{@code docker.endpoint}: the engine of every other node; else {@code DOCKER_HOST}; else
 *       {@code unix:///var/run/docker.sock};</li>
 *   <li>{@code docker.pullPolicy}: {@code never} (default), {@code missing} or {@code always}, for the
 *       containers whose service sets no {@code config.pullPolicy} of its own;</li>
 *   <li>{@code docker.stopTimeout}: seconds a container gets to stop before it is killed (default 10);</li>
 *   <li>{@code docker.healthTimeout}: seconds a started container with a health check (its own or
 *       its image's) gets to become healthy before its create fails (default 60).</li>
 * </ul>
 *
 * <p>For {@code tcp://} endpoints, TLS follows the Docker command's environment:
 * {@code DOCKER_TLS_VERIFY=1} with the certificates in {@code DOCKER_CERT_PATH}.
 *
 * @param defaultEndpoint the endpoint of nodes without their own setting
 * @param defaultSource   where the default came from, for messages ({@code docker.endpoint}, {@code DOCKER_HOST}, {@code default})
 * @param nodeEndpoints   endpoints set per node
 * @param pullPolicy      when images are pulled
 * @param stopTimeout     seconds a stopping container gets before it is killed
 * @param healthTimeout   seconds a started container with a health check gets to become healthy
 * @param certPath        the TLS certificates of {@code tcp://} endpoints, when {@code DOCKER_TLS_VERIFY} is on
 */
public record DockerSettings(String defaultEndpoint, String defaultSource, Map<String, String> nodeEndpoints,
                             PullPolicy pullPolicy, int stopTimeout, int healthTimeout, Optional<Path> certPath) {

    /** The setting naming the engine of every node without one of its own. */
    public static final String ENDPOINT = "docker.endpoint";
    /** The prefix of the settings naming one node's engine: {@code docker.endpoint.NODE}. */
    public static final String NODE_ENDPOINT_PREFIX = "docker.endpoint.";
    /** The setting choosing when images are pulled. */
    public static final String PULL_POLICY = "docker.pullPolicy";
    /** The setting giving containers seconds to stop before they are killed. */
    public static final String STOP_TIMEOUT = "docker.stopTimeout";
    /** The setting giving started containers seconds to become healthy. */
    public static final String HEALTH_TIMEOUT = "docker.healthTimeout";
    /** The engine used when nothing else names one. */
    public static final String DEFAULT_ENDPOINT = "unix:///var/run/docker.sock";

    private static final int DEFAULT_STOP_TIMEOUT = 10;
    private static final int MAX_STOP_TIMEOUT = 600;
    private static final int DEFAULT_HEALTH_TIMEOUT = 60;
    private static final int MAX_HEALTH_TIMEOUT = 3600;

    public DockerSettings {
        Objects.requireNonNull(defaultEndpoint, "defaultEndpoint");
        Objects.requireNonNull(defaultSource, "defaultSource");
        nodeEndpoints = Map.copyOf(Objects.requireNonNull(nodeEndpoints, "nodeEndpoints"));
        Objects.requireNonNull(pullPolicy, "pullPolicy");
        Objects.requireNonNull(certPath, "certPath");
        if (stopTimeout < 0) {
            throw new IllegalArgumentException("stopTimeout must not be negative");
        }
        if (healthTimeout < 0) {
            throw new IllegalArgumentException("healthTimeout must not be negative");
        }
    }

    /**
     * The settings of {@code config}.
     *
     * @throws KombifyException {@code DOCKER_SETTING_UNKNOWN} for a {@code docker.*} setting this
     *                          provider does not know, {@code DOCKER_ENDPOINT_INVALID} for an
     *                          endpoint that is not {@code unix:///PATH} or {@code tcp://HOST:PORT},
     *                          {@code DOCKER_SETTING_INVALID} for another value it cannot use
     */
    public static DockerSettings from(ProviderConfig config) {
        Objects.requireNonNull(config, "config");
        Map<String, String> nodes = new TreeMap<>();
        String endpoint = null;
        PullPolicy pull = PullPolicy.NEVER;
        int stop = DEFAULT_STOP_TIMEOUT;
        int health = DEFAULT_HEALTH_TIMEOUT;
        for (Map.Entry<String, String> e : new TreeMap<>(config.settings()).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("docker.")) {
                continue;
            }
            if (key.startsWith(ENDPOINT) && e.getValue() != null && SecretRef.isReference(e.getValue())) {
                // An endpoint is named in messages, the state (a local host's outputs) and logs: it is no secret.
                throw invalid("DOCKER_SETTING_INVALID", key, key + " is a secret:// reference, but an endpoint is shown in "
                        + "messages and recorded in the state, so it cannot be kept secret",
                        "write the endpoint itself, such as tcp://HOST:2375; keep credentials of a tcp:// engine in the TLS "
                                + "certificates of DOCKER_CERT_PATH");
            }
            String value = resolve(config, key, e.getValue());
            if (key.equals(ENDPOINT)) {
                endpoint = checkEndpoint(key, value);
            } else if (key.startsWith(NODE_ENDPOINT_PREFIX) && key.length() > NODE_ENDPOINT_PREFIX.length()) {
                nodes.put(key.substring(NODE_ENDPOINT_PREFIX.length()), checkEndpoint(key, value));
            } else if (key.equals(PULL_POLICY)) {
                pull = PullPolicy.parse(value).orElseThrow(() -> invalid("DOCKER_SETTING_INVALID", key,
                        key + " is '" + value + "', which is not a pull policy",
                        "write never (the default: use only images already on the node), missing or always"));
            } else if (key.equals(STOP_TIMEOUT)) {
                stop = seconds(key, value, MAX_STOP_TIMEOUT, "write the seconds a container gets to stop before it is killed, "
                        + "such as 10");
            } else if (key.equals(HEALTH_TIMEOUT)) {
                health = seconds(key, value, MAX_HEALTH_TIMEOUT, "write the seconds a started container gets to become "
                        + "healthy, such as 60");
            } else {
                throw invalid("DOCKER_SETTING_UNKNOWN", key, "the docker provider has no setting " + key,
                        "its settings are " + ENDPOINT + ", " + NODE_ENDPOINT_PREFIX + "NODE, " + PULL_POLICY + ", "
                                + STOP_TIMEOUT + " and " + HEALTH_TIMEOUT);
            }
        }
        String source = ENDPOINT;
        if (endpoint == null) {
            String fromEnvironment = config.environment().get("DOCKER_HOST");
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                endpoint = checkEndpoint("DOCKER_HOST", fromEnvironment.strip());
                source = "DOCKER_HOST";
            } else {
                endpoint = DEFAULT_ENDPOINT;
                source = "default";
            }
        }
        Optional<Path> certs = Optional.empty();
        String verify = config.environment().get("DOCKER_TLS_VERIFY");
        if (verify != null && !verify.isBlank() && !verify.strip().equals("0")) {
            String path = config.environment().get("DOCKER_CERT_PATH");
            if (path == null || path.isBlank()) {
                throw invalid("DOCKER_SETTING_INVALID", "DOCKER_CERT_PATH",
                        "DOCKER_TLS_VERIFY is set but DOCKER_CERT_PATH names no certificate directory",
                        "set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY");
            }
            certs = Optional.of(Path.of(path.strip()));
        }
        return new DockerSettings(endpoint, source, nodes, pull, stop, health, certs);
    }

    /** The engine of {@code node} ({@code null} for a resource that names no node). */
    public String endpointFor(String node) {
        if (node != null) {
            String own = nodeEndpoints.get(node);
            if (own != null) {
                return own;
            }
        }
        return defaultEndpoint;
    }

    /**
     * The node setting that looks like a misspelling of {@code node}'s, when {@code node} has
     * none of its own: {@code docker.endpoint.hmoe} for node {@code home} (the same letters in
     * another order or case, or one letter more or less). Names that differ in one letter
     * ({@code pi1}, {@code pi2}) are taken as distinct nodes.
     */
    public Optional<String> lookalikeOf(String node) {
        if (node == null || nodeEndpoints.containsKey(node)) {
            return Optional.empty();
        }
        return new TreeMap<>(nodeEndpoints).keySet().stream().filter(other -> lookalike(node, other))
                .map(other -> NODE_ENDPOINT_PREFIX + other).findFirst();
    }

    private static boolean lookalike(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        if (x.length() == y.length()) {
            char[] cx = x.toCharArray();
            char[] cy = y.toCharArray();
            Arrays.sort(cx);
            Arrays.sort(cy);
            return Arrays.equals(cx, cy);
        }
        String longer = x.length() > y.length() ? x : y;
        String shorter = longer == x ? y : x;
        if (longer.length() != shorter.length() + 1 || shorter.isEmpty()) {
            return false;
        }
        for (int i = 0; i < longer.length(); i++) {
            if ((longer.substring(0, i) + longer.substring(i + 1)).equals(shorter)) {
                return true;
            }
        }
        return false;
    }

    /** How to point {@code node} at another engine, for hints. */
    public static String settingFor(String node) {
        return node == null ? ENDPOINT : NODE_ENDPOINT_PREFIX + node;
    }

    /** Every endpoint a resource may be on: the default first, then those of single nodes. */
    public Set<String> endpoints() {
        Set<String> all = new LinkedHashSet<>();
        all.add(defaultEndpoint);
        all.addAll(new TreeMap<>(nodeEndpoints).values());
        return all;
    }

    private static String resolve(ProviderConfig config, String key, String value) {
        if (value != null && SecretRef.isReference(value)) {
            return new String(config.secrets().resolve(SecretRef.parse(value)).reveal());
        }
        return value == null ? "" : value;
    }

    /** {@code unix:///PATH} or {@code tcp://HOST:PORT}, as written. */
    static String checkEndpoint(String key, String value) {
        String v = value.strip();
        String hint = "write unix:///var/run/docker.sock (a local socket) or tcp://HOST:2375 (an engine listening on TCP)";
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw invalid("DOCKER_ENDPOINT_INVALID", key, key + " is '" + v + "', which is not an endpoint: "
                    + e.getReason(), hint);
        }
        String scheme = uri.getScheme();
        if ("unix".equals(scheme) && uri.getPath() != null && uri.getPath().startsWith("/") && uri.getPath().length() > 1
                && uri.getHost() == null) {
            return v;
        }
        if ("tcp".equals(scheme) && uri.getHost() != null && uri.getPort() > 0 && (uri.getPath() == null || uri.getPath().isEmpty()
                || uri.getPath().equals("/"))) {
            return v;
        }
        throw invalid("DOCKER_ENDPOINT_INVALID", key, key + " is '" + v + "', which is not a Docker endpoint kombify can use",
                hint);
    }

    private static int seconds(String key, String value, int max, String hint) {
        try {
            int seconds = Integer.parseInt(value.strip());
            if (seconds >= 0 && seconds <= max) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("DOCKER_SETTING_INVALID", key, key + " is '" + value + "', which is not a number of seconds from 0 to "
                + max, hint);
    }

    private static KombifyException invalid(String code, String key, String message, String hint) {
        return new KombifyException(code, message + " (" + hint + ")", List.of(Diagnostic.error(code, key, message, hint)));
    }

    /** The node endpoints and the default, for {@link #toString()}. */
    private Map<String, String> shown() {
        Map<String, String> m = new LinkedHashMap<>(new TreeMap<>(nodeEndpoints));
        m.put("*", defaultEndpoint + " (" + defaultSource + ")");
        return m;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        shown().forEach((k, v) -> parts.add(k + "=" + v));
        return "DockerSettings" + parts + ", pullPolicy=" + pullPolicy + ", stopTimeout=" + stopTimeout + "s, healthTimeout="
                + healthTimeout + "s";
    }
}
