package io.kombify.sim.internal;

import io.kombify.sim.model.Endpoint;
import io.kombify.sim.model.Firewall;
import io.kombify.sim.model.FirewallRule;
import io.kombify.sim.model.SimNode;
import io.kombify.sim.model.Topology;
import io.kombify.sim.model.VpnMesh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a connection between two nodes travels and whether the destination's firewall lets it in,
 * leaving faults aside. The engine (which records a need the network blocks as a violation) and
 * the reachability analysis of a finished report both decide here, so they agree and say it in
 * the same words.
 */
public final class NetworkPath {

    /** The separator in the name of a link or partition between two sites or nodes. */
    public static final String LINK_SEPARATOR = "<->";

    private NetworkPath() {
    }

    /**
     * One way between two nodes: what it is called, which firewall source class the traffic
     * belongs to, and the address it comes from.
     *
     * @param via     such as {@code home LAN}, {@code VPN mesh (headscale)} or {@code internet link home<->hetzner}
     * @param source  the rule source class that admits it
     * @param address the source address the destination sees
     */
    public record Hop(String via, FirewallRule.Source source, String address) {
    }

    /**
     * The way from node {@code a} to another node {@code b}: the site's LAN when they share a
     * site, else the VPN mesh when both are members, else the internet link, on which the
     * traffic comes from {@code a}'s public address.
     */
    public static Hop between(Topology topology, SimNode a, SimNode b) {
        if (a.site().equals(b.site())) {
            return new Hop(a.site() + " LAN", FirewallRule.Source.LAN, a.address());
        }
        VpnMesh mesh = topology.mesh();
        if (mesh != null && a.vpnAddress() != null && b.vpnAddress() != null
                && mesh.members().contains(a.name()) && mesh.members().contains(b.name())) {
            return new Hop("VPN mesh (" + mesh.kind().wire() + ")", FirewallRule.Source.VPN, a.vpnAddress());
        }
        return new Hop("internet link " + a.site() + LINK_SEPARATOR + b.site(), FirewallRule.Source.ANY, a.publicAddress());
    }

    /** The first of {@code ports} (tcp) that {@code firewall} admits from {@code hop}, or {@code null}. */
    public static Integer admittedPort(Firewall firewall, List<Integer> ports, Hop hop) {
        for (Integer port : ports) {
            if (firewall.admits(port, true, hop.source(), hop.address())) {
                return port;
            }
        }
        return null;
    }

    /**
     * Why a caller on {@code from} can never reach {@code target} on {@code to}, whatever
     * happens during the run: it publishes no port another node may use, or the firewall admits
     * none of them from the way the caller comes. {@code null} when nothing in the configuration
     * stands in the way (services on one node always reach each other).
     */
    public static String configurationBlocks(Topology topology, SimNode from, SimNode to, Endpoint target) {
        if (from.name().equals(to.name())) {
            return null;
        }
        List<Integer> ports = target.remotePorts();
        if (ports.isEmpty()) {
            return noRemotePort(target.service(), to.name());
        }
        Hop hop = between(topology, from, to);
        return admittedPort(topology.firewall(), ports, hop) == null
                ? firewallDenies(topology.firewall(), to.name(), ports, hop.source(), hop.address())
                : null;
    }

    /** The sentence for a service that only its own node can reach. */
    public static String noRemotePort(String service, String node) {
        return service + " publishes no host port and is not exposed on the internal network, so only services on " + node + " reach it";
    }

    /**
     * Why {@code firewall} on {@code node} refuses tcp {@code ports} from {@code source} (coming
     * from {@code address}, or {@code null} when unknown): what it admits those ports from, if
     * anything, and the rule that would let the connection in.
     */
    public static String firewallDenies(Firewall firewall, String node, List<Integer> ports, FirewallRule.Source source, String address) {
        String who = switch (source) {
            case ANY -> address == null ? "the internet" : address + " on the internet";
            case LAN -> "the LAN";
            case VPN -> "the VPN";
            case CIDR -> "that network";
        };
        String alternative = source == FirewallRule.Source.ANY
                ? (address == null ? "" : " or " + address + "/32")
                : " or " + source.name().toLowerCase(Locale.ROOT);
        Map<Integer, List<String>> openTo = new LinkedHashMap<>();
        for (Integer port : ports) {
            for (FirewallRule rule : firewall.rules()) {
                if (rule.opens(port, true)) {
                    List<String> sources = openTo.computeIfAbsent(port, k -> new ArrayList<>());
                    String spelled = rule.source() == FirewallRule.Source.CIDR ? rule.cidr() : rule.source().name().toLowerCase(Locale.ROOT);
                    if (!sources.contains(spelled)) {
                        sources.add(spelled);
                    }
                }
            }
        }
        String state = openTo.isEmpty()
                ? "default inbound deny"
                : openTo.entrySet().stream().map(e -> "port " + e.getKey() + " is open only to source " + String.join(", ", e.getValue()))
                        .collect(Collectors.joining("; "));
        String listed = ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return "the firewall on " + node + " does not admit tcp " + (ports.size() == 1 ? "port " : "ports ") + listed + " from " + who
                + " (" + state + "; a rule with port: " + ports.get(0) + " and source: any" + alternative + " would)";
    }
}
