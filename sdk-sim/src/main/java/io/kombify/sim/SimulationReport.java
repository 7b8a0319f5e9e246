package io.kombify.sim;

import io.kombify.sim.internal.ReportJson;
import io.kombify.sim.model.Topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a simulation found: each service's outcome, the rules broken, the event log, what each
 * node's or site's failure would take down, and how long the stack took to become ready. It is
 * an immutable value; {@link #toJson()} gives the same bytes for the same spec, seed and faults.
 *
 * @param stack         stack name
 * @param planHash      the resolved spec's plan hash
 * @param seed          random seed of the run
 * @param duration      virtual time simulated
 * @param topology      the world the stack ran on
 * @param services      service name -> outcome, in spec order (enabled services only)
 * @param violations    rules broken, in the order they happened
 * @param events        the event log, in virtual-time order
 * @param failureImpact services lost per failed node and site
 * @param capacity      node name -> requests against capacity, in node order
 * @param readiness     time until ready and its critical path
 */
public record SimulationReport(String stack, String planHash, long seed, Duration duration, Topology topology,
                               Map<String, ServiceOutcome> services, List<Violation> violations, List<SimEvent> events,
                               FailureImpact failureImpact, Map<String, NodeCapacity> capacity, Readiness readiness) {

    /**
     * Checks and copies the parts of a report.
     *
     * @throws NullPointerException if any argument is null, or a list holds a null
     */
    public SimulationReport {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(planHash, "planHash");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(violations, "violations");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(failureImpact, "failureImpact");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(readiness, "readiness");
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        capacity = Collections.unmodifiableMap(new LinkedHashMap<>(capacity));
        violations = List.copyOf(violations);
        events = List.copyOf(events);
    }

    /**
     * The API of cloud provider {@code provider} (a cloud site of the stack, such as
     * {@code hetzner}) as this run's provider faults shape it, at time zero: the hook a deployment
     * engine calls in tests instead of the real provider.
     *
     * @throws IllegalArgumentException if the stack has no cloud site of that name
     */
    public SimulatedProviderApi providerApi(String provider) {
        Objects.requireNonNull(provider, "provider");
        if (provider.equals(Topology.HOME_SITE) || topology.site(provider).isEmpty()) {
            throw new IllegalArgumentException("the stack uses no cloud provider named " + provider + "; sites: "
                    + topology.sites().stream().map(s -> s.name()).toList());
        }
        return SimulatedProviderApi.of(provider, events);
    }

    /** The outcome of {@code service}, if it was deployed. */
    public Optional<ServiceOutcome> service(String service) {
        return Optional.ofNullable(services.get(service));
    }

    /** Violations with {@code code}, in order. */
    public List<Violation> violations(String code) {
        return violations.stream().filter(v -> v.code().equals(code)).toList();
    }

    /** Events about {@code subject}, in order. */
    public List<SimEvent> eventsAbout(String subject) {
        return events.stream().filter(e -> e.subject().equals(subject)).toList();
    }

    /** Events of {@code kind}, in order. */
    public List<SimEvent> events(EventKind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** Names of services healthy when the run ended, in spec order. */
    public List<String> readyServices() {
        List<String> out = new ArrayList<>();
        services.forEach((name, outcome) -> {
            if (outcome.isReady()) {
                out.add(name);
            }
        });
        return out;
    }

    /** Whether every service was healthy when the run ended and no rule was broken. */
    public boolean allReady() {
        return violations.isEmpty() && services.values().stream().allMatch(ServiceOutcome::isReady);
    }

    /**
     * Whether service {@code from} reaches service {@code to} as the stack stood when the run
     * ended: both must be up, {@code to} ready; on one node they always do; across nodes the
     * connection goes over the site's LAN, the VPN mesh between sites when there is one, else
     * the internet link, a partition between the sites or the two nodes cuts it, and {@code to}'s node firewall
     * must admit its port from that source ({@code lan}, {@code vpn} or {@code any}), or by a CIDR
     * rule covering the caller's address on that way (LAN, mesh, or public over the internet; see
     * {@link io.kombify.sim.model.Topology}).
     *
     * @throws IllegalArgumentException if either service was not deployed
     */
    public Reachability reachability(String from, String to) {
        return new ReachabilityAnalysis(this).between(from, to);
    }

    /**
     * Whether {@code client} reaches {@code service} through the reverse proxy as the stack stood
     * when the run ended: the service needs an enabled proxy route, the proxy must be ready, the
     * proxy node's firewall must admit port 443 (80 when the route's TLS is disabled) from the
     * client's side, and the proxy must in turn reach the service.
     *
     * @throws IllegalArgumentException if the service was not deployed
     */
    public Reachability reachability(Client client, String service) {
        return new ReachabilityAnalysis(this).fromClient(java.util.Objects.requireNonNull(client, "client"), service);
    }

    /**
     * The {@code needs} the network would block as the run ended: both services up and the
     * needed one ready, yet the caller cannot reach it (a firewall rule is missing, the needed
     * service publishes no port for another node, or a partition separates them). The
     * simulation's health checks do not model ports and firewalls, so a stack can end with every
     * service healthy and still have entries here; each says why. A need that the firewall or a
     * missing port blocks is also a {@code NEED_UNREACHABLE} violation, recorded when the
     * dependent first starts; one that only a partition blocks is not (the partition is a fault,
     * and the dependent's health checks already fail across it).
     */
    public List<Reachability> blockedNeeds() {
        ReachabilityAnalysis analysis = new ReachabilityAnalysis(this);
        List<Reachability> out = new ArrayList<>();
        for (io.kombify.sim.model.Endpoint e : topology.endpoints()) {
            ServiceOutcome caller = services.get(e.service());
            if (caller == null || !caller.state().isRunning()) {
                continue;
            }
            for (String need : e.needs()) {
                ServiceOutcome target = services.get(need);
                if (target != null && target.isReady()) {
                    Reachability r = analysis.between(e.service(), need);
                    if (!r.reachable()) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /**
     * A summary for a terminal: a verdict line, each node with its addresses (LAN, VPN mesh,
     * public), its services' states and ready times and its requests against capacity, the violations, who reaches each proxied service
     * (home LAN, VPN, internet; why not, when not), what each node's and site's
     * failure would take down, and the critical path to a ready stack. Times are written like
     * {@code 2m4.5s}.
     */
    public String toText() {
        return io.kombify.sim.internal.ReportText.write(this);
    }

    /**
     * The report as one self-contained HTML page for people: a header with the verdict, a
     * timeline (Gantt) of every service's lifecycle per node with the faults marked, CPU and
     * memory requests against each node's capacity, the network (sites, nodes, LANs, internet
     * links, the VPN mesh, each node's LAN, mesh and public address, proxy routes and who
     * reaches them), and tables of services,
     * violations, failure impact and the critical path. CSS and SVG are inline; the page needs no
     * scripts and loads nothing, so it opens offline. The same report gives the same bytes.
     */
    public String toHtml() {
        return io.kombify.sim.internal.ReportHtml.write(this);
    }

    /**
     * The report as pretty-printed JSON with keys in a fixed order: {@code stack},
     * {@code planHash}, {@code seed}, {@code duration}, {@code services}, {@code failureImpact}
     * (node -> services), {@code siteFailureImpact}, {@code capacity}, {@code readiness}, {@code violations},
     * {@code reachability} (each proxy route from the home LAN, the VPN and the internet, then
     * {@code blockedNeeds}), {@code events}. Times are ISO-8601 durations since the start ({@code PT1M30S}).
     */
    public String toJson() {
        return ReportJson.write(this);
    }
}
