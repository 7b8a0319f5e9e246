package io.kombify.spec.internal.resolve;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.core.Diagnostic;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.resolved.ResolvedNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Places services on nodes. A service may only go to nodes whose labels match its selector,
 * whose role matches its required role, and whose taints it tolerates; among those it goes to
 * the node with the most free capacity (free memory in MiB plus free CPU with one core counted
 * as one GiB) that still has room for its requests, ties going to main nodes and then to the
 * node written first. When no eligible node has room, the service goes to the eligible node
 * with the most free capacity, and the node is reported as overcommitted.
 *
 * <p>Services with the same constraints share one heap of their eligible nodes, so placing
 * {@code s} services on {@code n} nodes costs about {@code s log n} (not {@code s * n}); a
 * node's capacity change re-enters it into its heaps and stale entries are skipped.
 */
final class Placer {
    /** A placement request. */
    record Request(String role, Map<String, String> selector, Set<String> tolerations, long cpuMillis, long memoryBytes) {
    }

    private static final class Slot {
        final int index;
        final ResolvedNode node;
        final boolean main;
        final List<Taint> taints;
        long freeCpu;
        long freeMemory;
        int version;
        final List<Group> groups = new ArrayList<>(2);

        Slot(int index, ResolvedNode node) {
            this.index = index;
            this.node = node;
            this.main = node.type() == NodeType.MAIN;
            this.freeCpu = node.cpu().millis();
            this.freeMemory = node.memory().bytes();
            List<Taint> parsed = new ArrayList<>();
            for (String t : node.taints()) {
                parsed.add(Taint.parse(t));
            }
            this.taints = List.copyOf(parsed);
        }

        long score() {
            // Memory in MiB and CPU in millicores scaled so one core weighs as much as one GiB.
            return (freeMemory >> 20) * 1000L + freeCpu * 1024L;
        }
    }

    private record Entry(Slot slot, int version, long score) {
    }

    private static final Comparator<Entry> BEST_FIRST = Comparator.comparingLong((Entry e) -> -e.score)
            .thenComparing(e -> !e.slot.main)
            .thenComparingInt(e -> e.slot.index);

    private static final class Group {
        final List<Slot> members;
        final PriorityQueue<Entry> heap;
        // Capacity only shrinks, so a request at least this large in both dimensions cannot fit either.
        long failedCpu = Long.MAX_VALUE;
        long failedMemory = Long.MAX_VALUE;

        Group(List<Slot> members) {
            this.members = members;
            this.heap = new PriorityQueue<>(Math.max(1, members.size()), BEST_FIRST);
            for (Slot s : members) {
                heap.add(new Entry(s, s.version, s.score()));
            }
        }
    }

    /** Taint {@code key[=value][:Effect]}. */
    record Taint(String text, String key, String value, String effect) {
        static Taint parse(String text) {
            String rest = text.trim();
            String effect = null;
            int colon = rest.lastIndexOf(':');
            if (colon >= 0) {
                effect = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            int eq = rest.indexOf('=');
            String key = eq >= 0 ? rest.substring(0, eq) : rest;
            String value = eq >= 0 ? rest.substring(eq + 1) : null;
            return new Taint(text, key, value, effect);
        }

        boolean repels() {
            return !"PreferNoSchedule".equals(effect);
        }

        boolean toleratedBy(Set<String> tolerations) {
            if (tolerations.isEmpty()) {
                return false;
            }
            return tolerations.contains("*") || tolerations.contains(text) || tolerations.contains(key)
                    || (value != null && tolerations.contains(key + "=" + value))
                    || (effect != null && tolerations.contains(key + ":" + effect));
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    /** The first node of each name: a scan per pinned service made placement quadratic in the fleet. */
    private final Map<String, Slot> byName = new HashMap<>();
    private final Map<Object, Group> groups = new HashMap<>();
    private final boolean anyMain;

    Placer(List<ResolvedNode> nodes) {
        boolean main = false;
        for (int i = 0; i < nodes.size(); i++) {
            Slot s = new Slot(i, nodes.get(i));
            slots.add(s);
            byName.putIfAbsent(s.node.name(), s);
            main |= s.main;
        }
        this.anyMain = main;
    }

    /** Reserves capacity for a service pinned to {@code nodeName} by the spec. */
    void reserve(String nodeName, long cpuMillis, long memoryBytes) {
        Slot s = byName.get(nodeName);
        if (s != null) {
            take(s, cpuMillis, memoryBytes);
        }
    }

    /** The node for {@code request}, or {@code null} when no node is eligible (labels, role, taints). */
    String place(Request request) {
        Group group = group(request);
        if (group.members.isEmpty()) {
            return null;
        }
        Entry top = top(group);
        Slot chosen;
        if (fits(top.slot, request)) {
            chosen = top.slot;
        } else {
            chosen = null;
            if (request.cpuMillis < group.failedCpu || request.memoryBytes < group.failedMemory) {
                Entry best = null;
                for (Slot s : group.members) {
                    if (fits(s, request)) {
                        Entry e = new Entry(s, s.version, s.score());
                        if (best == null || BEST_FIRST.compare(e, best) < 0) {
                            best = e;
                        }
                    }
                }
                if (best != null) {
                    chosen = best.slot;
                } else {
                    group.failedCpu = Math.min(group.failedCpu, request.cpuMillis);
                    group.failedMemory = Math.min(group.failedMemory, request.memoryBytes);
                }
            }
            if (chosen == null) {
                chosen = top.slot;
            }
        }
        take(chosen, request.cpuMillis, request.memoryBytes);
        return chosen.node.name();
    }

    /**
     * A warning per node whose services request more memory than it has. CPU is left out on
     * purpose: containers share CPU time and merely slow down, while memory that is not there
     * ends in the kernel's OOM killer.
     */
    List<Diagnostic> overcommitted() {
        List<Diagnostic> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.freeMemory < 0) {
                long cpuUsed = s.node.cpu().millis() - s.freeCpu;
                long memoryUsed = s.node.memory().bytes() - s.freeMemory;
                out.add(Diagnostic.warning("NODE_OVERCOMMITTED", "/nodes/" + s.index,
                        "node `" + s.node.name() + "` is overcommitted: its services request `"
                                + new ByteSize(memoryUsed).toHumanString() + "` of memory (and `" + new CpuQuantity(cpuUsed)
                                + "` CPU); it has `" + s.node.memory().toHumanString() + "` (and `" + s.node.cpu() + "` CPU)",
                        "add nodes, give this node more memory, or lower the services' `memoryRequest` (it defaults to `memoryLimit`)"));
            }
        }
        return out;
    }

    private static boolean fits(Slot s, Request r) {
        return s.freeCpu >= r.cpuMillis && s.freeMemory >= r.memoryBytes;
    }

    private Entry top(Group group) {
        while (true) {
            Entry e = group.heap.peek();
            if (e.version == e.slot.version) {
                return e;
            }
            group.heap.poll();
        }
    }

    private void take(Slot s, long cpuMillis, long memoryBytes) {
        s.freeCpu -= cpuMillis;
        s.freeMemory -= memoryBytes;
        s.version++;
        for (Group g : s.groups) {
            g.heap.add(new Entry(s, s.version, s.score()));
            // Keep heaps from growing without bound when one node takes many services.
            if (g.heap.size() > 4 * g.members.size() + 16) {
                g.heap.removeIf(e -> e.version != e.slot.version);
            }
        }
    }

    private Group group(Request request) {
        // Map and set equality ignore order, so the request's own collections make a sound key.
        Object key = request.selector.isEmpty() && request.tolerations.isEmpty()
                ? (request.role == null ? "" : request.role)
                : List.of(request.role == null ? "" : request.role, request.selector, request.tolerations);
        Group g = groups.get(key);
        if (g == null) {
            List<Slot> members = new ArrayList<>();
            for (Slot s : slots) {
                if (eligible(s, request)) {
                    members.add(s);
                }
            }
            g = new Group(members);
            for (Slot s : members) {
                s.groups.add(g);
            }
            groups.put(key, g);
        }
        return g;
    }

    private boolean eligible(Slot s, Request r) {
        boolean roleApplies = r.role != null && (anyMain || !r.role.equals(NodeType.MAIN.wire()));
        if (roleApplies && !s.node.type().wire().equals(r.role)) {
            return false;
        }
        for (Map.Entry<String, String> want : r.selector.entrySet()) {
            if (!want.getValue().equals(s.node.labels().get(want.getKey()))) {
                return false;
            }
        }
        for (Taint t : s.taints) {
            if (t.repels() && !t.toleratedBy(r.tolerations)) {
                return false;
            }
        }
        return true;
    }
}
