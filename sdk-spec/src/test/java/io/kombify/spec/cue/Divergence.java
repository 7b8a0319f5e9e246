package io.kombify.spec.cue;

import static io.kombify.spec.cue.Mutations.at;
import static io.kombify.spec.cue.Mutations.node;
import static io.kombify.spec.cue.Mutations.service;
import static io.kombify.spec.cue.SpecTrees.list;
import static io.kombify.spec.cue.SpecTrees.map;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The deliberate differences between our verdict and the upstream schema's, each with its
 * reason. docs/spec-reference.md lists the same cases ("Where we are stricter than the
 * schema"); the differential test checks that each still differs in the stated direction,
 * so a case that stops diverging is noticed and removed from both places.
 *
 * <p>Almost all are rules the schema cannot express (they span fields or need the kit
 * catalogue) or number and reference checks it leaves loose. One goes the other way: our
 * kit catalogue knows kits the schema's {@code #StackKitRef} does not list.
 */
enum Divergence {
    DUPLICATE_NODE_NAMES(true, "two nodes named `nas`",
            "Node names must be unique (`NODE_NAME_DUPLICATE`); a CUE list cannot say so.",
            s -> nodes(s).add(copy(node(s)))),
    DUPLICATE_SERVICE_NAMES(true, "two services named `web`",
            "Service names must be unique (`SERVICE_NAME_DUPLICATE`); a CUE list cannot say so.",
            s -> {
                Map<String, Object> first = service(s);
                services(s).add(map("name", first.get("name"), "type", "service"));
            }),
    SERVICE_ON_UNKNOWN_NODE(true, "`node: no-such-node`",
            "A service's `node` must name a node of the stack (`SERVICE_NODE_UNKNOWN`); the schema types it as any string.",
            s -> service(s).put("node", "no-such-node")),
    NEEDS_UNKNOWN_SERVICE(true, "`needs: [no-such-service]`",
            "`needs` must name services of the stack (`SERVICE_NEEDS_UNKNOWN`); the schema types them as any strings.",
            s -> service(s).put("needs", list("no-such-service"))),
    NEEDS_ITSELF(true, "`web` with `needs: [web]`",
            "A service cannot wait for itself (`SERVICE_NEEDS_SELF`).",
            s -> service(s).put("needs", list(service(s).get("name")))),
    NEEDS_CYCLE(true, "`a` needs `b`, `b` needs `a`",
            "Services that wait for each other never start (`SERVICE_NEEDS_CYCLE`, which spells out the cycle).",
            s -> {
                services(s).add(map("name", "cycle-a", "type", "service", "needs", list("cycle-b")));
                services(s).add(map("name", "cycle-b", "type", "service", "needs", list("cycle-a")));
            }),
    HOST_PORT_CONFLICT(true, "two services on one node with `host: 18080`",
            "Two services binding the same host port and protocol on one node cannot both start (`SERVICE_PORT_CONFLICT`).",
            s -> {
                String node = (String) node(s).get("name");
                services(s).add(map("name", "clash-a", "type", "service", "node", node,
                        "ports", list(map("container", 8080, "host", 18080))));
                services(s).add(map("name", "clash-b", "type", "service", "node", node,
                        "ports", list(map("container", 9090, "host", 18080))));
            }),
    RESERVED_PORT_ON_CUSTOM_SERVICE(true, "a `custom` service with `container: 443`",
            "`policies.cue` reserves 22, 80, 443, 5260, 5263 and 5265 for the platform (`SERVICE_PORT_RESERVED`); "
                    + "`kombination.cue` does not apply `#PortPolicy`.",
            s -> services(s).add(map("name", "custom-web", "type", "custom", "ports", list(map("container", 443))))),
    SUBNET_OUTSIDE_RFC1918(true, "`subnet: 8.8.0.0/16`",
            "`policies.cue` allows only private internal subnets (`NETWORK_SUBNET_NOT_PRIVATE`); `kombination.cue` "
                    + "checks the shape alone.",
            s -> at(s, "network", "internal").put("subnet", "8.8.0.0/16")),
    IPV4_OCTET_ABOVE_255(true, "`gateway: 300.20.0.1`",
            "The schema's regular expressions check the shape of an address, not its numbers (`NETWORK_GATEWAY_INVALID`, "
                    + "`FIREWALL_SOURCE_INVALID`).",
            s -> at(s, "network", "internal").put("gateway", "300.20.0.1")),
    CIDR_PREFIX_ABOVE_32(true, "`subnet: 10.20.0.0/40`",
            "The schema's regular expressions accept any two-digit prefix length.",
            s -> at(s, "network", "internal").put("subnet", "10.20.0.0/40")),
    DOMAIN_LONGER_THAN_253(true, "a `domain` of 261 characters",
            "A DNS name has at most 253 characters (`SPEC_MAX_LENGTH`); upstream's Go validator checks it, the schema "
                    + "does not.",
            s -> at(s, "network").put("domain", "a" + ".b".repeat(130))),
    FRACTIONAL_PORT(true, "`container: 80.5`",
            "The schema bounds ports with `>0 & <=65535` but does not require an `int`, so 80.5 passes; a port is a "
                    + "whole number (`SPEC_TYPE_MISMATCH`).",
            s -> service(s).put("ports", list(map("container", new BigDecimal("80.5"))))),
    FRACTIONAL_FIREWALL_PORT(true, "firewall rule `port: 443.5`",
            "As for service ports: a firewall rule's port is a whole number.",
            s -> at(s, "security", "firewall").put("rules", list(map("port", new BigDecimal("443.5"))))),
    FRACTIONAL_SSH_PORT(true, "`ssh: {port: 22.5}`",
            "As for service ports: an SSH port is a whole number.",
            s -> at(node(s), "ssh").putAll(map("host", "192.168.1.9", "port", new BigDecimal("22.5")))),
    PORT_SPELLED_AS_DECIMAL(true, "`container: 8080.0` (or `8e3`)",
            "A number written with a decimal point or an exponent is a decimal. Like CUE's own `int` (which rejects "
                    + "`cpu: 4.0`), we take only whole numbers written as such, while the schema's port bounds accept "
                    + "any number.",
            s -> service(s).put("ports", list(map("container", new BigDecimal("8080.0"))))),
    NUMBER_BEYOND_32_BITS(true, "`cpu: 2147483648`",
            "CUE's `int` has no size limit; counts and ports are 32-bit integers in the model, so larger numbers are "
                    + "rejected (`SPEC_TYPE_MISMATCH`), as is an internal port of 99999999999.",
            s -> at(firstNode(s), "resources").put("cpu", 2147483648L)),
    DUPLICATE_KEY(true, "`name: lab` written twice",
            "CUE unifies a key written twice with the same value; YAML forbids duplicate keys and with different "
                    + "values one would silently win, so we reject every repeated key (`SPEC_DUPLICATE_KEY`).",
            s -> s.put(Divergence.DUPLICATE_MARK, Boolean.TRUE)),
    STACK_BELOW_KIT_NODE_MINIMUM(true, "`kit: modern-homelab` with one node",
            "`modern-homelab` needs at least two nodes (its `stackkit.yaml`, `KIT_REQUIREMENT_UNMET`); the schema "
                    + "does not know the kits' requirements.",
            s -> {
                s.put("kit", "modern-homelab");
                List<Object> nodes = nodes(s);
                while (nodes.size() > 1) {
                    nodes.remove(nodes.size() - 1);
                }
                dropServiceNodes(s);
            }),
    NODE_BELOW_KIT_MINIMUM(true, "a main node with `cpu: 1`",
            "A node below the kit's minimum cannot run the kit (`KIT_REQUIREMENT_UNMET`); the kits' requirements are "
                    + "not part of `kombination.cue`. A node without `resources` counts with its type's defaults "
                    + "(main: 4 cores, 4Gi, 50Gi). The minimum applies to the main nodes, or to every node when there "
                    + "is no main node.",
            s -> at(firstNode(s), "resources").put("cpu", 1)),
    KIT_FROM_OUR_CATALOGUE(false, "`kit: base-homelab`",
            "Our catalogue names the kits after their `stackkit.yaml` (`base-homelab`, `ha-homelab`, with "
                    + "`basement-kit` as an alias); `#StackKitRef` lists only `basement-kit`, `cloud-kit` and "
                    + "`modern-homelab`.",
            s -> s.put("kit", "base-homelab"));

    /**
     * Marks a document whose first key is to be written twice: a tree cannot hold a key twice,
     * so {@link #json} and {@link #yaml} repeat it in the text.
     */
    static final String DUPLICATE_MARK = "\u0000duplicate-first-key";

    private final boolean stricter;
    private final String example;
    private final String reason;
    private final Consumer<Map<String, Object>> change;

    Divergence(boolean stricter, String example, String reason, Consumer<Map<String, Object>> change) {
        this.stricter = stricter;
        this.example = example;
        this.reason = reason;
        this.change = change;
    }

    /** A short description of the case, in Markdown. */
    String example() {
        return example;
    }

    /** Whether we reject what the schema accepts ({@code false}: we accept what it rejects). */
    boolean stricter() {
        return stricter;
    }

    String reason() {
        return reason;
    }

    /** The name as used in the reference, such as {@code duplicate-node-names}. */
    String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    Map<String, Object> apply(Map<String, Object> spec) {
        change.accept(spec);
        return spec;
    }

    /** The JSON text of a changed document: the tree as written, with the first key repeated when marked. */
    static String json(Map<String, Object> spec) {
        if (spec.remove(DUPLICATE_MARK) == null) {
            return Json.write(spec);
        }
        String text = Json.write(spec);
        int firstValueEnd = text.indexOf(",\"");
        return text.substring(0, firstValueEnd) + "," + text.substring(1, firstValueEnd) + text.substring(firstValueEnd);
    }

    /** The YAML text of a changed document, with the first key repeated when marked. */
    static String yaml(Map<String, Object> spec) {
        boolean duplicate = spec.remove(DUPLICATE_MARK) != null;
        String text = Yaml.write(spec);
        if (!duplicate) {
            return text;
        }
        String firstLine = text.substring(0, text.indexOf('\n') + 1);
        return firstLine + text;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> nodes(Map<String, Object> spec) {
        return (List<Object>) spec.get("nodes");
    }

    /** The first node: always a main node, the one the kit's minimum applies to. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstNode(Map<String, Object> spec) {
        return (Map<String, Object>) nodes(spec).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> services(Map<String, Object> spec) {
        service(spec);
        return (List<Object>) spec.get("services");
    }

    /** Services pinned to nodes that a change removed are placed automatically instead. */
    @SuppressWarnings("unchecked")
    private static void dropServiceNodes(Map<String, Object> spec) {
        if (spec.get("services") instanceof List<?> services) {
            for (Object service : services) {
                ((Map<String, Object>) service).remove("node");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> tree) {
        return (Map<String, Object>) Json.parse(Json.write(tree));
    }
}
