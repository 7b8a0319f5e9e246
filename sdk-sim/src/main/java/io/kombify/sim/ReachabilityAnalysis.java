package io.kombify.sim;

import io.kombify.sim.internal.NetworkPath;
import io.kombify.sim.model.Endpoint;
import io.kombify.sim.model.FirewallRule;
import io.kombify.sim.model.Ipv4;
import io.kombify.sim.model.ProxyRoute;
import io.kombify.sim.model.SimNode;
import io.kombify.sim.model.Site;
import io.kombify.sim.model.Topology;
import io.kombify.sim.model.VpnMesh;
import io.kombify.spec.model.ServiceType;
import io.kombify.spec.model.TlsMode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides reachability on a finished report: the services' final states, the partitions still in
 * place when the run ended, the host firewall and the proxy routes.
 */
final class ReachabilityAnalysis {

    private static final String LINK_SEPARATOR = NetworkPath.LINK_SEPARATOR;

    private final SimulationReport report;
    private final Topology topology;
    private final Set<String> partitions = new HashSet<>();

    ReachabilityAnalysis(SimulationReport report) {
        this.report = report;
        this.topology = report.topology();
        for (SimEvent e : report.events()) {
            if (e.kind() == EventKind.PARTITION_STARTED) {
                partitions.add(key(e.subject()));
            } else if (e.kind() == EventKind.PARTITION_HEALED) {
                partitions.remove(key(e.subject()));
            }
        }
    }

    Reachability between(String from, String to) {
        ServiceOutcome source = outcome(from);
        ServiceOutcome target = outcome(to);
        List<String> path = new ArrayList<>();
        if (!source.state().isRunning()) {
            return no(from, to, path, from + " is not running on " + source.node() + " (state: " + source.state().wire() + ")", null);
        }
        return towards(from, source.node(), target, path, null);
    }

    Reachability fromClient(Client client, String service) {
        ServiceOutcome target = outcome(service);
        String from = client.describe();
        List<String> path = new ArrayList<>();
        ProxyRoute route = topology.route(service).orElse(null);
        if (route == null) {
            return no(from, service, path, service + " has no reverse-proxy route: set network.proxy on the service to publish it", null);
        }
        TlsMode tls = route.tls() == null ? TlsMode.AUTO : route.tls();
        Endpoint proxy = topology.endpoints().stream().filter(e -> e.type() == ServiceType.REVERSE_PROXY).findFirst().orElse(null);
        if (proxy == null) {
            return no(from, service, path, "the stack deploys no reverse proxy (a service of type reverse-proxy) to serve " + route.domain(), tls);
        }
        ServiceOutcome proxyOutcome = outcome(proxy.service());
        SimNode proxyNode = node(proxy.node());
        FirewallRule.Source source;
        String address = null;
        switch (client.kind()) {
            case HOME_LAN -> {
                if (proxyNode.site().equals(Topology.HOME_SITE)) {
                    path.add("home LAN");
                    source = FirewallRule.Source.LAN;
                    address = Ipv4.lastHost(topology.site(Topology.HOME_SITE).map(Site::subnet).orElse(Ipv4.DEFAULT_HOME_SUBNET));
                } else {
                    if (topology.site(Topology.HOME_SITE).isPresent() && partitioned(Topology.HOME_SITE, proxyNode.site())) {
                        return no(from, service, path, "the home site is cut off from " + proxyNode.site() + ", where the proxy "
                                + proxy.service() + " runs (partition)", tls);
                    }
                    path.add("internet to " + proxyNode.site());
                    source = FirewallRule.Source.ANY;
                    // Leaving home for the internet, the client's requests come from the home router's public address.
                    address = topology.site(Topology.HOME_SITE).map(Site::publicAddress)
                            .orElseGet(() -> Ipv4.host(Ipv4.HOME_PUBLIC_RANGE, 1, null));
                }
            }
            case VPN -> {
                VpnMesh mesh = topology.mesh();
                if (mesh == null) {
                    return no(from, service, path, "no VPN mesh is configured (network.vpn is none)", tls);
                }
                path.add("VPN mesh (" + mesh.kind().wire() + ")");
                source = FirewallRule.Source.VPN;
                address = Ipv4.lastHost(Ipv4.VPN_SUBNET);
            }
            case INTERNET -> {
                path.add("internet to " + proxyNode.site());
                source = FirewallRule.Source.ANY;
                address = Ipv4.INTERNET_CLIENT_ADDRESS;
            }
            default -> throw new IllegalStateException("unknown client kind " + client.kind());
        }
        int port = tls == TlsMode.DISABLED ? 80 : 443;
        if (!proxyOutcome.isReady()) {
            return no(from, service, path, "the reverse proxy " + proxy.service() + " on " + proxy.node() + " is not ready (state: "
                    + proxyOutcome.state().wire() + ")", tls);
        }
        if (!topology.firewall().admits(port, true, source, address)) {
            return no(from, service, path, NetworkPath.firewallDenies(topology.firewall(), proxy.node(), List.of(port), source, address), tls);
        }
        path.add(proxy.service() + " on " + proxy.node() + " (" + route.domain() + ", port " + port + ")");
        Reachability inner = towards(proxy.service(), proxy.node(), target, path, tls);
        if (!inner.reachable()) {
            return no(from, service, inner.path(), proxy.service() + " cannot forward " + route.domain() + " to " + service + ": " + inner.reason(), tls);
        }
        String scheme = tls == TlsMode.DISABLED ? "http, no TLS" : "https, TLS " + tls.wire();
        return new Reachability(from, service, true, inner.path(), "reaches " + route.domain() + " (" + scheme + ") through "
                + proxy.service() + " on " + proxy.node() + "; " + inner.reason(), tls);
    }

    /** Whether a caller on {@code fromNode} reaches {@code target}, appending hops to {@code path}. */
    private Reachability towards(String from, String fromNode, ServiceOutcome target, List<String> path, TlsMode tls) {
        String to = target.name();
        if (!target.isReady()) {
            return no(from, to, path, to + " on " + target.node() + " is not ready (state: " + target.state().wire() + ")", tls);
        }
        if (fromNode.equals(target.node())) {
            path.add("node " + fromNode);
            return new Reachability(from, to, true, path, "both run on " + fromNode, tls);
        }
        Endpoint endpoint = topology.endpoint(to).orElseThrow();
        List<Integer> ports = endpoint.remotePorts();
        if (ports.isEmpty()) {
            return no(from, to, path, NetworkPath.noRemotePort(to, target.node()), tls);
        }
        SimNode a = node(fromNode);
        SimNode b = node(target.node());
        if (partitions.contains(pair(a.name(), b.name()))) {
            return no(from, to, path, "nodes " + a.name() + " and " + b.name() + " cannot reach each other (partition)", tls);
        }
        if (partitioned(a.site(), b.site())) {
            return no(from, to, path, "sites " + a.site() + " and " + b.site() + " cannot reach each other (partition)", tls);
        }
        NetworkPath.Hop hop = NetworkPath.between(topology, a, b);
        path.add(hop.via());
        Integer port = NetworkPath.admittedPort(topology.firewall(), ports, hop);
        if (port == null) {
            return no(from, to, path, NetworkPath.firewallDenies(topology.firewall(), b.name(), ports, hop.source(), hop.address()), tls);
        }
        path.add(to + " on " + b.name() + " (port " + port + ")");
        return new Reachability(from, to, true, path, from + " on " + a.name() + " reaches " + to + " on " + b.name() + " over the "
                + hop.via() + ", port " + port, tls);
    }

    private boolean partitioned(String a, String b) {
        return !a.equals(b) && partitions.contains(pair(a, b));
    }

    private ServiceOutcome outcome(String service) {
        ServiceOutcome outcome = report.services().get(service);
        if (outcome == null) {
            throw new IllegalArgumentException("no deployed service named " + service + "; deployed: " + String.join(", ", report.services().keySet()));
        }
        return outcome;
    }

    private SimNode node(String name) {
        return topology.node(name).orElseThrow(() -> new IllegalStateException("no node named " + name));
    }

    private static Reachability no(String from, String to, List<String> path, String reason, TlsMode tls) {
        return new Reachability(from, to, false, path, reason, tls);
    }

    private static String key(String linkName) {
        int at = linkName.indexOf(LINK_SEPARATOR);
        return at < 0 ? linkName : pair(linkName.substring(0, at), linkName.substring(at + LINK_SEPARATOR.length()));
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
