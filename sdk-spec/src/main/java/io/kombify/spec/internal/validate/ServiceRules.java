package io.kombify.spec.internal.validate;

import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Port;
import io.kombify.spec.model.Protocol;
import io.kombify.spec.model.Service;
import io.kombify.spec.model.ServiceType;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules across services: unique names, known nodes, the {@code needs} graph (unknown,
 * self, disabled, cycles), reserved ports of custom services ({@code policies.cue}), host
 * ports bound twice on one node, and the pull policy of {@code config.pullPolicy}. Every check
 * is linear in the number of services and ports.
 */
public final class ServiceRules {
    /** {@code policies.cue}: ports custom services may not bind. */
    static final int[] RESERVED_PORTS = {22, 80, 443, 5260, 5263, 5265};
    private static final String RESERVED_TEXT = "22, 80, 443, 5260, 5263, 5265";
    /**
     * The values of {@code config.pullPolicy} that deploying accepts (the schema leaves
     * {@code config} free-form, so another value is a warning here and an error at deployment).
     */
    static final List<String> PULL_POLICIES = List.of("never", "missing", "always");
    /** Cycles longer than this are shown shortened. */
    private static final int CYCLE_SHOWN = 12;
    /** Suggestions cost a scan of all names; a spec full of typos gets only the first ones. */
    private static final int MAX_SUGGESTIONS = 200;

    private final Kombination spec;
    private final Findings findings;
    private final List<Service> services;
    private final Map<String, Integer> serviceByName;
    private final Map<String, Integer> nodeByName;
    private int suggestionsLeft = MAX_SUGGESTIONS;

    private ServiceRules(Kombination spec, Findings findings) {
        this.spec = spec;
        this.findings = findings;
        this.services = spec.services();
        this.serviceByName = new LinkedHashMap<>(Math.max(16, services.size() * 2));
        this.nodeByName = new LinkedHashMap<>(Math.max(16, spec.nodes().size() * 2));
    }

    public static void check(Kombination spec, Findings findings) {
        new ServiceRules(spec, findings).run();
    }

    private void run() {
        List<Node> nodes = spec.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n != null && n.name() != null) {
                nodeByName.putIfAbsent(n.name(), i);
            }
        }
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            if (s == null || s.name() == null) {
                continue;
            }
            Integer first = serviceByName.putIfAbsent(s.name(), i);
            if (first != null) {
                findings.error("SERVICE_NAME_DUPLICATE", "/services/" + i + "/name",
                        "duplicate service name " + Text.quote(s.name()) + ": already used by the service at "
                                + findings.where("/services/" + first + "/name"),
                        "service names must be unique; rename one of the two services");
            }
        }
        int[][] edges = new int[services.size()][];
        int[][] edgeEntries = new int[services.size()][];
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            if (s == null) {
                edges[i] = new int[0];
                edgeEntries[i] = edges[i];
                continue;
            }
            checkNode(i, s);
            checkNeeds(i, s, edges, edgeEntries);
            checkPullPolicy(i, s);
            if (s.type() == ServiceType.CUSTOM) {
                checkReservedPorts(i, s);
            }
        }
        findCycles(edges, edgeEntries);
        checkPortConflicts();
    }

    private void checkNode(int i, Service s) {
        String node = s.node();
        if (node == null || nodeByName.containsKey(node)) {
            return;
        }
        String suggestion = suggest(node, nodeByName.keySet());
        String hint = suggestion != null
                ? "did you mean `" + suggestion + "`?"
                : "defined nodes: " + Text.list(nodeByName.keySet(), 10) + "; or remove `node` to place the service automatically";
        findings.error("SERVICE_NODE_UNKNOWN", "/services/" + i + "/node",
                "service " + Text.quote(s.name()) + " is placed on node " + Text.quote(node) + ", which is not defined",
                hint);
    }

    private void checkNeeds(int i, Service s, int[][] edges, int[][] edgeEntries) {
        List<String> needs = s.needs();
        int[] targets = new int[needs.size()];
        int[] entries = new int[needs.size()];
        int count = 0;
        for (int j = 0; j < needs.size(); j++) {
            String need = needs.get(j);
            if (need == null) {
                continue;
            }
            String path = "/services/" + i + "/needs/" + j;
            if (need.equals(s.name())) {
                findings.error("SERVICE_NEEDS_SELF", path,
                        "service " + Text.quote(s.name()) + " needs itself",
                        "remove " + Text.quote(need) + " from its own `needs`");
                continue;
            }
            Integer target = serviceByName.get(need);
            if (target == null) {
                String suggestion = suggest(need, serviceByName.keySet());
                findings.error("SERVICE_NEEDS_UNKNOWN", path,
                        "service " + Text.quote(s.name()) + " needs " + Text.quote(need) + ", which is not defined",
                        suggestion != null
                                ? "did you mean `" + suggestion + "`?"
                                : "define a service named " + Text.quote(need) + ", or remove it from `needs`");
                continue;
            }
            Service t = services.get(target);
            if (s.isEnabled() && !t.isEnabled()) {
                findings.warning("SERVICE_NEEDS_DISABLED", path,
                        "service " + Text.quote(s.name()) + " needs " + Text.quote(need) + ", which is disabled",
                        "a disabled service is not deployed, so " + Text.quote(s.name()) + " would wait for it forever: "
                                + "enable " + Text.quote(need) + " or remove it from `needs`");
            }
            targets[count] = target;
            entries[count] = j;
            count++;
        }
        edges[i] = count == targets.length ? targets : java.util.Arrays.copyOf(targets, count);
        edgeEntries[i] = count == entries.length ? entries : java.util.Arrays.copyOf(entries, count);
    }

    private void checkPullPolicy(int i, Service s) {
        Object policy = s.config().get("pullPolicy");
        if (policy == null || (policy instanceof String text && PULL_POLICIES.contains(text))) {
            return;
        }
        findings.warning("SERVICE_PULL_POLICY_INVALID", "/services/" + i + "/config/pullPolicy",
                "service " + Text.quote(s.name()) + " has the pull policy " + Text.quote(policy)
                        + ", which is not one of never, missing, always",
                "write `never` (use only images already on the node), `missing` (pull an image the node lacks) or "
                        + "`always` (pull before every create); deploying the service refuses any other value");
    }

    /**
     * Iterative depth-first search; each edge into a service still on the stack closes one
     * cycle, reported once, at the {@code needs} entry that closes it.
     */
    private void findCycles(int[][] edges, int[][] edgeEntries) {
        int n = edges.length;
        byte[] state = new byte[n];
        int[] stack = new int[n];
        int[] next = new int[n];
        int[] depth = new int[n];
        for (int root = 0; root < n; root++) {
            if (state[root] != 0) {
                continue;
            }
            int sp = 0;
            stack[sp] = root;
            next[sp] = 0;
            depth[root] = 0;
            state[root] = 1;
            sp++;
            while (sp > 0) {
                int v = stack[sp - 1];
                int k = next[sp - 1];
                if (k < edges[v].length) {
                    next[sp - 1] = k + 1;
                    int w = edges[v][k];
                    if (state[w] == 0) {
                        state[w] = 1;
                        depth[w] = sp;
                        stack[sp] = w;
                        next[sp] = 0;
                        sp++;
                    } else if (state[w] == 1) {
                        reportCycle(stack, depth[w], sp, v, edgeEntries[v][k]);
                    }
                } else {
                    state[v] = 2;
                    sp--;
                }
            }
        }
    }

    private void reportCycle(int[] stack, int from, int to, int closer, int entry) {
        int length = to - from;
        StringBuilder b = new StringBuilder();
        for (int p = from; p < to; p++) {
            if (length > CYCLE_SHOWN && p == from + CYCLE_SHOWN / 2) {
                int skipped = length - CYCLE_SHOWN;
                b.append("... (").append(skipped).append(" more) -> ");
                p = to - CYCLE_SHOWN / 2 - 1;
                continue;
            }
            b.append(services.get(stack[p]).name()).append(" -> ");
        }
        b.append(services.get(stack[from]).name());
        findings.error("SERVICE_NEEDS_CYCLE", "/services/" + closer + "/needs/" + entry,
                "services depend on each other in a cycle: " + b,
                "a service in a cycle can never start; remove one `needs` entry of the cycle, such as this one");
    }

    private void checkReservedPorts(int i, Service s) {
        List<Port> ports = s.ports();
        for (int j = 0; j < ports.size(); j++) {
            Port p = ports.get(j);
            if (p == null) {
                continue;
            }
            boolean host = p.host() != null;
            Integer port = host ? p.host() : p.container();
            if (port == null || !reserved(port)) {
                continue;
            }
            String path = "/services/" + i + "/ports/" + j + (host ? "/host" : "/container");
            int alternative = alternative(port);
            findings.error("SERVICE_PORT_RESERVED", path,
                    "custom service " + Text.quote(s.name()) + " cannot bind port " + port + ": it is reserved ("
                            + RESERVED_TEXT + ")",
                    host ? "bind another host port, such as `host: " + alternative + "`"
                            : "add a host port outside the reserved ones, such as `host: " + alternative + "`");
        }
    }

    private static boolean reserved(int port) {
        for (int r : RESERVED_PORTS) {
            if (r == port) {
                return true;
            }
        }
        return false;
    }

    private static int alternative(int port) {
        return switch (port) {
            case 22 -> 2222;
            case 80 -> 8080;
            case 443 -> 8443;
            default -> port + 10000;
        };
    }

    /**
     * Two enabled services binding one host port and protocol on one node. A service
     * without {@code node} counts on the node it is placed on by default: the first main
     * node, or else the first node.
     */
    private void checkPortConflicts() {
        int defaultNode = defaultNode();
        Map<Long, int[]> bound = new HashMap<>();
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            if (s == null || !s.isEnabled() || s.ports().isEmpty()) {
                continue;
            }
            int node;
            if (s.node() == null) {
                node = defaultNode;
            } else {
                Integer n = nodeByName.get(s.node());
                node = n == null ? -1 : n;
            }
            if (node < 0) {
                continue;
            }
            List<Port> ports = s.ports();
            for (int j = 0; j < ports.size(); j++) {
                Port p = ports.get(j);
                if (p == null || p.host() == null || p.host() < 1 || p.host() > 65535) {
                    continue;
                }
                Protocol protocol = p.protocol() == null ? Protocol.TCP : p.protocol();
                long key = ((long) node << 20) | ((long) protocol.ordinal() << 17) | p.host();
                int[] first = bound.putIfAbsent(key, new int[] {i, j});
                if (first != null) {
                    String nodeName = spec.nodes().get(node).name();
                    String other = services.get(first[0]).name();
                    findings.error("SERVICE_PORT_CONFLICT", "/services/" + i + "/ports/" + j + "/host",
                            "host port " + p.host() + "/" + protocol.wire() + " on node " + Text.quote(nodeName)
                                    + " is already bound by service " + Text.quote(other) + " ("
                                    + findings.where("/services/" + first[0] + "/ports/" + first[1] + "/host") + ")",
                            "choose another host port, or run one of the two services on another node (`node:`)");
                }
            }
        }
    }

    private int defaultNode() {
        List<Node> nodes = spec.nodes();
        int firstNamed = -1;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n == null || n.name() == null) {
                continue;
            }
            if (n.type() == NodeType.MAIN) {
                return i;
            }
            if (firstNamed < 0) {
                firstNamed = i;
            }
        }
        return firstNamed;
    }

    private String suggest(String input, Iterable<String> candidates) {
        if (suggestionsLeft <= 0) {
            return null;
        }
        suggestionsLeft--;
        return Suggest.closest(input, candidates);
    }
}
