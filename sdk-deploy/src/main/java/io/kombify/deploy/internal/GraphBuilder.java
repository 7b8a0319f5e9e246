package io.kombify.deploy.internal;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.model.Protocol;
import io.kombify.spec.model.Provider;
import io.kombify.spec.model.Service;
import io.kombify.spec.model.ServiceType;
import io.kombify.spec.model.VolumeType;
import io.kombify.spec.model.VpnKind;
import io.kombify.spec.resolved.ResolvedNode;
import io.kombify.spec.resolved.ResolvedPort;
import io.kombify.spec.resolved.ResolvedProxyRoute;
import io.kombify.spec.resolved.ResolvedSecurity;
import io.kombify.spec.resolved.ResolvedService;
import io.kombify.spec.resolved.ResolvedSsh;
import io.kombify.spec.resolved.ResolvedVolume;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the resource graph of a resolved spec.
 *
 * <p>Resources are added in a fixed order (SSH keys, networks and subnets, machines and hosts,
 * firewalls, container networks, then per service its volumes and container in the order of
 * {@code needs}, then VPN membership, proxy routes and DNS records), so the same spec always
 * gives an equal graph in the same order. Every resource is added after what it depends on,
 * which is what keeps the graph acyclic.
 *
 * <p>Nodes whose provider is {@code local} are existing hosts; every other node is a machine the
 * provider of its name creates. The firewall's {@code rules} are exactly the spec's rules (with
 * those the add-ons open); the host ports the node's containers publish are listed beside them
 * in {@code publishedPorts}, because a port published by a container is not thereby meant to be
 * reachable from anywhere (a service behind the reverse proxy publishes one for the proxy only).
 */
public final class GraphBuilder {

    /** Provider name of containers, container networks, volumes and proxy routes. */
    static final String DOCKER = "docker";
    /** Provider name of DNS records. */
    static final String DNS = "dns";
    /** Default private range of a cloud network when the spec names no subnet. */
    static final String DEFAULT_NETWORK_RANGE = "10.0.0.0/16";
    /** Default subnet of a cloud network when the spec names no subnet. */
    static final String DEFAULT_SUBNET_RANGE = "10.0.1.0/24";

    /** The key of a service's config, and the container attribute, saying when the image may be pulled. */
    static final String PULL_POLICY = "pullPolicy";
    /** The pull policies a container may have; the spec validator warns about any other value. */
    static final List<String> PULL_POLICIES = List.of("never", "missing", "always");

    private GraphBuilder() {
    }

    /**
     * The graph of {@code spec}.
     *
     * @throws KombifyException {@code SERVICE_IMAGE_MISSING} when an enabled service has no image,
     *                          {@code SERVICE_PULL_POLICY_INVALID} when its {@code config.pullPolicy} is not
     *                          {@code never}, {@code missing} or {@code always},
     *                          {@code SERVICE_NODE_UNKNOWN} when one is placed on no known node,
     *                          {@code SERVICE_NEEDS_CYCLE} when the services' needs form a cycle
     */
    public static ResourceGraph build(ResolvedSpec spec) {
        return new Run(spec).build();
    }

    /** The state of one build. */
    private static final class Run {
        private final ResolvedSpec spec;
        private final ResourceGraph.Builder graph;
        private final Map<String, ResourceId> nodeResource = new HashMap<>();
        private final Map<String, ResolvedService> enabled = new LinkedHashMap<>();
        private final Map<String, List<ResolvedService>> servicesOn = new HashMap<>();
        private final Map<String, ResourceId> sshKeys = new LinkedHashMap<>();
        private final Map<String, ResourceId> subnets = new LinkedHashMap<>();

        Run(ResolvedSpec spec) {
            this.spec = spec;
            this.graph = ResourceGraph.builder(spec.name(), spec.planHash());
        }

        ResourceGraph build() {
            for (ResolvedService s : spec.services()) {
                if (s.enabled()) {
                    enabled.put(s.name(), s);
                    servicesOn.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(s);
                }
            }
            checkServices();
            addCloudBasics();
            for (ResolvedNode node : spec.nodes()) {
                addNode(node);
            }
            if (spec.security().firewall().enabled()) {
                for (ResolvedNode node : spec.nodes()) {
                    addFirewall(node);
                }
            }
            for (ResolvedNode node : spec.nodes()) {
                add(ResourceType.CONTAINER_NETWORK, node.name(), DOCKER,
                        attrs("name", spec.name(), "node", node.name(), "driver", "bridge"),
                        Set.of(), Set.of(nodeResource.get(node.name())));
            }
            for (ResolvedService s : inNeedsOrder()) {
                addContainer(s);
            }
            addVpnMembers();
            addProxyRoutesAndDns();
            return graph.build();
        }

        /** A value as written, cut short so that a large one does not flood a message. */
        private static String shortened(Object value) {
            String text = String.valueOf(value);
            return text.length() <= 60 ? text : text.substring(0, 60) + "...";
        }

        private void checkServices() {
            Set<String> nodes = new HashSet<>();
            spec.nodes().forEach(n -> nodes.add(n.name()));
            // Diagnostics point into the spec as written; a service only the kit adds has no place there.
            Map<String, String> written = new HashMap<>();
            List<Service> source = spec.source().services();
            for (int i = 0; source != null && i < source.size(); i++) {
                written.putIfAbsent(source.get(i).name(), "/services/" + i);
            }
            List<Diagnostic> problems = new ArrayList<>();
            for (ResolvedService s : spec.services()) {
                if (s.enabled()) {
                    String path = written.getOrDefault(s.name(), "");
                    if (s.image().isEmpty() || s.image().get().isBlank()) {
                        problems.add(Diagnostic.error("SERVICE_IMAGE_MISSING", path,
                                "service " + s.name() + " has no container image",
                                "set config.image on the service, or use a kit that knows the service"));
                    }
                    Object pull = s.config().get(PULL_POLICY);
                    if (pull != null && !(pull instanceof String text && PULL_POLICIES.contains(text))) {
                        String at = path.isEmpty() ? "" : path + "/config/" + PULL_POLICY;
                        problems.add(Diagnostic.error("SERVICE_PULL_POLICY_INVALID", at,
                                "service " + s.name() + " has the pull policy '" + shortened(pull) + "', which is not one of "
                                        + String.join(", ", PULL_POLICIES),
                                "set config.pullPolicy to never (use only images already on the node), missing (pull an image "
                                        + "the node lacks) or always (pull before every create), or leave it out to follow "
                                        + "the provider's setting"));
                    }
                    if (s.node() == null || !nodes.contains(s.node())) {
                        problems.add(Diagnostic.error("SERVICE_NODE_UNKNOWN", path,
                                "service " + s.name() + " is placed on " + (s.node() == null ? "no node" : "unknown node " + s.node()),
                                "set node: to one of the stack's nodes"));
                    }
                }
            }
            if (!problems.isEmpty()) {
                Diagnostic first = problems.get(0);
                String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more problems)";
                throw new KombifyException(first.code(), "cannot build the resources of stack " + spec.name() + ": "
                        + first.message() + more, problems);
            }
        }

        /** SSH keys, networks and subnets: one of each per provider that creates machines. */
        private void addCloudBasics() {
            Map<Provider, ResolvedNode> firstNode = new LinkedHashMap<>();
            for (ResolvedNode node : spec.nodes()) {
                if (isMachine(node)) {
                    firstNode.putIfAbsent(node.provider(), node);
                }
            }
            List<Provider> keyed = firstNode.keySet().stream().filter(Run::usesSshKey).toList();
            for (Provider provider : keyed) {
                String name = keyed.size() == 1 ? spec.name() : provider.wire();
                Map<String, Object> a = attrs("name", "kombify-" + spec.name());
                String keyPath = keyPathOf(provider);
                if (keyPath != null) {
                    a.put("publicKeyPath", keyPath + ".pub");
                }
                sshKeys.put(provider.wire(), add(ResourceType.SSH_KEY, name, provider.wire(), a, Set.of(), Set.of()));
            }
            String subnet = spec.network().subnet();
            for (Provider provider : firstNode.keySet()) {
                ResourceId network = add(ResourceType.NETWORK, provider.wire(), provider.wire(),
                        attrs("name", "kombify-" + spec.name(), "ipRange", subnet != null ? subnet : DEFAULT_NETWORK_RANGE),
                        Set.of(), Set.of());
                Map<String, Object> a = attrs("network", network.toString(),
                        "ipRange", subnet != null ? subnet : DEFAULT_SUBNET_RANGE);
                if (spec.network().gateway() != null) {
                    a.put("gateway", spec.network().gateway());
                }
                subnets.put(provider.wire(), add(ResourceType.SUBNET, provider.wire(), provider.wire(), a, Set.of(), Set.of(network)));
            }
        }

        private String keyPathOf(Provider provider) {
            for (ResolvedNode node : spec.nodes()) {
                if (node.provider() == provider && node.ssh() != null && node.ssh().keyPath() != null) {
                    return node.ssh().keyPath();
                }
            }
            return null;
        }

        private void addNode(ResolvedNode node) {
            if (!isMachine(node)) {
                Map<String, Object> a = attrs("role", node.type().wire());
                ResolvedSsh ssh = node.ssh();
                if (ssh != null) {
                    a.put("host", ssh.host());
                    a.put("port", ssh.port());
                    a.put("user", ssh.user());
                    if (ssh.keyPath() != null) {
                        a.put("keyPath", ssh.keyPath());
                    }
                }
                nodeResource.put(node.name(), add(ResourceType.HOST, node.name(), node.provider().wire(), a, Set.of(), Set.of()));
                return;
            }
            String provider = node.provider().wire();
            Map<String, Object> a = attrs("name", node.name(), "role", node.type().wire(),
                    "cpu", node.cpu().cores(), "memory", node.memory().toString(), "disk", node.disk().toString(),
                    "labels", node.labels());
            putLabel(a, "serverType", node.labels(), "server-type", "server_type", "serverType", "instance-type");
            putLabel(a, "location", node.labels(), "location", "site", "region", "topology.kubernetes.io/region");
            putLabel(a, "image", node.labels(), "image", "os");
            String arch = archOf(node.labels());
            if (arch != null) {
                a.put("arch", arch);
            }
            if (!node.taints().isEmpty()) {
                a.put("taints", node.taints());
            }
            Set<ResourceId> deps = new LinkedHashSet<>();
            ResourceId key = sshKeys.get(provider);
            if (key != null) {
                a.put("sshKey", key.toString());
                deps.add(key);
                if (node.ssh() != null) {
                    a.put("sshUser", node.ssh().user());
                }
            }
            ResourceId subnet = subnets.get(provider);
            a.put("subnet", subnet.toString());
            deps.add(subnet);
            nodeResource.put(node.name(), add(ResourceType.MACHINE, node.name(), provider, a, Set.of(), deps));
        }

        private void addFirewall(ResolvedNode node) {
            ResolvedSecurity.Firewall fw = spec.security().firewall();
            List<Object> rules = new ArrayList<>();
            for (ResolvedSecurity.Rule r : fw.rules()) {
                Map<String, Object> rule = attrs("port", r.port(), "protocol", r.protocol().wire(),
                        "source", r.source() == null ? "any" : r.source());
                if (r.comment() != null) {
                    rule.put("comment", r.comment());
                }
                rules.add(rule);
            }
            List<Object> published = new ArrayList<>();
            for (ResolvedService s : servicesOn.getOrDefault(node.name(), List.of())) {
                for (ResolvedPort p : s.ports()) {
                    if (p.host() != null) {
                        published.add(attrs("port", p.host(), "protocol", protocolOf(p), "service", s.name()));
                    }
                }
            }
            Map<String, Object> a = attrs("node", node.name(), "backend", fw.backend().wire(),
                    "defaultInbound", fw.defaultInbound().wire(), "defaultOutbound", fw.defaultOutbound().wire(),
                    "rules", rules, "publishedPorts", published);
            add(ResourceType.FIREWALL, node.name(), node.provider().wire(), a, Set.of(), Set.of(nodeResource.get(node.name())));
        }

        /**
         * The enabled services, each after the services it needs; otherwise in spec order. Needs
         * on services that are not deployed are left out, as the simulator leaves them out.
         */
        private List<ResolvedService> inNeedsOrder() {
            List<ResolvedService> order = new ArrayList<>(enabled.size());
            Map<String, Integer> mark = new HashMap<>(); // 1 = on the current path, 2 = done
            for (ResolvedService root : enabled.values()) {
                if (mark.containsKey(root.name())) {
                    continue;
                }
                // Iterative depth-first search, so a long chain of needs cannot overflow the stack.
                List<ResolvedService> path = new ArrayList<>();
                List<Integer> next = new ArrayList<>();
                path.add(root);
                next.add(0);
                mark.put(root.name(), 1);
                while (!path.isEmpty()) {
                    int top = path.size() - 1;
                    ResolvedService s = path.get(top);
                    int i = next.get(top);
                    if (i < s.needs().size()) {
                        next.set(top, i + 1);
                        ResolvedService need = enabled.get(s.needs().get(i));
                        if (need == null) {
                            continue;
                        }
                        Integer m = mark.get(need.name());
                        if (m == null) {
                            mark.put(need.name(), 1);
                            path.add(need);
                            next.add(0);
                        } else if (m == 1) {
                            List<String> cycle = new ArrayList<>();
                            for (int k = path.indexOf(need); k < path.size(); k++) {
                                cycle.add(path.get(k).name());
                            }
                            cycle.add(need.name());
                            throw new KombifyException("SERVICE_NEEDS_CYCLE", "the needs of services " + String.join(" -> ", cycle)
                                    + " form a cycle, so no service of it can start first",
                                    List.of(Diagnostic.error("SERVICE_NEEDS_CYCLE", "/services", "needs form a cycle: "
                                            + String.join(" -> ", cycle), "remove one of the needs of the cycle")));
                        }
                    } else {
                        mark.put(s.name(), 2);
                        order.add(s);
                        path.remove(top);
                        next.remove(top);
                    }
                }
            }
            return order;
        }

        private void addContainer(ResolvedService s) {
            ResourceId node = nodeResource.get(s.node());
            Set<ResourceId> deps = new LinkedHashSet<>();
            deps.add(node);
            deps.add(ResourceId.of(ResourceType.CONTAINER_NETWORK, s.node()));
            List<Object> mounts = new ArrayList<>();
            for (ResolvedVolume v : s.volumes()) {
                VolumeType type = v.type() == null ? VolumeType.VOLUME : v.type();
                Map<String, Object> mount = attrs("type", type.wire(), "target", v.mountPath(), "readOnly", v.readOnly());
                if (type == VolumeType.VOLUME) {
                    String volumeName = s.name() + "-" + v.name();
                    ResourceId volume = add(ResourceType.VOLUME, volumeName, DOCKER,
                            attrs("name", volumeName, "node", s.node(), "service", s.name(), "backup", v.backup()),
                            Set.of(), Set.of(node));
                    deps.add(volume);
                    mount.put("source", volumeName);
                } else if (type == VolumeType.BIND) {
                    mount.put("source", v.hostPath());
                }
                mounts.add(mount);
            }
            for (String need : s.needs()) {
                if (enabled.containsKey(need)) {
                    deps.add(ResourceId.of(ResourceType.CONTAINER, need));
                }
            }
            List<Object> ports = new ArrayList<>();
            for (ResolvedPort p : s.ports()) {
                Map<String, Object> port = attrs("container", p.container(), "protocol", protocolOf(p));
                if (p.host() != null) {
                    port.put("host", p.host());
                }
                ports.add(port);
            }
            Map<String, Object> labels = new LinkedHashMap<>();
            if (s.config().get("labels") instanceof Map<?, ?> configured) {
                configured.forEach((k, v) -> {
                    if (k instanceof String key && v != null && !(v instanceof Map) && !(v instanceof List)) {
                        labels.put(key, String.valueOf(v));
                    }
                });
            }
            labels.put("kombify.io/service", s.name());
            labels.put("kombify.io/type", s.type().wire());
            ResolvedSecurity.Container hardening = spec.security().container();
            Map<String, Object> a = attrs("name", s.name(), "image", s.image().orElseThrow(), "node", s.node(),
                    "network", spec.name(), "ports", ports, "environment", s.environment(), "mounts", mounts,
                    "labels", labels,
                    "security", attrs("noNewPrivileges", hardening.noNewPrivileges(),
                            "readOnlyRootfs", hardening.readOnlyRootfs(), "dropCapabilities", hardening.dropCapabilities()));
            putIfPresent(a, "restartPolicy", s.restartPolicy() == null ? null : s.restartPolicy().wire());
            putIfPresent(a, "cpuLimit", s.cpuLimit() == null ? null : s.cpuLimit().cores());
            putIfPresent(a, "memoryLimit", s.memoryLimit() == null ? null : s.memoryLimit().toString());
            putIfPresent(a, "cpuRequest", s.cpuRequest() == null ? null : s.cpuRequest().cores());
            putIfPresent(a, "memoryRequest", s.memoryRequest() == null ? null : s.memoryRequest().toString());
            if (s.config().get(PULL_POLICY) instanceof String pull) {
                a.put(PULL_POLICY, pull);
            }
            Object command = s.config().get("command");
            if (command instanceof String || command instanceof List) {
                a.put("command", command);
            }
            if (s.exposeInternal() && s.internalPort() != null) {
                a.put("internalPort", s.internalPort());
            }
            if (s.config().get("healthcheck") instanceof Map<?, ?> check) {
                // The service's own check; its interval and timeout default to observability.health's.
                Map<String, Object> healthcheck = new LinkedHashMap<>();
                check.forEach((k, v) -> healthcheck.put(String.valueOf(k), v));
                var health = spec.observability().health();
                if (health.enabled()) {
                    healthcheck.putIfAbsent("interval", health.interval().toSeconds() + "s");
                    healthcheck.putIfAbsent("timeout", health.timeout().toSeconds() + "s");
                }
                a.put("healthcheck", healthcheck);
            }
            Set<String> sensitive = Set.of();
            if (!s.environmentSecrets().isEmpty()) {
                a.put("secretEnvironment", s.environmentSecrets());
                sensitive = Set.of("secretEnvironment");
            }
            add(ResourceType.CONTAINER, s.name(), DOCKER, a, sensitive, deps);
        }

        private void addVpnMembers() {
            VpnKind vpn = spec.network().vpn();
            if (vpn == null || vpn == VpnKind.NONE) {
                return;
            }
            ResolvedService coordinator = null;
            for (ResolvedService s : enabled.values()) {
                if (s.type() == ServiceType.VPN) {
                    coordinator = s;
                    break;
                }
            }
            for (ResolvedNode node : spec.nodes()) {
                Set<ResourceId> deps = new LinkedHashSet<>();
                deps.add(nodeResource.get(node.name()));
                Map<String, Object> a = attrs("node", node.name(), "hostname", node.name(), "kind", vpn.wire());
                if (coordinator != null) {
                    deps.add(ResourceId.of(ResourceType.CONTAINER, coordinator.name()));
                    a.put("coordinator", coordinator.name());
                    a.put("coordinatorNode", coordinator.node());
                    if (coordinator.config().get("serverUrl") instanceof String url) {
                        a.put("controlUrl", url);
                    }
                }
                add(ResourceType.VPN_MEMBER, node.name(), vpn.wire(), a, Set.of(), deps);
            }
        }

        private void addProxyRoutesAndDns() {
            ResolvedService proxy = null;
            for (ResolvedService s : enabled.values()) {
                if (s.type() == ServiceType.REVERSE_PROXY) {
                    proxy = s;
                    break;
                }
            }
            Map<String, String> domainNode = new LinkedHashMap<>();
            for (ResolvedService s : spec.services()) {
                ResolvedProxyRoute route = s.proxy();
                if (!s.enabled() || route == null || !route.enabled()) {
                    continue;
                }
                String domain = route.domain() != null ? route.domain() : s.name() + "." + spec.network().domain();
                Set<ResourceId> deps = new LinkedHashSet<>();
                deps.add(ResourceId.of(ResourceType.CONTAINER, s.name()));
                Map<String, Object> a = attrs("domain", domain, "tls", route.tls() == null ? "auto" : route.tls().wire(),
                        "service", s.name(), "node", s.node(), "middlewares", route.middlewares());
                Integer port = targetPort(s);
                if (port != null) {
                    a.put("port", port);
                }
                if (proxy != null) {
                    deps.add(ResourceId.of(ResourceType.CONTAINER, proxy.name()));
                    a.put("proxy", proxy.name());
                }
                add(ResourceType.PROXY_ROUTE, s.name(), DOCKER, a, Set.of(), deps);
                // The proxy terminates the domain, so the name points at its node; without one, at the service's.
                domainNode.putIfAbsent(domain, proxy != null ? proxy.node() : s.node());
            }
            for (Map.Entry<String, String> e : domainNode.entrySet()) {
                ResourceId target = nodeResource.get(e.getValue());
                add(ResourceType.DNS_RECORD, e.getKey(), DNS,
                        attrs("name", e.getKey(), "type", "A", "node", e.getValue(), "target", target.toString()),
                        Set.of(), Set.of(target));
            }
        }

        /** The port the proxy forwards to: the internal port, else the first tcp port of the container. */
        private static Integer targetPort(ResolvedService s) {
            if (s.internalPort() != null) {
                return s.internalPort();
            }
            for (ResolvedPort p : s.ports()) {
                if (p.protocol() != Protocol.UDP) {
                    return p.container();
                }
            }
            return null;
        }

        private ResourceId add(ResourceType type, String name, String provider, Map<String, Object> attributes,
                               Set<String> sensitive, Set<ResourceId> dependsOn) {
            ResourceId id = ResourceId.of(type, name);
            graph.add(new Resource(id, provider, attributes, sensitive, dependsOn));
            return id;
        }

        private static boolean isMachine(ResolvedNode node) {
            return node.provider() != Provider.LOCAL;
        }

        /** Machines of the docker provider are containers on the local engine, reached without SSH. */
        private static boolean usesSshKey(Provider provider) {
            return provider != Provider.DOCKER;
        }
    }

    private static String protocolOf(ResolvedPort p) {
        return p.protocol() == null ? Protocol.TCP.wire() : p.protocol().wire();
    }

    private static void putIfPresent(Map<String, Object> a, String key, Object value) {
        if (value != null) {
            a.put(key, value);
        }
    }

    private static void putLabel(Map<String, Object> a, String key, Map<String, String> labels, String... names) {
        for (String n : names) {
            String v = labels.get(n);
            if (v != null && !v.isBlank()) {
                a.put(key, v);
                return;
            }
        }
    }

    /** The architecture a node's labels declare, normalised as the simulator does, or {@code null}. */
    static String archOf(Map<String, String> labels) {
        for (String key : List.of("arch", "kubernetes.io/arch", "beta.kubernetes.io/arch")) {
            String value = labels.get(key);
            if (value != null && !value.isBlank()) {
                String v = value.trim().toLowerCase(Locale.ROOT);
                return switch (v) {
                    case "x86_64", "x86-64", "amd64", "x64" -> "amd64";
                    case "aarch64", "arm64", "armv8" -> "arm64";
                    case "arm", "armv7", "armv7l", "armhf" -> "arm";
                    default -> v;
                };
            }
        }
        return null;
    }

    /** A mutable, insertion-ordered map of the given key-value pairs. */
    private static Map<String, Object> attrs(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
