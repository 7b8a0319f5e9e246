package io.kombify.spec.internal.resolve;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.kit.ComputeTier;
import io.kombify.spec.kit.KitGates;
import io.kombify.spec.kit.KitService;
import io.kombify.spec.kit.StackKit;
import io.kombify.spec.model.AlertingConfig;
import io.kombify.spec.model.BackupConfig;
import io.kombify.spec.model.BackupContent;
import io.kombify.spec.model.BackupTarget;
import io.kombify.spec.model.BackupTargetType;
import io.kombify.spec.model.CertSource;
import io.kombify.spec.model.ContainerSecurity;
import io.kombify.spec.model.DnsConfig;
import io.kombify.spec.model.FirewallBackend;
import io.kombify.spec.model.FirewallConfig;
import io.kombify.spec.model.FirewallPolicy;
import io.kombify.spec.model.FirewallProtocol;
import io.kombify.spec.model.FirewallRule;
import io.kombify.spec.model.HealthConfig;
import io.kombify.spec.model.Intent;
import io.kombify.spec.model.IntentKind;
import io.kombify.spec.model.InternalNetwork;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.LogDriver;
import io.kombify.spec.model.LogLevel;
import io.kombify.spec.model.LoggingConfig;
import io.kombify.spec.model.MetricsConfig;
import io.kombify.spec.model.NetworkConfig;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.ObservabilityConfig;
import io.kombify.spec.model.PermitRootLogin;
import io.kombify.spec.model.Port;
import io.kombify.spec.model.Protocol;
import io.kombify.spec.model.ProxyConfig;
import io.kombify.spec.model.ProxyRoute;
import io.kombify.spec.model.ResourceSpec;
import io.kombify.spec.model.RestartPolicy;
import io.kombify.spec.model.RotationPolicy;
import io.kombify.spec.model.SecretsBackend;
import io.kombify.spec.model.SecretsConfig;
import io.kombify.spec.model.SecurityConfig;
import io.kombify.spec.model.Service;
import io.kombify.spec.model.ServiceResources;
import io.kombify.spec.model.ServiceType;
import io.kombify.spec.model.SshConfig;
import io.kombify.spec.model.SshSecurity;
import io.kombify.spec.model.SystemConfig;
import io.kombify.spec.model.TlsConfig;
import io.kombify.spec.model.TlsMode;
import io.kombify.spec.model.TlsVersion;
import io.kombify.spec.model.Toggle;
import io.kombify.spec.model.UpgradePolicy;
import io.kombify.spec.model.VolumeMount;
import io.kombify.spec.model.VolumeType;
import io.kombify.spec.model.VpnKind;
import io.kombify.spec.model.AcmeProvider;
import io.kombify.spec.resolved.AddOn;
import io.kombify.spec.resolved.ResolvedNetwork;
import io.kombify.spec.resolved.ResolvedNode;
import io.kombify.spec.resolved.ResolvedObservability;
import io.kombify.spec.resolved.ResolvedPort;
import io.kombify.spec.resolved.ResolvedProxyRoute;
import io.kombify.spec.resolved.ResolvedSecurity;
import io.kombify.spec.resolved.ResolvedService;
import io.kombify.spec.resolved.ResolvedSsh;
import io.kombify.spec.resolved.ResolvedSystem;
import io.kombify.spec.resolved.ResolvedVolume;
import io.kombify.spec.resolved.Tier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a valid {@link Kombination} and its kit into a {@link ResolvedSpec}. Stateless; one
 * call does one resolution. The rules are documented on {@link io.kombify.spec.SpecResolver}.
 */
public final class Resolver {
    /** Heavy services the low-memory add-on leaves out of the kit's set (upstream {@code excludedServices}). */
    static final Set<String> LOW_MEMORY_EXCLUDED = Set.of("elasticsearch", "victoriametrics", "grafana", "minio");
    /** Memory below which a node triggers the low-memory add-on (upstream {@code maxNodeMemoryMB: 4096}). */
    static final ByteSize LOW_MEMORY_THRESHOLD = ByteSize.ofGibibytes(4);
    static final int VPN_PORT = 51820;
    static final List<String> DEFAULT_DNS = List.of("1.1.1.1", "8.8.8.8");

    private static final CpuQuantity DEFAULT_CPU_LIMIT = CpuQuantity.ofCores(1);
    private static final ByteSize DEFAULT_MEMORY_LIMIT = ByteSize.ofMebibytes(512);
    private static final Set<String> ARM_VALUES = Set.of("arm64", "aarch64", "arm", "armv7", "armv7l", "armhf", "armv8",
            "linux/arm64", "linux/arm/v7");
    private static final Set<String> FALSE_VALUES = Set.of("false", "0", "no", "none", "off", "");

    private Resolver() {
    }

    /** Resolves {@code spec}, which must be valid, with {@code kit}; {@code warnings} are carried into the result. */
    public static ResolvedSpec resolve(Kombination spec, StackKit kit, List<Diagnostic> warnings) {
        return resolve(spec, kit, warnings, d -> d);
    }

    /**
     * As {@link #resolve(Kombination, StackKit, List)}, with {@code place} giving the resolver's
     * own diagnostics their source positions.
     */
    public static ResolvedSpec resolve(Kombination spec, StackKit kit, List<Diagnostic> warnings,
                                       java.util.function.UnaryOperator<Diagnostic> place) {
        List<ResolvedNode> nodes = nodes(spec);
        EnumSet<AddOn> addOns = addOns(spec, kit, nodes);
        Tier tier = tier(kit, nodes);
        List<Diagnostic> found = new ArrayList<>();
        List<ResolvedService> services = services(spec, kit, tier, addOns, nodes, found);
        List<Diagnostic> notes = new ArrayList<>(warnings);
        for (Diagnostic d : found) {
            notes.add(place.apply(d));
        }
        ResolvedNetwork network = network(spec.network());
        ResolvedSecurity security = security(spec.security(), addOns);
        ResolvedObservability observability = observability(spec.observability());
        ResolvedSystem system = system(spec.system());
        String version = spec.version() == null ? "1.0" : spec.version();
        List<AddOn> ordered = List.copyOf(addOns);
        String hash = PlanHash.of(spec, version, kit, ordered, tier, nodes, services, network, security, observability, system);
        return new ResolvedSpec(spec.name(), version, kit, ordered, tier, nodes, services, network, security,
                observability, system, spec.intents(), notes, spec, hash);
    }

    // ---------------------------------------------------------------- nodes

    static List<ResolvedNode> nodes(Kombination spec) {
        List<ResolvedNode> out = new ArrayList<>(spec.nodes().size());
        for (Node n : spec.nodes()) {
            Defaults.NodeCapacity d = Defaults.capacity(n.type());
            ResourceSpec r = n.resources();
            CpuQuantity cpu = r != null && r.cpu() != null && r.cpu() >= 0 ? CpuQuantity.ofCores(r.cpu()) : d.cpu();
            ByteSize memory = r != null && r.memorySize() != null ? r.memorySize() : d.memory();
            ByteSize disk = r != null && r.diskSize() != null ? r.diskSize() : d.disk();
            boolean defaulted = r == null || r.cpu() == null || r.memorySize() == null || r.diskSize() == null;
            out.add(new ResolvedNode(n.name(), n.type() == null ? NodeType.MAIN : n.type(), n.provider(), ssh(n),
                    cpu, memory, disk, defaulted, n.labels(), n.taints()));
        }
        return out;
    }

    private static ResolvedSsh ssh(Node n) {
        SshConfig ssh = n.ssh();
        if (ssh == null || ssh.host() == null) {
            return null;
        }
        Defaults.SshDefault d = Defaults.ssh(n.provider());
        int port = ssh.port() != null ? ssh.port() : d != null ? d.port() : 22;
        // kombination.cue's own default user applies where the provider table has none (docker).
        String user = ssh.user() != null ? ssh.user() : d != null ? d.user() : "ubuntu";
        return new ResolvedSsh(ssh.host(), port, user, ssh.keyPath());
    }

    // ---------------------------------------------------------------- add-ons and tier

    static EnumSet<AddOn> addOns(Kombination spec, StackKit kit, List<ResolvedNode> nodes) {
        EnumSet<AddOn> out = EnumSet.noneOf(AddOn.class);
        int mains = 0;
        for (ResolvedNode n : nodes) {
            if (Defaults.CLOUD_PROVIDERS.contains(n.provider())) {
                out.add(AddOn.CLOUD_INTEGRATION);
            }
            if (n.type() == NodeType.MAIN) {
                mains++;
            }
            if (n.memory().compareTo(LOW_MEMORY_THRESHOLD) < 0) {
                out.add(AddOn.LOW_MEMORY);
            }
            for (Map.Entry<String, String> label : n.labels().entrySet()) {
                String key = label.getKey().toLowerCase(Locale.ROOT);
                String value = label.getValue() == null ? "" : label.getValue().toLowerCase(Locale.ROOT).trim();
                if ((key.contains("arch") || key.contains("platform")) && ARM_VALUES.contains(value)) {
                    out.add(AddOn.ARM_SUPPORT);
                }
                if ((key.contains("gpu") && !FALSE_VALUES.contains(value)) || value.equals("gpu")
                        || value.startsWith("nvidia") || value.startsWith("amd-gpu")) {
                    out.add(AddOn.GPU_WORKLOADS);
                }
            }
            for (String taint : n.taints()) {
                if (Placer.Taint.parse(taint).key().toLowerCase(Locale.ROOT).contains("gpu")) {
                    out.add(AddOn.GPU_WORKLOADS);
                }
            }
        }
        for (Service s : spec.services()) {
            if (s.isEnabled() && truthy(s.config().get("gpu"))) {
                out.add(AddOn.GPU_WORKLOADS);
            }
        }
        if (nodes.size() > 1) {
            out.add(AddOn.MULTI_NODE);
        }
        boolean haIntent = false;
        for (Intent i : spec.intents()) {
            if (i != null && i.kind() == IntentKind.HIGH_AVAILABILITY) {
                haIntent = true;
            }
        }
        if ((nodes.size() >= KitGates.HA_MIN_NODES && mains >= 2) || haIntent || KitGates.isHighAvailability(kit)) {
            out.add(AddOn.HIGH_AVAILABILITY);
        }
        NetworkConfig net = spec.network();
        if (net != null && net.vpn() != null && net.vpn() != VpnKind.NONE) {
            out.add(AddOn.VPN_OVERLAY);
        }
        return out;
    }

    private static boolean truthy(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes");
        }
        if (value instanceof Number n) {
            return n.doubleValue() > 0;
        }
        return value instanceof Map<?, ?> m && !m.isEmpty();
    }

    /**
     * The weakest main node decides (every node when there is no main node): the kit's
     * services must fit on any manager. Thresholds come from the kit's compute tiers, or the
     * upstream compute variants (high 8 CPU / 16 GiB, standard 4 CPU / 8 GiB).
     */
    static Tier tier(StackKit kit, List<ResolvedNode> nodes) {
        boolean anyMain = nodes.stream().anyMatch(n -> n.type() == NodeType.MAIN);
        CpuQuantity cpu = null;
        ByteSize memory = null;
        ByteSize disk = null;
        for (ResolvedNode n : nodes) {
            if (anyMain && n.type() != NodeType.MAIN) {
                continue;
            }
            cpu = cpu == null || n.cpu().compareTo(cpu) < 0 ? n.cpu() : cpu;
            memory = memory == null || n.memory().compareTo(memory) < 0 ? n.memory() : memory;
            disk = disk == null || n.disk().compareTo(disk) < 0 ? n.disk() : disk;
        }
        if (cpu == null) {
            return Tier.LOW;
        }
        if (meets(kit.computeTiers().get("high"), 8, 16, cpu, memory)) {
            return Tier.HIGH;
        }
        if (meets(kit.computeTiers().get("standard"), 4, 8, cpu, memory)) {
            return Tier.STANDARD;
        }
        return Tier.LOW;
    }

    private static boolean meets(ComputeTier tier, long defaultCores, long defaultGib, CpuQuantity cpu, ByteSize memory) {
        CpuQuantity wantCpu = tier != null && tier.cpu() != null ? tier.cpu() : CpuQuantity.ofCores(defaultCores);
        ByteSize wantMemory = tier != null && tier.memory() != null ? tier.memory() : ByteSize.ofGibibytes(defaultGib);
        return cpu.compareTo(wantCpu) >= 0 && memory.compareTo(wantMemory) >= 0;
    }

    // ---------------------------------------------------------------- services

    private record Draft(String name, Service user, int userIndex, KitService kit) {
    }

    static List<ResolvedService> services(Kombination spec, StackKit kit, Tier tier, Set<AddOn> addOns,
                                          List<ResolvedNode> nodes, List<Diagnostic> notes) {
        Map<String, Integer> userIndex = new HashMap<>(spec.services().size() * 2);
        for (int i = 0; i < spec.services().size(); i++) {
            userIndex.putIfAbsent(spec.services().get(i).name(), i);
        }
        // A reverse proxy of the user's own replaces the kit's: both would bind ports 80 and 443.
        String userProxy = null;
        for (Service u : spec.services()) {
            if (u.type() == ServiceType.REVERSE_PROXY && u.isEnabled() && kit.service(u.name()).isEmpty()) {
                userProxy = u.name();
                break;
            }
        }
        Map<String, String> replaced = new HashMap<>();
        List<Draft> drafts = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (KitService k : kit.servicesFor(tier.wire())) {
            Integer ui = userIndex.get(k.name());
            if (ui == null && addOns.contains(AddOn.LOW_MEMORY) && LOW_MEMORY_EXCLUDED.contains(k.name())) {
                continue;
            }
            if (ui == null && userProxy != null && k.type() == ServiceType.REVERSE_PROXY) {
                replaced.put(k.name(), userProxy);
                continue;
            }
            if (taken.add(k.name())) {
                drafts.add(new Draft(k.name(), ui == null ? null : spec.services().get(ui), ui == null ? -1 : ui, k));
            }
        }
        for (int i = 0; i < spec.services().size(); i++) {
            Service u = spec.services().get(i);
            if (taken.add(u.name())) {
                // A user service named like a catalogue entry the tier left out still inherits the entry.
                drafts.add(new Draft(u.name(), u, i, kit.service(u.name()).orElse(null)));
            }
        }
        Set<String> enabledNames = new HashSet<>();
        for (Draft d : drafts) {
            if (d.user == null || d.user.isEnabled()) {
                enabledNames.add(d.name);
            }
        }
        Placer placer = new Placer(nodes);
        Quantities quantities = new Quantities();
        int count = drafts.size();
        Sizing[] sizing = new Sizing[count];
        String[] node = new String[count];
        Placer.Request[] pending = new Placer.Request[count];
        for (int i = 0; i < count; i++) {
            Draft d = drafts.get(i);
            Sizing z = sizing(d, quantities);
            sizing[i] = z;
            node[i] = d.user == null ? null : d.user.node();
            if (d.user != null && !d.user.isEnabled()) {
                continue;
            }
            if (node[i] != null) {
                placer.reserve(node[i], z.cpuRequest.millis(), z.memoryRequest.bytes());
            } else {
                pending[i] = request(d, z);
            }
        }
        for (int i = 0; i < count; i++) {
            if (pending[i] == null) {
                continue;
            }
            String placed = placer.place(pending[i]);
            if (placed == null && drafts.get(i).user == null) {
                // The kit's own services are infrastructure: like system daemons they run on a
                // tainted node rather than nowhere.
                Placer.Request r = pending[i];
                placed = placer.place(new Placer.Request(r.role(), r.selector(), Set.of("*"), r.cpuMillis(), r.memoryBytes()));
            }
            if (placed == null) {
                throw unplaceable(drafts.get(i), pending[i]);
            }
            node[i] = placed;
        }
        ResolvedService[] out = new ResolvedService[count];
        for (int i = 0; i < count; i++) {
            out[i] = merge(drafts.get(i), enabledNames, replaced, sizing[i], node[i], pending[i] != null);
        }
        notes.addAll(placer.overcommitted());
        portConflicts(out, drafts, notes);
        return List.of(out);
    }

    /**
     * Two enabled services binding one host port and protocol on one node cannot both start.
     * The validator reports this among the user's services; here the kit's services take part.
     */
    private static void portConflicts(ResolvedService[] services, List<Draft> drafts, List<Diagnostic> notes) {
        Map<String, Map<Integer, Integer>> boundByNode = new HashMap<>();
        for (int i = 0; i < services.length; i++) {
            ResolvedService s = services[i];
            if (!s.enabled() || s.node() == null || s.ports().isEmpty()) {
                continue;
            }
            Map<Integer, Integer> bound = null;
            for (ResolvedPort p : s.ports()) {
                if (p.host() == null) {
                    continue;
                }
                if (bound == null) {
                    bound = boundByNode.computeIfAbsent(s.node(), n -> new HashMap<>());
                }
                int key = p.host() * 2 + (p.protocol() == Protocol.UDP ? 1 : 0);
                Integer other = bound.putIfAbsent(key, i);
                if (other != null && (drafts.get(i).user == null || drafts.get(other).user == null)) {
                    ResolvedService first = services[other];
                    int userIndex = drafts.get(i).userIndex >= 0 ? drafts.get(i).userIndex : drafts.get(other).userIndex;
                    notes.add(Diagnostic.warning("KIT_PORT_CONFLICT", userIndex >= 0 ? "/services/" + userIndex : "/services",
                            "services `" + first.name() + "` and `" + s.name() + "` both bind host port " + p.host() + "/"
                                    + p.protocol().wire() + " on node `" + s.node() + "`",
                            "give one of them another host port, pin it to another node, or override the kit's service by its name"));
                }
            }
        }
    }

    /** What placement needs to know before the service is built. */
    private record Sizing(CpuQuantity cpuLimit, ByteSize memoryLimit, CpuQuantity cpuRequest, ByteSize memoryRequest,
                          Map<String, Object> config) {
    }

    private static Sizing sizing(Draft d, Quantities q) {
        Service u = d.user;
        KitService k = d.kit;
        ServiceResources r = u == null ? null : u.resources();
        CpuQuantity cpuLimit = q.cpu(r == null ? null : r.cpuLimit(), k == null ? null : k.cpuLimit(), DEFAULT_CPU_LIMIT);
        ByteSize memoryLimit = q.size(r == null ? null : r.memoryLimit(), k == null ? null : k.memoryLimit(), DEFAULT_MEMORY_LIMIT);
        CpuQuantity cpuRequest = q.cpu(r == null ? null : r.cpuRequest(), k == null ? null : k.cpuRequest(), cpuLimit);
        ByteSize memoryRequest = q.size(r == null ? null : r.memoryRequest(), k == null ? null : k.memoryRequest(), memoryLimit);
        Map<String, Object> config;
        if (k == null || k.config().isEmpty()) {
            config = u == null ? Map.of() : u.config();
        } else if (u == null || u.config().isEmpty()) {
            config = k.config();
        } else {
            Map<String, Object> merged = new LinkedHashMap<>(k.config());
            merged.putAll(u.config());
            config = merged;
        }
        return new Sizing(cpuLimit, memoryLimit, cpuRequest, memoryRequest, config);
    }

    private static ResolvedService merge(Draft d, Set<String> enabledNames, Map<String, String> replaced, Sizing z,
                                         String node, boolean placed) {
        Service u = d.user;
        KitService k = d.kit;
        ServiceType type = u != null && u.type() != null ? u.type() : k != null ? k.type() : ServiceType.CUSTOM;
        boolean enabled = u == null || u.isEnabled();

        List<String> needs;
        if (u != null && !u.needs().isEmpty()) {
            needs = u.needs();
        } else if (k != null && !k.needs().isEmpty()) {
            needs = new ArrayList<>();
            for (String n : k.needs()) {
                String name = replaced.getOrDefault(n, n);
                if (enabledNames.contains(name) && !needs.contains(name) && !name.equals(d.name)) {
                    needs.add(name);
                }
            }
        } else {
            // #ServiceDefaults names services ("docker", "database"); they apply where the stack has them.
            needs = new ArrayList<>();
            for (ServiceType t : Defaults.needs(type)) {
                if (!t.wire().equals(d.name) && enabledNames.contains(t.wire())) {
                    needs.add(t.wire());
                }
            }
        }

        List<ResolvedPort> ports = new ArrayList<>();
        List<Port> source = u != null && !u.ports().isEmpty() ? u.ports()
                : k != null && !k.ports().isEmpty() ? k.ports() : Defaults.ports(type);
        for (Port p : source) {
            ports.add(new ResolvedPort(p.container(), p.host(), p.protocol() == null ? Protocol.TCP : p.protocol()));
        }

        Object configImage = u == null ? null : u.config().get("image");
        String image;
        ResolvedService.ImageSource imageSource;
        if (configImage instanceof String ci && !ci.isBlank()) {
            image = ci.trim();
            imageSource = ResolvedService.ImageSource.CONFIG;
        } else if (k != null && k.image() != null) {
            image = k.image();
            imageSource = ResolvedService.ImageSource.KIT;
        } else {
            image = null;
            imageSource = ResolvedService.ImageSource.NONE;
        }

        List<ResolvedVolume> volumes = new ArrayList<>();
        if (u != null) {
            for (VolumeMount v : u.volumes()) {
                volumes.add(new ResolvedVolume(v.name(), v.mountPath(), v.hostPath(), Boolean.TRUE.equals(v.readOnly()),
                        v.type() == null ? VolumeType.VOLUME : v.type(), v.backup() == null || v.backup()));
            }
        }
        ResolvedProxyRoute proxy = null;
        boolean expose = false;
        Integer internalPort = null;
        if (u != null && u.network() != null) {
            ProxyRoute p = u.network().proxy();
            if (p != null) {
                proxy = new ResolvedProxyRoute(p.enabled() == null || p.enabled(), p.domain(),
                        p.tls() == null ? TlsMode.AUTO : p.tls(), p.middlewares());
            }
            if (u.network().internal() != null) {
                expose = Boolean.TRUE.equals(u.network().internal().expose());
                internalPort = u.network().internal().port();
            }
        }
        ResolvedService.Placement placement = !enabled ? ResolvedService.Placement.DISABLED
                : placed ? ResolvedService.Placement.PLACED : ResolvedService.Placement.PINNED;
        ResolvedService.Origin origin = u == null ? ResolvedService.Origin.KIT
                : k == null ? ResolvedService.Origin.USER : ResolvedService.Origin.KIT_AND_USER;
        return new ResolvedService(d.name, type, origin, node, placement, enabled, needs,
                java.util.Optional.ofNullable(image), imageSource, ports, z.cpuLimit, z.memoryLimit, z.cpuRequest, z.memoryRequest,
                volumes, u == null ? Map.of() : u.environment(), u == null ? Map.of() : u.environmentSecrets(),
                u == null || u.restartPolicy() == null ? RestartPolicy.UNLESS_STOPPED : u.restartPolicy(),
                proxy, expose, internalPort, z.config);
    }

    /**
     * Parses each spelling of a quantity once per resolution: large specs repeat the same few
     * values, and parsing them is most of the cost of sizing a service.
     */
    private static final class Quantities {
        private final Map<String, CpuQuantity> cpus = new HashMap<>();
        private final Map<String, ByteSize> sizes = new HashMap<>();

        CpuQuantity cpu(String user, CpuQuantity kit, CpuQuantity fallback) {
            if (user != null) {
                CpuQuantity q = cpus.get(user);
                if (q == null && CpuQuantity.isValid(user)) {
                    q = CpuQuantity.parse(user);
                    cpus.put(user, q);
                }
                if (q != null) {
                    return q;
                }
            }
            return kit != null ? kit : fallback;
        }

        ByteSize size(String user, ByteSize kit, ByteSize fallback) {
            if (user != null) {
                ByteSize q = sizes.get(user);
                if (q == null && ByteSize.isValid(user)) {
                    q = ByteSize.parse(user);
                    sizes.put(user, q);
                }
                if (q != null) {
                    return q;
                }
            }
            return kit != null ? kit : fallback;
        }
    }

    /**
     * Placement constraints of a service: the kit's role ({@code placement}), then the user's
     * {@code config.placement} (a node type such as {@code edge}, or a map of labels) and
     * {@code config.nodeSelector} (a map of labels), and {@code config.tolerations} (taints
     * written as {@code key}, {@code key=value}, {@code key:Effect} or the whole taint; {@code *}
     * tolerates everything).
     */
    private static Placer.Request request(Draft d, Sizing s) {
        String role = d.kit != null && d.kit.placement() != null ? d.kit.placement().wire() : null;
        Map<String, String> selector = new LinkedHashMap<>();
        Set<String> tolerations = new LinkedHashSet<>();
        Map<String, Object> config = s.config;
        Object placement = config.get("placement");
        if (placement instanceof String p && !p.isBlank()) {
            role = p.trim().toLowerCase(Locale.ROOT);
            if (role.equals("manager")) {
                role = NodeType.MAIN.wire();
            } else if (role.equals("any")) {
                role = null;
            }
        } else if (placement instanceof Map<?, ?> m) {
            labels(m, selector);
        }
        if (config.get("nodeSelector") instanceof Map<?, ?> m) {
            labels(m, selector);
        }
        Object tol = config.get("tolerations");
        if (tol instanceof Collection<?> c) {
            for (Object o : c) {
                if (o != null) {
                    tolerations.add(String.valueOf(o));
                }
            }
        } else if (tol instanceof String t) {
            tolerations.add(t);
        }
        return new Placer.Request(role, selector, tolerations, s.cpuRequest.millis(), s.memoryRequest.bytes());
    }

    private static void labels(Map<?, ?> m, Map<String, String> into) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                Object v = e.getValue();
                into.put(String.valueOf(e.getKey()), v instanceof Boolean || v instanceof Number ? String.valueOf(v) : v.toString());
            }
        }
    }

    private static KombifyException unplaceable(Draft d, Placer.Request r) {
        String path = d.userIndex >= 0 ? "/services/" + d.userIndex : "/nodes";
        List<String> why = new ArrayList<>();
        if (r.role() != null) {
            why.add("role `" + r.role() + "`");
        }
        if (!r.selector().isEmpty()) {
            why.add("labels `" + r.selector() + "`");
        }
        why.add(r.tolerations().isEmpty() ? "no tolerations" : "tolerations `" + r.tolerations() + "`");
        Diagnostic diag = Diagnostic.error("SERVICE_UNPLACEABLE", path,
                "no node can run service `" + d.name + "` (" + String.join(", ", why) + ")",
                "label a node to match, add a toleration for its taints to `tolerations` in the service's `config`, or pin the service with `node`");
        return new KombifyException("SPEC_INVALID", diag.message(), List.of(diag));
    }

    // ---------------------------------------------------------------- settings

    static ResolvedNetwork network(NetworkConfig n) {
        VpnKind vpn = n == null || n.vpn() == null ? VpnKind.NONE : n.vpn();
        String domain = n == null || n.domain() == null ? "local" : n.domain();
        DnsConfig dns = n == null ? null : n.dns();
        List<String> servers = dns == null || dns.servers() == null ? DEFAULT_DNS : dns.servers();
        List<String> search = dns == null ? List.of() : dns.search();
        InternalNetwork internal = n == null ? null : n.internal();
        ProxyConfig proxy = n == null ? null : n.proxy();
        return new ResolvedNetwork(vpn, domain, servers, search,
                internal == null ? null : internal.subnet(), internal == null ? null : internal.gateway(),
                proxy == null ? null : proxy.http(), proxy == null ? null : proxy.https(),
                proxy == null ? List.of() : proxy.noProxy());
    }

    static ResolvedSecurity security(SecurityConfig s, Set<AddOn> addOns) {
        SshSecurity ssh = s == null ? null : s.ssh();
        ResolvedSecurity.Ssh rssh = new ResolvedSecurity.Ssh(
                ssh == null || ssh.port() == null ? 22 : ssh.port(),
                ssh != null && Boolean.TRUE.equals(ssh.passwordAuth()),
                ssh == null || ssh.permitRootLogin() == null ? PermitRootLogin.NO : ssh.permitRootLogin(),
                ssh == null || ssh.maxAuthTries() == null ? 3 : ssh.maxAuthTries(),
                ssh == null ? List.of() : ssh.allowUsers());
        FirewallConfig fw = s == null ? null : s.firewall();
        List<ResolvedSecurity.Rule> rules = new ArrayList<>();
        if (fw != null) {
            for (FirewallRule r : fw.rules()) {
                rules.add(new ResolvedSecurity.Rule(r.port(), r.protocol() == null ? FirewallProtocol.TCP : r.protocol(),
                        r.source() == null ? "any" : r.source(), r.comment()));
            }
        }
        if (addOns.contains(AddOn.VPN_OVERLAY) && rules.stream().noneMatch(r -> r.port() == VPN_PORT
                && (r.protocol() == FirewallProtocol.UDP || r.protocol() == FirewallProtocol.BOTH))) {
            rules.add(new ResolvedSecurity.Rule(VPN_PORT, FirewallProtocol.UDP, "any", "vpn-overlay: WireGuard"));
        }
        ResolvedSecurity.Firewall rfw = new ResolvedSecurity.Firewall(
                fw == null || fw.enabled() == null || fw.enabled(),
                fw == null || fw.backend() == null ? FirewallBackend.UFW : fw.backend(),
                fw == null || fw.defaultInbound() == null ? FirewallPolicy.DENY : fw.defaultInbound(),
                fw == null || fw.defaultOutbound() == null ? FirewallPolicy.ALLOW : fw.defaultOutbound(),
                rules);
        TlsConfig tls = s == null ? null : s.tls();
        ResolvedSecurity.Tls rtls = new ResolvedSecurity.Tls(
                tls == null || tls.minVersion() == null ? TlsVersion.V1_2 : tls.minVersion(),
                tls == null || tls.certSource() == null ? CertSource.ACME : tls.certSource(),
                tls == null ? null : tls.acmeEmail(),
                tls == null || tls.acmeProvider() == null ? AcmeProvider.LETSENCRYPT : tls.acmeProvider());
        ContainerSecurity c = s == null ? null : s.container();
        ResolvedSecurity.Container rc = new ResolvedSecurity.Container(
                c != null && Boolean.TRUE.equals(c.readOnlyRootfs()),
                c == null || c.noNewPrivileges() == null || c.noNewPrivileges(),
                c == null ? List.of() : c.dropCapabilities());
        SecretsConfig sec = s == null ? null : s.secrets();
        ResolvedSecurity.Secrets rsec = new ResolvedSecurity.Secrets(
                sec == null || sec.backend() == null ? SecretsBackend.FILE : sec.backend(),
                sec == null || sec.rotationPolicy() == null ? RotationPolicy.MANUAL : sec.rotationPolicy());
        return new ResolvedSecurity(rssh, rfw, rtls, rc, rsec);
    }

    static ResolvedObservability observability(ObservabilityConfig o) {
        LoggingConfig l = o == null ? null : o.logging();
        ResolvedObservability.Logging logging = new ResolvedObservability.Logging(
                l == null || l.driver() == null ? LogDriver.JOURNALD : l.driver(),
                l == null || l.retention() == null ? "7d" : l.retention(),
                l == null || l.level() == null ? LogLevel.INFO : l.level());
        MetricsConfig m = o == null ? null : o.metrics();
        ResolvedObservability.Metrics metrics = new ResolvedObservability.Metrics(
                m != null && Boolean.TRUE.equals(m.enabled()),
                toggle(m == null ? null : m.nodeExporter(), true),
                toggle(m == null ? null : m.cadvisor(), false));
        HealthConfig h = o == null ? null : o.health();
        ResolvedObservability.Health health = new ResolvedObservability.Health(
                h == null || h.enabled() == null || h.enabled(),
                duration(h == null ? null : h.interval(), Duration.ofSeconds(30)),
                duration(h == null ? null : h.timeout(), Duration.ofSeconds(10)));
        AlertingConfig a = o == null ? null : o.alerting();
        ResolvedObservability.Alerting alerting = new ResolvedObservability.Alerting(
                a != null && Boolean.TRUE.equals(a.enabled()), a == null ? List.of() : a.channels());
        BackupConfig b = o == null ? null : o.backup();
        BackupTarget t = b == null ? null : b.target();
        ResolvedObservability.Backup backup = new ResolvedObservability.Backup(
                b != null && Boolean.TRUE.equals(b.enabled()),
                b == null || b.schedule() == null ? "0 3 * * *" : b.schedule(),
                b == null || b.retention() == null ? "30d" : b.retention(),
                t == null || t.type() == null ? BackupTargetType.LOCAL : t.type(),
                t == null || t.path() == null ? "/var/backups/techstack" : t.path(),
                t == null ? null : t.bucket(), t == null ? null : t.region(), t == null ? null : t.endpoint(),
                b == null || b.include() == null ? List.of(BackupContent.VOLUMES, BackupContent.CONFIGS) : b.include(),
                b == null ? List.of() : b.exclude());
        return new ResolvedObservability(logging, metrics, health, alerting, backup);
    }

    private static boolean toggle(Toggle t, boolean whenAbsent) {
        return t == null || t.enabled() == null ? whenAbsent : t.enabled();
    }

    /** {@code 30s}, {@code 5m}, {@code 1h} (the schema's duration form); {@code fallback} otherwise. */
    static Duration duration(String text, Duration fallback) {
        if (text == null || text.length() < 2) {
            return fallback;
        }
        String digits = text.substring(0, text.length() - 1);
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 12) {
            return fallback;
        }
        long v = Long.parseLong(digits);
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(v);
            case 'm' -> Duration.ofMinutes(v);
            case 'h' -> Duration.ofHours(v);
            default -> fallback;
        };
    }

    static ResolvedSystem system(SystemConfig s) {
        String swap = s == null || s.swap() == null ? "disabled" : s.swap();
        ByteSize swapSize = null;
        if (ByteSize.isValid(swap)) {
            swapSize = ByteSize.parse(swap);
            swap = swapSize.toString();
        }
        return new ResolvedSystem(
                s == null || s.timezone() == null ? "UTC" : s.timezone(),
                s == null || s.locale() == null ? "en_US.UTF-8" : s.locale(),
                swap, swapSize,
                s == null || s.unattendedUpgrades() == null ? UpgradePolicy.SECURITY : s.unattendedUpgrades(),
                s == null || s.packages() == null ? List.of() : s.packages().base(),
                s == null || s.packages() == null ? List.of() : s.packages().extra());
    }
}
