package io.kombify.sim.internal;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.sim.CriticalStep;
import io.kombify.sim.DurationText;
import io.kombify.sim.EventKind;
import io.kombify.sim.FailureImpact;
import io.kombify.sim.Fault;
import io.kombify.sim.NodeCapacity;
import io.kombify.sim.Readiness;
import io.kombify.sim.ServiceOutcome;
import io.kombify.sim.ServiceState;
import io.kombify.sim.SimEvent;
import io.kombify.sim.SimulationListener;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.Trigger;
import io.kombify.sim.Violation;
import io.kombify.sim.model.Endpoint;
import io.kombify.sim.model.Site;
import io.kombify.sim.model.SimNode;
import io.kombify.sim.model.Topology;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.model.RestartPolicy;
import io.kombify.spec.model.ServiceType;
import io.kombify.spec.model.VolumeType;
import io.kombify.spec.resolved.ResolvedObservability;
import io.kombify.spec.resolved.ResolvedPort;
import io.kombify.spec.resolved.ResolvedService;
import io.kombify.spec.resolved.ResolvedVolume;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One run of a simulation. Single-threaded and used once: {@link #run()} drains the event queue
 * up to the horizon and builds the report. Determinism rests on three rules: the queue orders
 * ties by scheduling order, every random draw comes from one {@link SplittableRandom} in event
 * order, and nothing that reaches the output iterates a hash-ordered collection (hash maps here
 * are only looked up).
 */
public final class Engine {

    static final long CREATE_MS = 500;
    static final long PROCESS_START_MS = 1_000;
    static final long REGISTRY_HANDSHAKE_MS = 2_000;
    static final long BOOT_MS = 30_000;
    static final long CRASH_LOOP_EXIT_MS = 3_000;
    static final long BACKOFF_FIRST_MS = 100;
    static final long BACKOFF_MAX_MS = 60_000;
    static final long BACKOFF_RESET_MS = 10_000;
    static final int HEALTH_RETRIES = 3;

    private final ResolvedSpec spec;
    private final Topology topology;
    private final List<Fault> faults;
    private final SimulationListener listener;
    private final LazyEntries entries;
    private final Duration duration;
    private final long horizon;
    private final long seed;
    private final SplittableRandom random;
    private final boolean healthChecks;
    private final long intervalMs;
    private final long timeoutMs;

    private final EventQueue queue = new EventQueue();
    private final List<SimEvent> events = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, NodeState> nodes = new LinkedHashMap<>();
    private final Map<String, Box> boxes = new LinkedHashMap<>();
    private final Set<String> partitions = new HashSet<>();
    private final Map<String, Fault> degradedLinks = new HashMap<>();
    private final Map<String, List<Fault>> healthyTriggers = new HashMap<>();
    private long now;

    /**
     * A run of {@code spec}; {@code entries} makes the log entries whose text is built on demand.
     */
    public Engine(ResolvedSpec spec, long seed, List<Fault> faults, SimulationListener listener, Duration duration, LazyEntries entries) {
        this.spec = spec;
        this.topology = Topology.of(spec);
        this.faults = List.copyOf(faults);
        this.listener = listener;
        this.entries = entries;
        this.duration = duration;
        this.horizon = duration.toMillis();
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        ResolvedObservability.Health health = spec.observability() == null ? null : spec.observability().health();
        this.healthChecks = health != null && health.enabled();
        this.intervalMs = health != null && health.interval() != null ? Math.max(1, health.interval().toMillis()) : 30_000;
        this.timeoutMs = health != null && health.timeout() != null ? Math.max(0, health.timeout().toMillis()) : 10_000;
        for (SimNode n : topology.nodes()) {
            nodes.put(n.name(), new NodeState(n));
        }
        Map<String, Endpoint> endpoints = new HashMap<>();
        for (Endpoint e : topology.endpoints()) {
            endpoints.put(e.service(), e);
        }
        for (ResolvedService s : spec.services()) {
            NodeState node = s.enabled() && s.node() != null ? nodes.get(s.node()) : null;
            if (node != null) {
                Box box = new Box(s, node, endpoints.get(s.name()));
                boxes.put(s.name(), box);
                node.boxes.add(box);
            }
        }
        for (Box box : boxes.values()) {
            for (String need : box.svc.needs()) {
                Box target = boxes.get(need);
                if (target != null) {
                    box.needs.add(target);
                    target.dependents.add(box);
                } else {
                    box.missingNeeds.add(need);
                }
            }
        }
        validateFaults();
    }

    private void validateFaults() {
        for (Fault f : this.faults) {
            switch (f.kind()) {
                case NODE_CRASH, DISK_FULL, MEMORY_PRESSURE -> requireNode(f, f.targets().get(0));
                case SITE_POWER_LOSS -> requireSite(f, f.targets().get(0));
                case PARTITION -> {
                    // Two names that are both sites cut the sites apart; otherwise both must be nodes.
                    if (topology.site(f.targets().get(0)).isEmpty() || topology.site(f.targets().get(1)).isEmpty()) {
                        requireSiteOrNode(f, f.targets().get(0));
                        requireSiteOrNode(f, f.targets().get(1));
                        if (!nodes.containsKey(f.targets().get(0)) || !nodes.containsKey(f.targets().get(1))) {
                            throw new IllegalArgumentException(f.describe() + ": a partition cuts two sites or two nodes apart, not a site from a node");
                        }
                    }
                }
                case MEMORY_SPIKE, CRASH_LOOP -> requireService(f, f.targets().get(0));
                case LINK_DEGRADATION -> {
                    requireSite(f, f.targets().get(0));
                    requireSite(f, f.targets().get(1));
                }
                case PROVIDER_RATE_LIMIT, PROVIDER_SERVER_ERROR, PROVIDER_TIMEOUT -> {
                    requireSite(f, f.targets().get(0));
                    if (f.targets().get(0).equals(Topology.HOME_SITE)) {
                        throw new IllegalArgumentException(f.describe() + ": home is not a cloud provider and has no provider API");
                    }
                }
            }
            f.trigger().ifPresent(t -> requireService(f, t.subject()));
        }
    }

    private void requireNode(Fault f, String name) {
        if (!nodes.containsKey(name)) {
            throw new IllegalArgumentException(f.describe() + ": the stack has no node '" + name + "'; nodes: " + nodes.keySet());
        }
    }

    private void requireSite(Fault f, String name) {
        if (topology.site(name).isEmpty()) {
            throw new IllegalArgumentException(f.describe() + ": the stack has no site '" + name + "'; sites: "
                    + topology.sites().stream().map(Site::name).toList());
        }
    }

    private void requireSiteOrNode(Fault f, String name) {
        if (topology.site(name).isEmpty() && !nodes.containsKey(name)) {
            throw new IllegalArgumentException(f.describe() + ": the stack has no site or node '" + name + "'; sites: "
                    + topology.sites().stream().map(Site::name).toList() + ", nodes: " + nodes.keySet());
        }
    }

    private void requireService(Fault f, String name) {
        if (!boxes.containsKey(name)) {
            throw new IllegalArgumentException(f.describe() + ": the stack deploys no service '" + name + "'; services: " + boxes.keySet());
        }
    }

    /** Runs to the horizon and builds the report. */
    public SimulationReport run() {
        for (Fault f : faults) {
            if (f.time().isPresent()) {
                queue.schedule(f.time().get().toMillis(), () -> inject(f));
            } else {
                Trigger t = f.trigger().orElseThrow();
                healthyTriggers.computeIfAbsent(t.subject(), k -> new ArrayList<>()).add(f);
            }
        }
        // Deployment is queued after the faults, so a fault due at time zero is in place before anything is pulled.
        queue.schedule(0, () -> {
            for (NodeState node : nodes.values()) {
                for (Box box : node.boxes) {
                    deploy(box);
                }
            }
        });
        while (!queue.isEmpty() && queue.peekTime() <= horizon) {
            now = queue.peekTime();
            queue.poll().run();
        }
        now = horizon;
        return report();
    }

    // ---- deployment ----------------------------------------------------------------------

    private void deploy(Box box) {
        if (box.svc.image().isEmpty()) {
            violation("IMAGE_MISSING", box.name(), "Service " + box.name() + " has no image: neither its kit nor config.image names one");
            failForGood(box, EventKind.CREATE_FAILED, "no image");
            return;
        }
        for (String need : box.missingNeeds) {
            violation("NEED_DISABLED", box.name(), "Service " + box.name() + " needs " + need + ", which is not deployed; it will never start");
        }
        requestImage(box);
    }

    private void requestImage(Box box) {
        NodeState node = box.node;
        if (!node.up) {
            setState(box, ServiceState.DOWN);
            return;
        }
        String image = box.svc.image().orElseThrow();
        if (node.images.contains(image)) {
            create(box);
            return;
        }
        Pull pull = node.pulls.get(image);
        if (pull == null) {
            pull = new Pull(image, ImageCatalog.sizeBytes(image, box.svc.type()));
            node.pulls.put(image, pull);
            node.pullQueue.add(pull);
        }
        pull.waiting.add(box);
        setState(box, ServiceState.PENDING);
        pumpPulls(node);
    }

    private void pumpPulls(NodeState node) {
        if (!node.up || node.currentPull != null || node.pullQueue.isEmpty()) {
            return;
        }
        Pull pull = node.pullQueue.peek();
        long free = node.node.disk().bytes() - node.diskUsed;
        if (node.diskFull || pull.bytes > free) {
            // A full disk blocks every queued pull; an image too big for the space left blocks the queue behind it.
            for (Pull p : node.diskFull ? List.copyOf(node.pullQueue) : List.of(pull)) {
                if (!p.blocked) {
                    p.blocked = true;
                    for (Box b : p.waiting) {
                        event(EventKind.PULL_BLOCKED, b.name(), p.image + " on " + node.name() + ": disk full");
                    }
                }
            }
            if (!node.diskFull && !pull.reported) {
                pull.reported = true;
                violation("DISK_FULL", node.name(), "Node " + node.name() + " has " + bytes(free).toHumanString() + " of disk free, too little for "
                        + pull.image + " (" + bytes(pull.bytes).toHumanString() + ")");
            }
            return;
        }
        node.pullQueue.remove();
        node.currentPull = pull;
        pull.blocked = false;
        int downlink = topology.site(node.node.site()).map(Site::downlinkMbps).orElse(100);
        double seconds = pull.bytes * 8.0 / (downlink * 1_000_000.0);
        long ms = REGISTRY_HANDSHAKE_MS + Math.round(seconds * 1000 * jitter(0.9, 1.1));
        for (Box b : pull.waiting) {
            setState(b, ServiceState.PULLING);
            event(EventKind.PULL_STARTED, b.name(), pull.image + " on " + node.name() + ", " + bytes(pull.bytes).toHumanString());
        }
        int gen = node.generation;
        queue.schedule(now + ms, () -> pullDone(node, pull, gen));
    }

    private void pullDone(NodeState node, Pull pull, int gen) {
        if (gen != node.generation) {
            return;
        }
        node.currentPull = null;
        node.pulls.remove(pull.image);
        node.images.add(pull.image);
        node.diskUsed += pull.bytes;
        for (Box b : pull.waiting) {
            event(EventKind.PULL_COMPLETED, b.name(), pull.image);
        }
        for (Box b : pull.waiting) {
            create(b);
        }
        pumpPulls(node);
    }

    private void create(Box box) {
        NodeState node = box.node;
        for (ResolvedPort p : box.svc.ports()) {
            if (p.host() == null) {
                continue;
            }
            String key = p.host() + "/" + (p.protocol() == null ? "tcp" : p.protocol().wire());
            Box holder = node.boundPorts.get(key);
            if (holder != null && holder != box) {
                violation("PORT_CONFLICT", box.name(), "Host port " + key + " on node " + node.name() + " is already taken by "
                        + holder.name() + "; " + box.name() + " cannot be created");
                failForGood(box, EventKind.CREATE_FAILED, "host port " + key + " taken by " + holder.name());
                return;
            }
        }
        for (ResolvedPort p : box.svc.ports()) {
            if (p.host() != null) {
                node.boundPorts.put(p.host() + "/" + (p.protocol() == null ? "tcp" : p.protocol().wire()), box);
            }
        }
        node.cpuRequested += box.cpuRequest;
        node.memRequested += box.memRequest;
        if (!node.cpuOvercommitted && node.cpuRequested > node.node.cpu().millis()) {
            node.cpuOvercommitted = true;
            violation("NODE_OVERCOMMIT_CPU", node.name(), "Node " + node.name() + " is over-committed: services request "
                    + cores(node.cpuRequested) + " CPU of its " + cores(node.node.cpu().millis()) + " (" + box.name() + " tipped it over)");
        }
        if (!node.memOvercommitted && node.memRequested > node.node.memory().bytes()) {
            node.memOvercommitted = true;
            violation("NODE_OVERCOMMIT_MEMORY", node.name(), "Node " + node.name() + " is over-committed: services request "
                    + bytes(node.memRequested).toHumanString() + " of its " + node.node.memory().toHumanString()
                    + " memory (" + box.name() + " tipped it over)");
        }
        box.created = true;
        int gen = ++box.generation;
        queue.schedule(now + CREATE_MS, () -> {
            if (gen != box.generation) {
                return;
            }
            setState(box, ServiceState.CREATED);
            box.createdAt = now;
            event(EventKind.CONTAINER_CREATED, box.name(), "on " + node.name());
            tryStart(box);
        });
    }

    private void tryStart(Box box) {
        if (box.state != ServiceState.CREATED || !box.node.up || !box.missingNeeds.isEmpty() || !needsAvailable(box)) {
            return;
        }
        if (!box.everStarted) {
            Box last = null;
            for (Box need : box.needs) {
                if (last == null || need.lastHealthyAt > last.lastHealthyAt) {
                    last = need;
                }
            }
            box.blocker = last != null && last.lastHealthyAt >= box.createdAt ? last : null;
        }
        start(box);
    }

    private void start(Box box) {
        setState(box, ServiceState.STARTING);
        box.node.memUsed += box.memRequest - box.memUsage;
        box.memUsage = box.memRequest;
        box.startedAt = now;
        box.warm = false;
        box.healthy = false;
        box.pendingHealth = null;
        int gen = ++box.generation;
        if (box.everStarted) {
            int restart = box.restarts;
            event(EventKind.CONTAINER_STARTED, box.name(), () -> "restart " + restart);
        } else {
            event(EventKind.CONTAINER_STARTED, box.name(), "");
            box.everStarted = true;
            reportUnreachableNeeds(box);
        }
        long warmup = PROCESS_START_MS + Math.round(warmupMs(box.svc.type()) * jitter(0.8, 1.2));
        queue.schedule(now + warmup, () -> {
            if (gen == box.generation) {
                box.warm = true;
                evaluate(box);
            }
        });
        if (box.crashLoop) {
            queue.schedule(now + CRASH_LOOP_EXIT_MS, () -> {
                if (gen == box.generation) {
                    exit(box, 1, "crashed");
                }
            });
        }
        if (box.memLimit > 0 && box.memUsage > box.memLimit) {
            oomKill(box, overLimit(box.memUsage, box.memLimit));
            return;
        }
        checkNodeMemory(box.node);
    }

    /**
     * Records a violation for every need that {@code box}, now connecting for the first time,
     * cannot reach because of the configuration: a firewall rule or a published port is
     * missing. Health checks are the service's own and do not see this, so the service's state is
     * left alone; a partition is a fault and shows in its health instead.
     */
    private void reportUnreachableNeeds(Box box) {
        for (Box need : box.needs) {
            if (need.node == box.node || need.endpoint == null) {
                continue;
            }
            String reason = NetworkPath.configurationBlocks(topology, box.node.node, need.node.node, need.endpoint);
            if (reason == null) {
                continue;
            }
            List<Integer> ports = need.endpoint.remotePorts();
            String via = ports.isEmpty() ? "" : " over the " + NetworkPath.between(topology, box.node.node, need.node.node).via();
            violation("NEED_UNREACHABLE", box.name(), "Service " + box.name() + " on " + box.node.name() + " needs " + need.name() + " on "
                    + need.node.name() + ", which it cannot reach" + via + ": " + reason);
        }
    }

    private static long warmupMs(ServiceType type) {
        if (type == null) {
            return 4_000;
        }
        return switch (type) {
            case DATABASE -> 8_000;
            case CACHE, QUEUE -> 1_000;
            case REVERSE_PROXY, VPN -> 2_000;
            case STORAGE, MEDIA, PAAS -> 12_000;
            case MONITORING -> 5_000;
            default -> 4_000;
        };
    }

    // ---- health --------------------------------------------------------------------------

    private boolean running(Box box) {
        return box.state == ServiceState.STARTING || box.state == ServiceState.HEALTHY || box.state == ServiceState.UNHEALTHY;
    }

    private boolean needsAvailable(Box box) {
        for (Box need : box.needs) {
            if (!need.healthy || !reachable(box.node, need.node)) {
                return false;
            }
        }
        return true;
    }

    private boolean reachable(NodeState a, NodeState b) {
        String sa = a.node.site();
        String sb = b.node.site();
        if (a == b) {
            return true;
        }
        return !partitions.contains(linkKey(a.node.name(), b.node.name())) && (sa.equals(sb) || !partitions.contains(linkKey(sa, sb)));
    }

    /** Why {@code box} cannot pass a health check now, or {@code null} when it can. */
    private String trouble(Box box) {
        if (!box.warm) {
            return "starting";
        }
        if (box.node.diskFull && box.writesVolumes) {
            return "disk full on " + box.node.name();
        }
        for (Box need : box.needs) {
            if (!need.healthy) {
                return "needs " + need.name() + ", which is unavailable";
            }
            if (!reachable(box.node, need.node)) {
                return "cannot reach " + need.name() + " across the partition";
            }
            String slow = slowLink(box.node, need.node);
            if (slow != null) {
                return "cannot reach " + need.name() + " within the " + DurationText.format(Duration.ofMillis(timeoutMs))
                        + " health-check timeout across the degraded link " + slow;
            }
        }
        if (box.lossFault != null) {
            return "a health check lost packets to the other side of the degraded link " + linkName(box.lossFault)
                    + " (" + percent(box.lossFault.lossPercent()) + "% loss)";
        }
        return null;
    }

    /** The degraded link between the nodes' sites, described, when its latency outlasts a health check; else {@code null}. */
    private String slowLink(NodeState a, NodeState b) {
        if (!healthChecks || a.node.site().equals(b.node.site())) {
            return null;
        }
        Fault link = degradedLinks.get(linkKey(a.node.site(), b.node.site()));
        if (link == null || link.latency().orElseThrow().toMillis() <= timeoutMs) {
            return null;
        }
        return linkName(link) + " (latency " + DurationText.format(link.latency().orElseThrow()) + ")";
    }

    private void scheduleLossCheck(Box box, Fault link) {
        long next = running(box)
                ? box.startedAt + ((now - box.startedAt) / intervalMs + 1) * intervalMs
                : now + intervalMs;
        queue.schedule(next, () -> lossCheck(box, link));
    }

    /**
     * One health check of {@code box} while {@code link} loses packets. Unlike other conditions,
     * loss is drawn check by check: a failed check starts the usual three-check road to unhealthy,
     * and any passing check on the way (or later) clears it.
     */
    private void lossCheck(Box box, Fault link) {
        String key = linkKey(link.targets().get(0), link.targets().get(1));
        if (degradedLinks.get(key) != link) {
            return;
        }
        boolean crosses = false;
        for (Box need : box.needs) {
            String needSite = need.node.node.site();
            crosses |= !needSite.equals(box.node.node.site()) && linkKey(needSite, box.node.node.site()).equals(key);
        }
        boolean checked = crosses && running(box) && box.warm && (now - box.startedAt) % intervalMs == 0;
        if (checked) {
            boolean failed = random.nextDouble() * 100 < link.lossPercent();
            if (failed != (box.lossFault != null)) {
                box.lossFault = failed ? link : null;
                evaluate(box);
            }
        } else if (box.lossFault == link) {
            box.lossFault = null;
        }
        scheduleLossCheck(box, link);
    }

    /**
     * Schedules the health transition {@code box}'s condition calls for. Checks are not simulated
     * one by one: a change is noticed at the next check after it, and a failure is declared after
     * {@value #HEALTH_RETRIES} failed checks, the last one timing out.
     */
    private void evaluate(Box box) {
        if (!running(box)) {
            return;
        }
        ServiceState want = want(box);
        if (want == box.state) {
            if (box.pendingHealth != null) {
                box.pendingHealth = null;
                box.healthSeq++;
            }
            return;
        }
        if (box.pendingHealth == want) {
            return;
        }
        long at;
        if (!healthChecks) {
            at = now;
        } else {
            long elapsed = now - box.startedAt;
            long k = Math.max(1, (elapsed + intervalMs - 1) / intervalMs);
            long nextCheck = box.startedAt + k * intervalMs;
            at = want == ServiceState.HEALTHY ? nextCheck : nextCheck + (HEALTH_RETRIES - 1) * intervalMs + timeoutMs;
        }
        box.pendingHealth = want;
        int seq = ++box.healthSeq;
        int gen = box.generation;
        queue.schedule(at, () -> {
            if (gen != box.generation || seq != box.healthSeq) {
                return;
            }
            box.pendingHealth = null;
            if (want(box) != want) {
                evaluate(box);
            } else if (want == ServiceState.HEALTHY) {
                becomeHealthy(box);
            } else {
                becomeUnhealthy(box, trouble(box));
            }
        });
    }

    /** The state {@code box}'s health checks lead to: a container still warming up stays starting. */
    private ServiceState want(Box box) {
        if (trouble(box) == null) {
            return ServiceState.HEALTHY;
        }
        return box.warm ? ServiceState.UNHEALTHY : box.state;
    }

    private void becomeHealthy(Box box) {
        box.healthy = true;
        setState(box, ServiceState.HEALTHY);
        box.lastHealthyAt = now;
        if (box.readyAt < 0) {
            box.readyAt = now;
        }
        event(EventKind.HEALTHY, box.name(), box.readyAt == now ? "ready" : "recovered");
        List<Fault> due = healthyTriggers.remove(box.name());
        if (due != null) {
            for (Fault f : due) {
                queue.schedule(now + f.trigger().orElseThrow().delay().toMillis(), () -> inject(f));
            }
        }
        for (Box dep : box.dependents) {
            if (dep.state == ServiceState.CREATED) {
                tryStart(dep);
            } else {
                evaluate(dep);
            }
        }
    }

    private void becomeUnhealthy(Box box, String why) {
        setState(box, ServiceState.UNHEALTHY);
        lostHealth(box);
        event(EventKind.UNHEALTHY, box.name(), why);
    }

    /** {@code box} stopped being healthy: the services needing it must notice. */
    private void lostHealth(Box box) {
        boolean was = box.healthy;
        box.healthy = false;
        if (was) {
            for (Box dep : box.dependents) {
                evaluate(dep);
            }
        }
    }

    // ---- exits and restarts --------------------------------------------------------------

    private void exit(Box box, int code, String why) {
        box.generation++;
        box.pendingHealth = null;
        setState(box, ServiceState.EXITED);
        event(EventKind.CONTAINER_EXITED, box.name(), () -> why + ", exit code " + code);
        lostHealth(box);
        RestartPolicy policy = box.svc.restartPolicy() == null ? RestartPolicy.NO : box.svc.restartPolicy();
        boolean restart = switch (policy) {
            case ALWAYS, UNLESS_STOPPED -> true;
            case ON_FAILURE -> code != 0;
            case NO -> false;
        };
        if (!restart) {
            setState(box, ServiceState.FAILED);
            event(EventKind.GAVE_UP, box.name(), "restart policy " + policy.wire());
            return;
        }
        box.backoffMs = now - box.startedAt >= BACKOFF_RESET_MS || box.backoffMs == 0
                ? BACKOFF_FIRST_MS : Math.min(box.backoffMs * 2, BACKOFF_MAX_MS);
        long backoff = box.backoffMs;
        event(EventKind.RESTART_SCHEDULED, box.name(), () -> "in " + Duration.ofMillis(backoff));
        int gen = box.generation;
        queue.schedule(now + box.backoffMs, () -> {
            if (gen == box.generation && box.state == ServiceState.EXITED && box.node.up) {
                box.restarts++;
                start(box);
            }
        });
    }

    private void oomKill(Box box, Supplier<String> why) {
        String name = box.name();
        String nodeName = box.node.name();
        violation("OOM_KILLED", name, () -> "Container " + name + " on " + nodeName + " was killed for memory: " + why.get());
        event(EventKind.OOM_KILLED, name, why);
        exit(box, 137, "killed");
    }

    /** The kernel's OOM killer: while the running containers do not fit, kill the biggest. */
    private void checkNodeMemory(NodeState node) {
        long available = node.node.memory().bytes() - node.pressure;
        // The running total makes the common case (everything fits) constant time; only a kill
        // needs the scan for the biggest container.
        while (node.memUsed > available) {
            Box biggest = null;
            for (Box b : node.boxes) {
                if (running(b) && (biggest == null || b.memUsage > biggest.memUsage)) {
                    biggest = b;
                }
            }
            if (biggest == null) {
                return;
            }
            String name = node.name();
            long used = node.memUsed;
            oomKill(biggest, () -> "node " + name + " out of memory (" + bytes(used).toHumanString() + " in use, "
                    + bytes(Math.max(0, available)).toHumanString() + " available)");
        }
    }

    private void failForGood(Box box, EventKind kind, String why) {
        setState(box, ServiceState.FAILED);
        box.failedForGood = true;
        event(kind, box.name(), why);
    }

    // ---- faults --------------------------------------------------------------------------

    private void inject(Fault f) {
        String target = f.targets().get(0);
        switch (f.kind()) {
            case NODE_CRASH -> crashNode(nodes.get(target), "crashed");
            case SITE_POWER_LOSS -> {
                event(EventKind.POWER_LOST, target, "");
                for (String n : topology.site(target).orElseThrow().nodes()) {
                    crashNode(nodes.get(n), "power lost");
                }
            }
            case PARTITION -> {
                partitions.add(linkKey(f.targets().get(0), f.targets().get(1)));
                event(EventKind.PARTITION_STARTED, linkName(f), "");
                boxes.values().forEach(this::evaluate);
            }
            case DISK_FULL -> {
                NodeState node = nodes.get(target);
                node.diskFull = true;
                event(EventKind.DISK_FULL, target, "");
                violation("DISK_FULL", target, "Node " + target + " ran out of disk space");
                node.boxes.forEach(this::evaluate);
            }
            case MEMORY_PRESSURE -> {
                NodeState node = nodes.get(target);
                node.pressure += f.amount().orElseThrow().bytes();
                event(EventKind.MEMORY_PRESSURE, target, f.amount().orElseThrow().toHumanString() + " taken");
                checkNodeMemory(node);
            }
            case MEMORY_SPIKE -> {
                Box box = boxes.get(target);
                long amount = f.amount().orElseThrow().bytes();
                if (running(box)) {
                    box.memUsage += amount;
                    box.node.memUsed += amount;
                    event(EventKind.MEMORY_SPIKE, target, "+" + f.amount().orElseThrow().toHumanString());
                    if (box.memLimit > 0 && box.memUsage > box.memLimit) {
                        oomKill(box, overLimit(box.memUsage, box.memLimit));
                    } else {
                        checkNodeMemory(box.node);
                    }
                }
            }
            case CRASH_LOOP -> {
                Box box = boxes.get(target);
                box.crashLoop = true;
                event(EventKind.CRASH_LOOP_STARTED, target, "");
                if (running(box)) {
                    int gen = box.generation;
                    queue.schedule(now + CRASH_LOOP_EXIT_MS, () -> {
                        if (gen == box.generation) {
                            exit(box, 1, "crashed");
                        }
                    });
                }
            }
            case PROVIDER_RATE_LIMIT, PROVIDER_SERVER_ERROR, PROVIDER_TIMEOUT ->
                    event(EventKind.PROVIDER_ERRORS_STARTED, target, providerAnswer(f));
            case LINK_DEGRADATION -> {
                degradedLinks.put(linkKey(f.targets().get(0), f.targets().get(1)), f);
                event(EventKind.LINK_DEGRADED, linkName(f), "latency " + DurationText.format(f.latency().orElseThrow())
                        + ", loss " + percent(f.lossPercent()) + "%");
                boxes.values().forEach(this::evaluate);
                if (healthChecks && f.lossPercent() > 0) {
                    boxes.values().forEach(box -> scheduleLossCheck(box, f));
                }
            }
        }
        f.recovery().ifPresent(d -> queue.schedule(now + d.toMillis(), () -> recover(f)));
    }

    private void recover(Fault f) {
        String target = f.targets().get(0);
        switch (f.kind()) {
            case NODE_CRASH -> bootNode(nodes.get(target));
            case SITE_POWER_LOSS -> {
                event(EventKind.POWER_RESTORED, target, "");
                for (String n : topology.site(target).orElseThrow().nodes()) {
                    bootNode(nodes.get(n));
                }
            }
            case PARTITION -> {
                partitions.remove(linkKey(f.targets().get(0), f.targets().get(1)));
                event(EventKind.PARTITION_HEALED, linkName(f), "");
                for (Box box : boxes.values()) {
                    if (box.state == ServiceState.CREATED) {
                        tryStart(box);
                    } else {
                        evaluate(box);
                    }
                }
            }
            case DISK_FULL -> {
                NodeState node = nodes.get(target);
                node.diskFull = false;
                event(EventKind.DISK_RECOVERED, target, "");
                node.pullQueue.forEach(p -> p.blocked = false);
                node.boxes.forEach(this::evaluate);
                pumpPulls(node);
            }
            case MEMORY_PRESSURE -> {
                NodeState node = nodes.get(target);
                node.pressure -= f.amount().orElseThrow().bytes();
                event(EventKind.MEMORY_PRESSURE_RELIEVED, target, f.amount().orElseThrow().toHumanString() + " given back");
            }
            case MEMORY_SPIKE -> {
                Box box = boxes.get(target);
                if (running(box)) {
                    long before = box.memUsage;
                    box.memUsage = Math.max(box.memRequest, box.memUsage - f.amount().orElseThrow().bytes());
                    box.node.memUsed += box.memUsage - before;
                }
            }
            case CRASH_LOOP -> {
                boxes.get(target).crashLoop = false;
                event(EventKind.CRASH_LOOP_ENDED, target, "");
            }
            case PROVIDER_RATE_LIMIT, PROVIDER_SERVER_ERROR, PROVIDER_TIMEOUT ->
                    event(EventKind.PROVIDER_ERRORS_ENDED, target, providerAnswer(f));
            case LINK_DEGRADATION -> {
                String key = linkKey(f.targets().get(0), f.targets().get(1));
                if (degradedLinks.get(key) == f) {
                    degradedLinks.remove(key);
                }
                event(EventKind.LINK_RESTORED, linkName(f), "");
                for (Box box : boxes.values()) {
                    if (box.lossFault == f) {
                        box.lossFault = null;
                    }
                    evaluate(box);
                }
            }
        }
    }

    private void crashNode(NodeState node, String why) {
        if (!node.up) {
            if (node.booting) {
                // Crashing while booting: the boot in progress never completes.
                node.booting = false;
                node.generation++;
                event(EventKind.NODE_DOWN, node.name(), why + " while booting");
            }
            return;
        }
        node.up = false;
        node.generation++;
        event(EventKind.NODE_DOWN, node.name(), why);
        if (node.currentPull != null) {
            node.currentPull = null;
        }
        node.pullQueue.clear();
        node.pulls.clear();
        for (Box box : node.boxes) {
            if (box.failedForGood) {
                continue;
            }
            box.generation++;
            box.pendingHealth = null;
            setState(box, ServiceState.DOWN);
        }
        for (Box box : node.boxes) {
            lostHealth(box);
        }
    }

    private void bootNode(NodeState node) {
        if (node.up || node.booting) {
            return;
        }
        node.booting = true;
        int gen = node.generation;
        queue.schedule(now + BOOT_MS, () -> {
            if (gen != node.generation) {
                return;
            }
            node.booting = false;
            node.up = true;
            event(EventKind.NODE_UP, node.name(), "");
            for (Box box : node.boxes) {
                if (box.failedForGood) {
                    continue;
                }
                if (box.everStarted) {
                    RestartPolicy policy = box.svc.restartPolicy() == null ? RestartPolicy.NO : box.svc.restartPolicy();
                    if (policy == RestartPolicy.NO) {
                        setState(box, ServiceState.FAILED);
                        event(EventKind.GAVE_UP, box.name(), "restart policy no");
                    } else {
                        box.restarts++;
                        start(box);
                    }
                } else if (box.created) {
                    setState(box, ServiceState.CREATED);
                    tryStart(box);
                } else {
                    requestImage(box);
                }
            }
        });
    }

    // ---- log -----------------------------------------------------------------------------

    private void event(EventKind kind, String subject, String detail) {
        record(new SimEvent(Duration.ofMillis(now), kind, subject, detail));
    }

    /** Logs an event whose text is built only when read: most events of a long run never are. */
    private void event(EventKind kind, String subject, Supplier<String> detail) {
        record(entries.event(now, kind, subject, detail));
    }

    private void record(SimEvent e) {
        events.add(e);
        listener.onEvent(e);
    }

    private void violation(String code, String subject, String message) {
        violation(code, subject, entries.violation(code, () -> message, subject, now));
    }

    private void violation(String code, String subject, Supplier<String> message) {
        violation(code, subject, entries.violation(code, message, subject, now));
    }

    private void violation(String code, String subject, Violation v) {
        violations.add(v);
        event(EventKind.VIOLATION, subject, code);
        listener.onViolation(v);
    }

    /**
     * Every change of a container's state goes through here, so the node's total of memory in
     * use by running containers stays exact without rescanning the node.
     */
    private void setState(Box box, ServiceState state) {
        boolean was = running(box);
        box.state = state;
        boolean is = running(box);
        if (was != is) {
            box.node.memUsed += is ? box.memUsage : -box.memUsage;
        }
    }

    private static Supplier<String> overLimit(long usage, long limit) {
        return () -> "uses " + bytes(usage).toHumanString() + " of its " + bytes(limit).toHumanString() + " limit";
    }

    private double jitter(double low, double high) {
        return low + random.nextDouble() * (high - low);
    }

    private static String linkKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /** What a provider fault makes the API answer, in the form {@code SimulatedProviderApi} reads back from the event log. */
    private static String providerAnswer(Fault f) {
        return switch (f.kind()) {
            case PROVIDER_RATE_LIMIT -> "429 retry-after " + DurationText.format(f.retryAfter().orElseThrow());
            case PROVIDER_SERVER_ERROR -> Integer.toString(f.status());
            default -> "timeout";
        };
    }

    private static String percent(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String linkName(Fault f) {
        return f.targets().get(0) + "<->" + f.targets().get(1);
    }

    private static ByteSize bytes(long bytes) {
        return new ByteSize(Math.max(0, bytes));
    }

    private static String cores(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.valueOf(millis / 1000.0);
    }

    // ---- report --------------------------------------------------------------------------

    private SimulationReport report() {
        Map<String, ServiceOutcome> outcomes = new LinkedHashMap<>();
        Box last = null;
        boolean allReady = true;
        for (Box box : boxes.values()) {
            outcomes.put(box.name(), new ServiceOutcome(box.name(), box.node.name(), box.state,
                    box.readyAt < 0 ? null : Duration.ofMillis(box.readyAt), box.restarts));
            if (box.readyAt < 0) {
                allReady = false;
            } else if (last == null || box.readyAt > last.readyAt) {
                last = box;
            }
        }
        List<CriticalStep> path = new ArrayList<>();
        for (Box b = last; b != null; b = b.blocker) {
            path.add(0, new CriticalStep(b.name(), Duration.ofMillis(b.readyAt)));
        }
        Readiness readiness = new Readiness(allReady && last != null ? Duration.ofMillis(last.readyAt) : null, path);
        return new SimulationReport(spec.name(), spec.planHash(), seed, duration, topology, outcomes, violations, events,
                failureImpact(), capacity(), readiness);
    }

    private Map<String, NodeCapacity> capacity() {
        Map<String, NodeCapacity> out = new LinkedHashMap<>();
        for (NodeState node : nodes.values()) {
            long cpu = 0;
            long memory = 0;
            for (Box b : node.boxes) {
                cpu += b.cpuRequest;
                memory += b.memRequest;
            }
            out.put(node.name(), new NodeCapacity(node.name(), node.node.cpu(), new CpuQuantity(cpu), node.node.memory(), bytes(memory)));
        }
        return out;
    }

    private FailureImpact failureImpact() {
        // Sorting each closure by spec position, instead of scanning every service per node,
        // keeps this linear in the closures' sizes rather than nodes times services.
        Map<Box, Integer> specOrder = new IdentityHashMap<>();
        for (Box b : boxes.values()) {
            specOrder.put(b, specOrder.size());
        }
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        for (NodeState node : nodes.values()) {
            byNode.put(node.name(), closure(node.boxes, specOrder));
        }
        Map<String, List<String>> bySite = new LinkedHashMap<>();
        for (Site site : topology.sites()) {
            List<Box> seeds = new ArrayList<>();
            for (String n : site.nodes()) {
                seeds.addAll(nodes.get(n).boxes);
            }
            bySite.put(site.name(), closure(seeds, specOrder));
        }
        return new FailureImpact(byNode, bySite);
    }

    /** {@code seeds} and every service needing one of them, directly or not, in spec order. */
    private static List<String> closure(List<Box> seeds, Map<Box, Integer> specOrder) {
        Set<Box> lost = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Box> found = new ArrayList<>();
        ArrayDeque<Box> work = new ArrayDeque<>(seeds);
        while (!work.isEmpty()) {
            Box b = work.remove();
            if (lost.add(b)) {
                found.add(b);
                work.addAll(b.dependents);
            }
        }
        found.sort(Comparator.comparingInt(specOrder::get));
        List<String> out = new ArrayList<>(found.size());
        for (Box b : found) {
            out.add(b.name());
        }
        return out;
    }

    // ---- state ---------------------------------------------------------------------------

    private static final class NodeState {
        final SimNode node;
        final List<Box> boxes = new ArrayList<>();
        final Set<String> images = new HashSet<>();
        final Map<String, Pull> pulls = new HashMap<>();
        final ArrayDeque<Pull> pullQueue = new ArrayDeque<>();
        final Map<String, Box> boundPorts = new HashMap<>();
        Pull currentPull;
        boolean up = true;
        boolean booting;
        boolean diskFull;
        long diskUsed;
        long pressure;
        long cpuRequested;
        long memRequested;
        /** Memory used by the running containers, kept by {@code setState}. */
        long memUsed;
        boolean cpuOvercommitted;
        boolean memOvercommitted;
        int generation;

        NodeState(SimNode node) {
            this.node = node;
        }

        String name() {
            return node.name();
        }
    }

    private static final class Pull {
        final String image;
        final long bytes;
        final List<Box> waiting = new ArrayList<>();
        boolean blocked;
        boolean reported;

        Pull(String image, long bytes) {
            this.image = image;
            this.bytes = bytes;
        }
    }

    private static final class Box {
        final ResolvedService svc;
        final NodeState node;
        /** Where it listens; {@code null} only when the topology does not list it. */
        final Endpoint endpoint;
        final List<Box> needs = new ArrayList<>();
        final List<String> missingNeeds = new ArrayList<>();
        final List<Box> dependents = new ArrayList<>();
        final long cpuRequest;
        final long memRequest;
        final long memLimit;
        final boolean writesVolumes;
        ServiceState state = ServiceState.PENDING;
        boolean created;
        boolean everStarted;
        boolean failedForGood;
        boolean warm;
        boolean healthy;
        boolean crashLoop;
        Fault lossFault;
        ServiceState pendingHealth;
        int healthSeq;
        int generation;
        int restarts;
        long createdAt;
        long startedAt;
        long readyAt = -1;
        long lastHealthyAt = -1;
        long memUsage;
        long backoffMs;
        Box blocker;

        Box(ResolvedService svc, NodeState node, Endpoint endpoint) {
            this.svc = svc;
            this.node = node;
            this.endpoint = endpoint;
            this.cpuRequest = svc.cpuRequest() != null ? svc.cpuRequest().millis() : svc.cpuLimit() != null ? svc.cpuLimit().millis() : 0;
            this.memLimit = svc.memoryLimit() != null ? svc.memoryLimit().bytes() : 0;
            this.memRequest = svc.memoryRequest() != null ? svc.memoryRequest().bytes() : memLimit;
            boolean writes = false;
            for (ResolvedVolume v : svc.volumes()) {
                if (!v.readOnly() && v.type() != VolumeType.TMPFS) {
                    writes = true;
                }
            }
            this.writesVolumes = writes;
        }

        String name() {
            return svc.name();
        }
    }
}
