package io.kombify.sim.model;

import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.model.Protocol;
import io.kombify.spec.model.Provider;
import io.kombify.spec.model.ServiceType;
import io.kombify.spec.model.VpnKind;
import io.kombify.spec.resolved.ResolvedNode;
import io.kombify.spec.resolved.ResolvedPort;
import io.kombify.spec.resolved.ResolvedProxyRoute;
import io.kombify.spec.resolved.ResolvedSecurity;
import io.kombify.spec.resolved.ResolvedService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The simulated world of a stack: its sites with their LANs, its nodes, the internet links
 * between sites, the VPN mesh, the host firewall and the reverse proxy's routes. Build one with
 * {@link #of(ResolvedSpec)} to see what a simulation will run on; every list keeps spec order.
 *
 * <p>Network figures are assumptions, not measurements. A home site has a 1 Gbit/s LAN with
 * 0.5 ms latency and a 250 Mbit/s down, 40 Mbit/s up internet connection; a cloud site has a
 * 10 Gbit/s LAN with 0.2 ms latency and 1 Gbit/s both ways. Between a home and a cloud site the
 * latency is 20 ms, between two cloud sites 10 ms; a link's bandwidth is the slower of the two
 * uplinks.
 *
 * <p>Addresses are deterministic, so firewall rules with a CIDR source can be checked. Home
 * nodes count up from {@code network.internal.subnet} (192.168.1.0/24 when unset), each cloud
 * site gets its own private 10.n.0.0/16, and with a VPN mesh every node also has a 100.64.0.0/10
 * address, all in spec order. On the internet, a home site is one address from
 * {@value Ipv4#HOME_PUBLIC_RANGE} (its router's, shared by its nodes) and every cloud node has its
 * own from {@value Ipv4#CLOUD_PUBLIC_RANGE} ({@value Ipv4#CLOUD_PUBLIC_OVERFLOW_RANGE} beyond the
 * 254th); traffic between sites that does not take the mesh comes from these.
 *
 * @param sites    sites, in order of their first node
 * @param nodes    nodes, in spec order
 * @param links    one internet link per pair of sites
 * @param mesh     the VPN overlay, or {@code null} when {@code network.vpn} is {@code none}
 * @param firewall the host firewall every node runs
 * @param routes    reverse-proxy routes of enabled services, in service order
 * @param endpoints where each enabled service listens, in service order
 */
public record Topology(List<Site> sites, List<SimNode> nodes, List<InternetLink> links, VpnMesh mesh, Firewall firewall,
                       List<ProxyRoute> routes, List<Endpoint> endpoints) {

    /** Name of the site every local, docker and proxmox node belongs to. */
    public static final String HOME_SITE = "home";

    static final int HOME_LAN_MBPS = 1_000;
    static final Duration HOME_LAN_LATENCY = Duration.ofNanos(500_000);
    static final int HOME_DOWNLINK_MBPS = 250;
    static final int HOME_UPLINK_MBPS = 40;
    static final int CLOUD_LAN_MBPS = 10_000;
    static final Duration CLOUD_LAN_LATENCY = Duration.ofNanos(200_000);
    static final int CLOUD_LINK_MBPS = 1_000;
    static final Duration HOME_TO_CLOUD_LATENCY = Duration.ofMillis(20);
    static final Duration CLOUD_TO_CLOUD_LATENCY = Duration.ofMillis(10);

    public Topology {
        sites = List.copyOf(sites);
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        routes = List.copyOf(routes);
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(firewall, "firewall");
    }

    /** The {@code index}-th private block for cloud sites: 10.1-255.0.0/16, then 172.16-31.0.0/16. */
    private static String cloudSubnet(int index) {
        if (index <= 255) {
            return "10." + index + ".0.0/16";
        }
        if (index <= 271) {
            return "172." + (index - 240) + ".0.0/16";
        }
        throw new IllegalStateException("no private address range left for another cloud site");
    }

    /** The {@code index}-th cloud node's public address (1-based): 203.0.113.1-254, then 198.18.0.1 onwards. */
    private static String cloudPublicAddress(int index) {
        int first = 254;
        if (index <= first) {
            return Ipv4.host(Ipv4.CLOUD_PUBLIC_RANGE, index, null);
        }
        return Ipv4.host(Ipv4.CLOUD_PUBLIC_OVERFLOW_RANGE, index - first, null);
    }

    private static boolean holds(String subnet, int hosts, String gateway) {
        try {
            Ipv4.host(subnet, hosts, gateway);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean overlaps(String a, String b) {
        return Ipv4.contains(a, Ipv4.host(b, 1, null)) || Ipv4.contains(b, Ipv4.host(a, 1, null));
    }

    /** The topology {@code spec} describes. */
    public static Topology of(ResolvedSpec spec) {
        Objects.requireNonNull(spec, "spec");
        boolean meshed = spec.network().vpn() != null && spec.network().vpn() != VpnKind.NONE;
        Map<String, List<ResolvedNode>> siteNodes = new LinkedHashMap<>();
        for (ResolvedNode n : spec.nodes()) {
            siteNodes.computeIfAbsent(siteOf(n.provider()), k -> new ArrayList<>()).add(n);
        }
        String homeSubnet = spec.network().subnet() != null ? spec.network().subnet() : Ipv4.DEFAULT_HOME_SUBNET;
        int homeCount = siteNodes.getOrDefault(HOME_SITE, List.of()).size();
        if (!holds(homeSubnet, homeCount + 1, spec.network().gateway())) {
            // A subnet too small for the home nodes plus a client falls back rather than failing the whole run.
            homeSubnet = Ipv4.DEFAULT_HOME_SUBNET;
        }
        Map<String, String> subnets = new LinkedHashMap<>();
        int cloudSiteIndex = 0;
        for (String site : siteNodes.keySet()) {
            if (site.equals(HOME_SITE)) {
                subnets.put(site, homeSubnet);
            } else {
                // Each cloud site gets its own private /16 so that a CIDR rule tells the sites apart.
                String candidate;
                do {
                    cloudSiteIndex++;
                    candidate = cloudSubnet(cloudSiteIndex);
                } while (overlaps(candidate, homeSubnet));
                subnets.put(site, candidate);
            }
        }
        Map<String, String> lanAddresses = new java.util.HashMap<>();
        for (Map.Entry<String, List<ResolvedNode>> e : siteNodes.entrySet()) {
            String gateway = e.getKey().equals(HOME_SITE) ? spec.network().gateway() : null;
            int i = 0;
            for (ResolvedNode n : e.getValue()) {
                i++;
                lanAddresses.put(n.name(), Ipv4.host(subnets.get(e.getKey()), i, gateway));
            }
        }
        // A home site is one address on the internet (its router's); a cloud node has its own.
        Map<String, String> sitePublic = new java.util.HashMap<>();
        int homeIndex = 0;
        for (String site : siteNodes.keySet()) {
            if (site.equals(HOME_SITE)) {
                sitePublic.put(site, Ipv4.host(Ipv4.HOME_PUBLIC_RANGE, ++homeIndex, null));
            }
        }
        List<SimNode> nodes = new ArrayList<>();
        int vpnIndex = 0;
        int cloudIndex = 0;
        for (ResolvedNode n : spec.nodes()) {
            String site = siteOf(n.provider());
            String vpnAddress = meshed ? Ipv4.host(Ipv4.VPN_SUBNET, ++vpnIndex, null) : null;
            String publicAddress = site.equals(HOME_SITE) ? sitePublic.get(site) : cloudPublicAddress(++cloudIndex);
            nodes.add(new SimNode(n.name(), n.type(), n.provider(), site, archOf(n.labels()), n.cpu(), n.memory(), n.disk(),
                    n.labels(), lanAddresses.get(n.name()), vpnAddress, publicAddress));
        }
        List<Site> sites = new ArrayList<>();
        for (Map.Entry<String, List<ResolvedNode>> e : siteNodes.entrySet()) {
            boolean home = e.getKey().equals(HOME_SITE);
            List<String> names = e.getValue().stream().map(ResolvedNode::name).toList();
            String subnet = subnets.get(e.getKey());
            sites.add(home
                    ? new Site(e.getKey(), SiteKind.HOME, names, new Lan(e.getKey(), HOME_LAN_MBPS, HOME_LAN_LATENCY),
                            HOME_DOWNLINK_MBPS, HOME_UPLINK_MBPS, subnet, sitePublic.get(e.getKey()))
                    : new Site(e.getKey(), SiteKind.CLOUD, names, new Lan(e.getKey(), CLOUD_LAN_MBPS, CLOUD_LAN_LATENCY),
                            CLOUD_LINK_MBPS, CLOUD_LINK_MBPS, subnet, null));
        }
        List<InternetLink> links = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            for (int j = i + 1; j < sites.size(); j++) {
                Site a = sites.get(i);
                Site b = sites.get(j);
                Duration latency = a.kind() == SiteKind.HOME || b.kind() == SiteKind.HOME ? HOME_TO_CLOUD_LATENCY : CLOUD_TO_CLOUD_LATENCY;
                links.add(new InternetLink(a.name(), b.name(), latency, Math.min(a.uplinkMbps(), b.uplinkMbps())));
            }
        }
        VpnMesh mesh = null;
        if (meshed) {
            String coordinator = null;
            for (ResolvedService s : spec.services()) {
                if (s.enabled() && s.type() == ServiceType.VPN) {
                    coordinator = s.node();
                    break;
                }
            }
            mesh = new VpnMesh(spec.network().vpn(), nodes.stream().map(SimNode::name).toList(), coordinator);
        }
        ResolvedSecurity.Firewall fw = spec.security().firewall();
        List<FirewallRule> rules = new ArrayList<>();
        for (ResolvedSecurity.Rule r : fw.rules()) {
            rules.add(FirewallRule.of(r.port(), r.protocol(), r.source(), r.comment()));
        }
        Firewall firewall = new Firewall(fw.enabled(), fw.defaultInbound(), fw.defaultOutbound(), rules);
        List<ProxyRoute> routes = new ArrayList<>();
        for (ResolvedService s : spec.services()) {
            ResolvedProxyRoute p = s.proxy();
            if (s.enabled() && p != null && p.enabled()) {
                String domain = p.domain() != null ? p.domain() : s.name() + "." + spec.network().domain();
                routes.add(new ProxyRoute(domain, s.name(), s.node(), p.tls(), p.middlewares()));
            }
        }
        java.util.Set<String> deployed = new java.util.HashSet<>();
        for (ResolvedService s : spec.services()) {
            if (s.enabled() && s.node() != null) {
                deployed.add(s.name());
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (ResolvedService s : spec.services()) {
            if (s.enabled() && s.node() != null) {
                List<Integer> tcp = new ArrayList<>();
                List<Integer> udp = new ArrayList<>();
                for (ResolvedPort port : s.ports()) {
                    if (port.host() != null) {
                        (port.protocol() == Protocol.UDP ? udp : tcp).add(port.host());
                    }
                }
                endpoints.add(new Endpoint(s.name(), s.node(), s.type(), tcp, udp, s.exposeInternal() ? s.internalPort() : null,
                        s.needs().stream().filter(deployed::contains).toList()));
            }
        }
        return new Topology(sites, nodes, links, mesh, firewall, routes, endpoints);
    }

    /** The site of a node run by {@code provider}: {@code home} for local, docker and proxmox, else the provider's name. */
    public static String siteOf(Provider provider) {
        if (provider == null || provider == Provider.LOCAL || provider == Provider.DOCKER || provider == Provider.PROXMOX) {
            return HOME_SITE;
        }
        return provider.wire();
    }

    /**
     * The architecture a node's labels declare ({@code arch}, {@code kubernetes.io/arch} or
     * {@code beta.kubernetes.io/arch}), normalised to {@code amd64}, {@code arm64} or {@code arm};
     * {@code amd64} when none does. Unknown spellings are kept in lower case.
     */
    public static String archOf(Map<String, String> labels) {
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
        return "amd64";
    }

    /** The VPN overlay, when one is configured. */
    public Optional<VpnMesh> vpnMesh() {
        return Optional.ofNullable(mesh);
    }

    /** The node called {@code name}. */
    public Optional<SimNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The site called {@code name}. */
    public Optional<Site> site(String name) {
        return sites.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Where {@code service} listens, if it is deployed. */
    public Optional<Endpoint> endpoint(String service) {
        return endpoints.stream().filter(e -> e.service().equals(service)).findFirst();
    }

    /** The reverse proxy's route to {@code service}, if it has one. */
    public Optional<ProxyRoute> route(String service) {
        return routes.stream().filter(r -> r.service().equals(service)).findFirst();
    }

    /** The link between sites {@code a} and {@code b}, when they differ. */
    public Optional<InternetLink> link(String a, String b) {
        return links.stream().filter(l -> l.joins(a, b)).findFirst();
    }
}
