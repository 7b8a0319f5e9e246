package io.kombify.sim;

import io.kombify.spec.model.TlsMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReachabilityTest {

    /** A database at home published on 5432, an app in the cloud; firewall rules and VPN filled in per test. */
    private static final String CROSS_SITE = """
            name: cross-site
            nodes:
              - name: box
                type: main
                provider: docker
                resources: {cpu: 8, memory: 16Gi, disk: 200Gi}
              - name: vps
                type: worker
                provider: hetzner
                resources: {cpu: 4, memory: 8Gi, disk: 80Gi}
            services:
              - name: db
                type: database
                node: box
                config: {image: "postgres:17"}
                ports: [{container: 5432, host: 5432}]
                resources: {memoryLimit: 1Gi}
              - name: cache
                type: cache
                node: box
                config: {image: "redis:7"}
                resources: {memoryLimit: 256Mi}
              - name: app
                type: service
                node: vps
                config: {image: "ghcr.io/acme/app:1.0"}
                resources: {memoryLimit: 512Mi}
            security:
              firewall:
                enabled: true
                defaultInbound: deny
                rules:
                  - {port: 5432, source: %s}
            network:
              vpn: %s
            """;

    private static SimulationReport crossSite(String source, String vpn, Fault... faults) {
        Simulation sim = Simulation.of(Specs.yaml(CROSS_SITE.formatted(source, vpn))).seed(3);
        for (Fault f : faults) {
            sim = sim.fault(f);
        }
        return sim.runFor(Duration.ofHours(1));
    }

    private static SimulationReport hybrid(Fault... faults) {
        Simulation sim = Simulation.of(Specs.resource("hybrid-closed-home-firewall.yaml")).seed(42);
        for (Fault f : faults) {
            sim = sim.fault(f);
        }
        return sim.runFor(Duration.ofHours(2));
    }

    @Test
    void servicesOnOneNodeAlwaysReachEachOther() {
        Reachability r = hybrid().reachability("immich-server", "immich-postgres");

        assertThat(r.reachable()).isTrue();
        assertThat(r.path()).containsExactly("node home-server");
        assertThat(r.reason()).isEqualTo("both run on home-server");
    }

    @Test
    void acrossSitesTheVpnMeshCarriesTheConnectionWhenTheFirewallAdmitsVpnSources() {
        Reachability r = crossSite("vpn", "wireguard").reachability("app", "db");

        assertThat(r.reachable()).isTrue();
        assertThat(r.path()).containsExactly("VPN mesh (wireguard)", "db on box (port 5432)");
    }

    @Test
    void withoutAMeshTheInternetLinkIsUsedAndAVpnOnlyRuleDoesNotAdmitIt() {
        Reachability r = crossSite("vpn", "none").reachability("app", "db");

        assertThat(r.reachable()).isFalse();
        assertThat(r.path()).containsExactly("internet link hetzner<->home");
        assertThat(r.reason()).isEqualTo("the firewall on box does not admit tcp port 5432 from 203.0.113.1 on the internet"
                + " (port 5432 is open only to source vpn; a rule with port: 5432 and source: any or 203.0.113.1/32 would)");
    }

    @Test
    void aLanOnlyRuleDoesNotAdmitMeshTraffic() {
        Reachability r = crossSite("lan", "wireguard").reachability("app", "db");

        assertThat(r.reachable()).isFalse();
        assertThat(r.reason()).isEqualTo("the firewall on box does not admit tcp port 5432 from the VPN"
                + " (port 5432 is open only to source lan; a rule with port: 5432 and source: any or vpn would)");
    }

    @Test
    void aPartitionBetweenTheSitesCutsTheConnection() {
        Reachability r = crossSite("any", "wireguard", Fault.partition("home", "hetzner").at(Duration.ofMinutes(30)))
                .reachability("app", "db");

        assertThat(r.reachable()).isFalse();
        assertThat(r.reason()).isEqualTo("sites hetzner and home cannot reach each other (partition)");
    }

    @Test
    void aPartitionBetweenTwoNodesCutsThemOffEvenOverTheMesh() {
        Reachability r = crossSite("vpn", "wireguard", Fault.partition("vps", "box").at(Duration.ofMinutes(30)))
                .reachability("app", "db");

        assertThat(r.reachable()).isFalse();
        assertThat(r.reason()).isEqualTo("nodes vps and box cannot reach each other (partition)");
    }

    @Test
    void aHealedPartitionNoLongerCountsAndAnyRuleAdmitsTheInternet() {
        Reachability r = crossSite("any", "none",
                Fault.partition("home", "hetzner").at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(5)))
                .reachability("app", "db");

        assertThat(r.reachable()).isTrue();
        assertThat(r.path()).containsExactly("internet link hetzner<->home", "db on box (port 5432)");
    }

    @Test
    void aServiceWithoutAPublishedPortIsReachableOnlyFromItsOwnNode() {
        SimulationReport report = crossSite("any", "wireguard");

        assertThat(report.reachability("db", "cache").reachable()).isTrue();
        assertThat(report.reachability("app", "cache").reason())
                .isEqualTo("cache publishes no host port and is not exposed on the internal network, so only services on box reach it");
    }

    @Test
    void aCrashedNodeMakesItsServicesUnreachableAndItsServicesUnableToCall() {
        SimulationReport report = crossSite("any", "wireguard", Fault.nodeCrash("box").at(Duration.ofMinutes(30)));

        assertThat(report.reachability("app", "db").reason()).isEqualTo("db on box is not ready (state: down)");
        assertThat(report.reachability("db", "cache").reason()).isEqualTo("db is not running on box (state: down)");
    }

    @Test
    void anInternetClientReachesAServiceOnTheProxyNodeWithItsTlsMode() {
        Reachability r = hybrid().reachability(Client.onInternet(), "uptime-kuma");

        assertThat(r.reachable()).isTrue();
        assertThat(r.tlsMode()).hasValue(TlsMode.AUTO);
        assertThat(r.path()).containsExactly("internet to hetzner", "traefik on edge-vps (status.example.net, port 443)", "node edge-vps");
        assertThat(r.reason()).startsWith("reaches status.example.net (https, TLS auto) through traefik on edge-vps");
    }

    @Test
    void theProxyCannotForwardToAHomeServiceWhoseFirewallKeepsItsPortClosed() {
        Reachability r = hybrid().reachability(Client.onVpn(), "immich-server");

        assertThat(r.reachable()).isFalse();
        assertThat(r.reason()).isEqualTo("traefik cannot forward photos.example.net to immich-server: the firewall on home-server"
                + " does not admit tcp port 2283 from the VPN (default inbound deny; a rule with port: 2283 and source: any or vpn would)");
    }

    @Test
    void aServiceWithoutARouteCannotBeReachedThroughTheProxy() {
        Reachability r = hybrid().reachability(Client.onHomeLan(), "immich-ml");

        assertThat(r.reachable()).isFalse();
        assertThat(r.reason()).isEqualTo("immich-ml has no reverse-proxy route: set network.proxy on the service to publish it");
    }

    @Test
    void aHomeClientLosesTheCloudProxyDuringAPartition() {
        Reachability r = hybrid(Fault.partition("home", "hetzner").at(Duration.ofHours(1))).reachability(Client.onHomeLan(), "uptime-kuma");

        assertThat(r.reachable()).isFalse();
        assertThat(r.reason()).isEqualTo("the home site is cut off from hetzner, where the proxy traefik runs (partition)");
        assertThat(hybrid(Fault.partition("home", "hetzner").at(Duration.ofHours(1))).reachability(Client.onInternet(), "uptime-kuma").reachable())
                .isTrue();
    }

    @Test
    void aDownProxyStopsEveryClient() {
        Reachability r = hybrid(Fault.nodeCrash("edge-vps").at(Duration.ofHours(1))).reachability(Client.onInternet(), "uptime-kuma");

        assertThat(r.reason()).isEqualTo("the reverse proxy traefik on edge-vps is not ready (state: down)");
    }

    @Test
    void aVpnClientNeedsAMesh() {
        Reachability r = Simulation.of(Specs.sample("single-node-homelab.yaml")).runFor(Duration.ofHours(1))
                .reachability(Client.onVpn(), "nextcloud");

        assertThat(r.reachable()).isFalse();
        assertThat(r.reason()).isEqualTo("no VPN mesh is configured (network.vpn is none)");
    }

    @Test
    void unknownServicesAreRejectedWithTheDeployedNames() {
        assertThatThrownBy(() -> hybrid().reachability("immich-server", "nextcloud"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no deployed service named nextcloud; deployed: traefik, tinyauth, dokploy");
    }

    private static final String TWO_PORTS = """
            name: two-ports
            nodes:
              - name: node-a
                type: main
                provider: docker
                resources: {cpu: 4, memory: 8Gi, disk: 100Gi}
              - name: node-b
                type: worker
                provider: docker
                resources: {cpu: 4, memory: 8Gi, disk: 100Gi}
            services:
              - name: git
                type: development
                node: node-b
                config: {image: "gitea/gitea:1.24"}
                ports: [{container: 22, host: 2022}, {container: 3000, host: 8418}]
                resources: {memoryLimit: 512Mi}
              - name: ci
                type: automation
                node: node-a
                config: {image: "woodpeckerci/woodpecker-server:3"}
                resources: {memoryLimit: 256Mi}
            security:
              firewall:
                enabled: true
                defaultInbound: deny
                rules: [%s]
            """;

    @Test
    void anyPublishedPortTheFirewallAdmitsWillDo() {
        Reachability r = Simulation.of(Specs.yaml(TWO_PORTS.formatted("{port: 8418, source: lan}"))).runFor(Duration.ofHours(1))
                .reachability("ci", "git");

        assertThat(r.reachable()).isTrue();
        assertThat(r.path()).containsExactly("home LAN", "git on node-b (port 8418)");
    }

    @Test
    void whenNoPortIsAdmittedTheReasonListsThemAll() {
        Reachability r = Simulation.of(Specs.yaml(TWO_PORTS.formatted("{port: 22, source: lan}"))).runFor(Duration.ofHours(1))
                .reachability("ci", "git");

        assertThat(r.reason()).isEqualTo("the firewall on node-b does not admit tcp ports 2022, 8418 from the LAN"
                + " (default inbound deny; a rule with port: 2022 and source: any or lan would)");
    }

    @Test
    void needsThatTheFirewallBlocksAreListedThoughEveryServiceEndsHealthy() {
        SimulationReport report = Simulation.of(Specs.resource("split-lab-closed-firewall.yaml")).seed(7).runFor(Duration.ofHours(1));

        assertThat(report.services().values()).allSatisfy(o -> assertThat(o.isReady()).isTrue());
        assertThat(report.blockedNeeds()).extracting(r -> r.from() + " -> " + r.to())
                .containsExactly("app -> cache", "dashboard -> metrics", "status -> app");
        assertThat(report.blockedNeeds().get(0).reason()).isEqualTo("the firewall on nas does not admit tcp port 6379 from the LAN"
                + " (default inbound deny; a rule with port: 6379 and source: any or lan would)");
        assertThat(report.blockedNeeds().get(0).path()).containsExactly("home LAN");
        assertThat(report.toText()).contains("\nNeeds the network blocks (health checks do not model ports and firewalls)\n"
                + "  app -> cache: the firewall on nas does not admit tcp port 6379 from the LAN");
    }

    @Test
    void aStackWhoseNeedsShareNodesBlocksNothing() {
        SimulationReport report = hybrid();

        assertThat(report.blockedNeeds()).isEmpty();
        assertThat(report.toText()).doesNotContain("Needs the network blocks");
    }

    @Test
    void needsOfAStoppedServiceOrOnAStoppedServiceAreNotListed() {
        SimulationReport report = Simulation.of(Specs.resource("split-lab-closed-firewall.yaml"))
                .fault(Fault.nodeCrash("mini").at(Duration.ofMinutes(30)))
                .runFor(Duration.ofHours(1));

        assertThat(report.service("app").orElseThrow().state()).isEqualTo(ServiceState.DOWN);
        assertThat(report.blockedNeeds()).isEmpty();
    }

    @Test
    void aServiceExposedOnTheInternalNetworkIsCalledOnItsInternalPortFirst() {
        SimulationReport report = Simulation.of(Specs.yaml(TWO_PORTS.formatted("{port: 3000, source: lan}, {port: 2022, source: lan}")
                .replace("ports: [{container: 22, host: 2022}, {container: 3000, host: 8418}]",
                        "ports: [{container: 22, host: 2022}]\n    network: {internal: {expose: true, port: 3000}}")))
                .runFor(Duration.ofHours(1));

        assertThat(report.reachability("ci", "git").path()).containsExactly("home LAN", "git on node-b (port 3000)");
    }
}
