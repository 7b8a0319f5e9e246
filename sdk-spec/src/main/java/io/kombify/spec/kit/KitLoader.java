package io.kombify.spec.kit;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.spec.kit.KitYaml.Y;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Port;
import io.kombify.spec.model.Protocol;
import io.kombify.spec.model.ServiceType;
import io.kombify.spec.model.WireValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@code stackkit.yaml} into a {@link StackKit}. Upstream kit files have grown several
 * dialects ({@code memory} or {@code ram}, {@code recommended_for} or {@code recommendedFor},
 * {@code stackkit/v1} or a catalogue-metadata kind); all of them load. What cannot be read
 * (a missing name, a size that is not a size, a list where a map belongs) is reported as a
 * {@code KIT_INVALID} diagnostic with line and column.
 */
final class KitLoader {
    private static final Set<String> KNOWN_TOP = Set.of("apiVersion", "kind", "metadata", "supportedOS",
            "requirements", "modes", "variants", "defaultVariant", "services", "computeTiers", "features",
            "extends", "platform");
    private static final Set<String> KNOWN_META = Set.of("name", "displayName", "version", "description", "author",
            "license", "repository", "status", "maturity", "tags", "aliases", "deprecated_aliases", "deprecatedAliases");

    private final KitYaml yaml;

    private KitLoader(KitYaml yaml) {
        this.yaml = yaml;
    }

    static StackKit load(String source, String text) {
        KitYaml.Parsed parsed = KitYaml.parse(source, text);
        KitLoader loader = new KitLoader(parsed.reader());
        StackKit kit = loader.kit(parsed.root());
        List<Diagnostic> problems = parsed.reader().problems();
        if (!problems.isEmpty() || kit == null) {
            Diagnostic first = problems.isEmpty()
                    ? Diagnostic.error("KIT_INVALID", "", source + ": not a StackKit", "add `metadata:` with a `name`, such as `name: my-kit`")
                    : problems.get(0);
            String where = first.hasPosition() ? " (line " + first.line() + ", column " + first.column() + ")" : "";
            String more = problems.size() > 1 ? " and " + (problems.size() - 1) + " more problem(s)" : "";
            throw new KombifyException("KIT_INVALID", first.message() + where + more,
                    problems.isEmpty() ? List.of(first) : problems);
        }
        return kit;
    }

    private StackKit kit(Y root) {
        if (!root.isMap()) {
            return null;
        }
        Y metaNode = root.get("metadata");
        if (metaNode == null || !metaNode.isMap()) {
            yaml.problem(metaNode == null ? root : metaNode, "a kit needs a `metadata` mapping with a name",
                    "add `metadata:` with a `name`, such as `name: my-kit`");
            return null;
        }
        KitMetadata metadata = metadata(metaNode);
        if (metadata == null) {
            return null;
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        root.map().forEach((k, v) -> {
            if (!KNOWN_TOP.contains(k) || (("platform".equals(k) || "extends".equals(k)) && !v.isScalar())) {
                extensions.put(k, v.plain());
            }
        });
        return new StackKit(
                yaml.string(root.get("apiVersion")),
                yaml.string(root.get("kind")),
                metadata,
                yaml.strings(root.get("supportedOS")),
                requirements(root.get("requirements")),
                modes(root.get("modes")),
                variants(root.get("variants")),
                yaml.string(root.get("defaultVariant")),
                services(root.get("services")),
                tiers(root.get("computeTiers")),
                yaml.open(root.get("features")),
                scalarOrNull(root.get("extends")),
                scalarOrNull(root.get("platform")),
                extensions);
    }

    /** Newer upstream kits turned {@code platform} into a section; that form stays in the extensions. */
    private String scalarOrNull(Y y) {
        return y != null && y.isScalar() ? yaml.string(y) : null;
    }

    private KitMetadata metadata(Y m) {
        String name = yaml.string(m.get("name"));
        if (name == null || name.isBlank()) {
            yaml.problem(m.get("name") == null ? m : m.get("name"), "the kit's `metadata` has no `name`", "name the kit, such as `name: my-kit`");
            return null;
        }
        Set<String> aliases = new LinkedHashSet<>();
        aliases.addAll(yaml.strings(m.get("aliases")));
        aliases.addAll(yaml.strings(m.get("deprecated_aliases")));
        aliases.addAll(yaml.strings(m.get("deprecatedAliases")));
        Map<String, Object> extra = new LinkedHashMap<>();
        m.map().forEach((k, v) -> {
            if (!KNOWN_META.contains(k)) {
                extra.put(k, v.plain());
            }
        });
        return new KitMetadata(name, yaml.string(m.get("displayName")), yaml.string(m.get("version")),
                yaml.string(m.get("description")), yaml.string(m.get("author")), yaml.string(m.get("license")),
                yaml.string(m.get("repository")), yaml.string(m.get("status")), yaml.string(m.get("maturity")),
                yaml.strings(m.get("tags")), List.copyOf(aliases), extra);
    }

    private KitRequirements requirements(Y y) {
        Map<String, Y> m = yaml.mapping(y);
        return new KitRequirements(resources(m.get("minimum")), resources(m.get("recommended")));
    }

    private KitResources resources(Y y) {
        Map<String, Y> m = yaml.mapping(y);
        if (m.isEmpty()) {
            return KitResources.NONE;
        }
        Y memory = m.containsKey("memory") ? m.get("memory") : m.get("ram");
        return new KitResources(yaml.cpu(m.get("cpu")), yaml.size(memory), yaml.size(m.get("disk")),
                yaml.integer(m.get("nodes")), yaml.integer(m.get("managerNodes")), yaml.integer(m.get("workerNodes")),
                yaml.string(m.get("diskType")));
    }

    private Map<String, KitMode> modes(Y y) {
        Map<String, KitMode> out = new LinkedHashMap<>();
        yaml.mapping(y).forEach((name, m) -> {
            Map<String, Y> f = yaml.mapping(m);
            Boolean recommended = f.containsKey("recommended") ? yaml.bool(f.get("recommended"))
                    : f.containsKey("default") ? yaml.bool(f.get("default")) : null;
            Y recommendedFor = f.containsKey("recommended_for") ? f.get("recommended_for") : f.get("recommendedFor");
            out.put(name, new KitMode(name, yaml.string(f.get("description")), yaml.string(f.get("engine")),
                    yaml.string(f.get("templateDir")), recommended, yaml.strings(f.get("requires")),
                    yaml.strings(f.get("features")), yaml.strings(recommendedFor)));
        });
        return out;
    }

    private Map<String, KitVariant> variants(Y y) {
        Map<String, KitVariant> out = new LinkedHashMap<>();
        yaml.mapping(y).forEach((key, v) -> {
            Map<String, Y> f = yaml.mapping(v);
            String display = f.containsKey("displayName") ? yaml.string(f.get("displayName")) : yaml.string(f.get("name"));
            out.put(key, new KitVariant(key, display, yaml.string(f.get("description")), yaml.strings(f.get("services"))));
        });
        return out;
    }

    private List<KitService> services(Y y) {
        List<KitService> out = new ArrayList<>();
        if (y != null && y.isMap()) {
            // The map form keys services by name.
            y.map().forEach((name, s) -> {
                KitService service = service(s, name);
                if (service != null) {
                    out.add(service);
                }
            });
            return out;
        }
        for (Y s : yaml.sequence(y)) {
            KitService service = service(s, null);
            if (service != null) {
                out.add(service);
            }
        }
        return out;
    }

    private KitService service(Y s, String key) {
        if (s.isScalar() && !s.nullValue()) {
            return new KitService(s.text(), null, null, null, List.of(), null, null, null, null, List.of(), null,
                    false, null, null, null, Map.of());
        }
        Map<String, Y> f = yaml.mapping(s);
        String name = f.containsKey("name") ? yaml.string(f.get("name")) : key;
        if (name == null || name.isBlank()) {
            yaml.problem(s, "a service needs a name", "add `name: my-service`");
            return null;
        }
        String image = yaml.string(f.get("image"));
        String tag = yaml.string(f.get("tag"));
        if (image != null && tag != null && !image.contains(":") && !image.contains("@")) {
            image = image + ":" + tag;
        }
        Map<String, Y> res = yaml.mapping(f.get("resources"));
        Y cpuLimit = first(res, "cpuLimit", "cpus", "cpu");
        Y memLimit = first(res, "memoryLimit", "memoryMax");
        Y cpuRequest = first(res, "cpuRequest");
        Y memRequest = first(res, "memoryRequest", "memory");
        Map<String, Y> netPorts = yaml.mapping(f.get("network"));
        Y portsNode = f.containsKey("ports") ? f.get("ports") : netPorts.get("ports");
        return new KitService(name, yaml.string(f.get("displayName")), serviceType(f.get("type")), image,
                ports(portsNode), yaml.cpu(cpuLimit), yaml.size(memLimit), yaml.cpu(cpuRequest), yaml.size(memRequest),
                yaml.strings(f.get("needs")), placement(f.get("placement")), Boolean.TRUE.equals(yaml.bool(f.get("required"))),
                yaml.string(f.get("status")), yaml.integer(f.get("replicas")), yaml.string(f.get("description")),
                yaml.open(f.get("config")));
    }

    private static Y first(Map<String, Y> m, String... keys) {
        for (String k : keys) {
            if (m.containsKey(k)) {
                return m.get(k);
            }
        }
        return null;
    }

    /** Upstream service categories outside the spec's enum map to their nearest spec type. */
    private ServiceType serviceType(Y y) {
        String t = yaml.string(y);
        if (t == null) {
            return null;
        }
        ServiceType exact = WireValue.find(ServiceType.class, t.trim().toLowerCase(Locale.ROOT));
        if (exact != null) {
            return exact;
        }
        return switch (t.trim().toLowerCase(Locale.ROOT)) {
            case "uptime", "metrics", "logs", "observability" -> ServiceType.MONITORING;
            case "application", "app", "web" -> ServiceType.SERVICE;
            case "compose-manager", "container-manager" -> ServiceType.DOCKER;
            case "proxy", "ingress" -> ServiceType.REVERSE_PROXY;
            default -> ServiceType.CUSTOM;
        };
    }

    private NodeType placement(Y y) {
        String t = yaml.string(y);
        if (t == null || t.equalsIgnoreCase("any")) {
            return null;
        }
        String l = t.trim().toLowerCase(Locale.ROOT);
        if (l.equals("manager")) {
            return NodeType.MAIN;
        }
        NodeType type = WireValue.find(NodeType.class, l);
        if (type == null) {
            yaml.problem(y, "`" + t + "` is not a valid `placement`: expected one of `main`, `worker`, `edge`, `manager`, `any`", "use one of `main`, `worker`, `edge`, `manager`, `any`");
        }
        return type;
    }

    private List<Port> ports(Y y) {
        List<Port> out = new ArrayList<>();
        for (Y p : yaml.sequence(y)) {
            if (p.isScalar()) {
                Integer container = yaml.integer(p);
                if (container != null) {
                    out.add(new Port(container, null, Protocol.TCP));
                }
                continue;
            }
            Map<String, Y> f = yaml.mapping(p);
            Integer container = yaml.integer(f.get("container"));
            if (container == null) {
                yaml.problem(p, "a port needs `container`", "add the container port, such as `container: 80`");
                continue;
            }
            if (container < 1 || container > 65535) {
                yaml.problem(f.get("container"), "`container` must be a port from 1 to 65535, got " + container, "use a port from 1 to 65535");
                continue;
            }
            Integer host = yaml.integer(f.get("host"));
            String proto = yaml.string(f.get("protocol"));
            Protocol protocol = proto == null ? Protocol.TCP : WireValue.find(Protocol.class, proto.toLowerCase(Locale.ROOT));
            if (protocol == null) {
                yaml.problem(f.get("protocol"), "`" + proto + "` is not a valid `protocol`: expected one of `tcp`, `udp`", "use one of `tcp`, `udp`");
                continue;
            }
            out.add(new Port(container, host, protocol));
        }
        return out;
    }

    private Map<String, ComputeTier> tiers(Y y) {
        Map<String, ComputeTier> out = new LinkedHashMap<>();
        yaml.mapping(y).forEach((name, t) -> {
            Map<String, Y> f = yaml.mapping(t);
            Map<String, Y> req = yaml.mapping(f.get("requirements"));
            Map<String, Boolean> overrides = new LinkedHashMap<>();
            yaml.mapping(f.get("serviceOverrides")).forEach((svc, v) -> {
                Boolean on = yaml.bool(v);
                if (on != null) {
                    overrides.put(svc, on);
                }
            });
            Y memory = req.containsKey("memory") ? req.get("memory") : req.get("ram");
            out.put(name, new ComputeTier(name, yaml.cpu(req.get("cpu")), yaml.size(memory),
                    yaml.strings(f.get("additionalServices")), yaml.string(f.get("variantOverride")), overrides));
        });
        return out;
    }
}
