package io.kombify.sim;

import io.kombify.sim.model.Ipv4;
import io.kombify.sim.model.SimNode;
import io.kombify.sim.model.Site;
import io.kombify.sim.model.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class CidrFirewallTest {

    /** A home proxy publishing one app; the firewall opens 443 only to the source under test. */
    private static final String HOME_PROXY = """
            name: cidr-lab
            nodes:
              - name: box
                type: main
                provider: docker
                resources: {cpu: 8, memory: 16Gi, disk: 200Gi}
            services:
              - name: traefik
                type: reverse-proxy
                node: box
                config: {image: "traefik:v3.5"}
                ports: [{container: 80, host: 80}, {container: 443, host: 443}]
                resources: {memoryLimit: 256Mi}
              - name: app
                type: service
                node: box
                config: {image: "ghcr.io/acme/app:1.0"}
                network:
                  proxy: {domain: app.example.org, tls: auto}
                resources: {memoryLimit: 512Mi}
            security:
              firewall:
                enabled: true
                defaultInbound: deny
                rules:
                  - {port: 443, source: "%s"}
            network:
              domain: example.org
              vpn: %s
            %s
            """;

    /** A database at home, an app in the cloud, the database's port opened to one source. */
    private static final String CROSS_SITE = """
            name: cidr-cross
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
                  - {port: 5432, source: "%s"}
            network:
              vpn: %s
            """;

    private static SimulationReport homeProxy(String source, String vpn, String extraNetwork) {
        return Simulation.of(Specs.yaml(HOME_PROXY.formatted(source, vpn, extraNetwork))).seed(5).runFor(Duration.ofHours(1));
    }

    private static SimulationReport crossSite(String source, String vpn) {
        return Simulation.of(Specs.yaml(CROSS_SITE.formatted(source, vpn))).seed(5).runFor(Duration.ofHours(1));
    }

    @Test
    void aRuleForTheHomeLanRangeLetsAHomeLanClientThrough() {
        Reachability r = homeProxy("192.168.1.0/24", "none", "").reachability(Client.onHomeLan(), "app");

        assertThat(r.reachable()).as(r.reason()).isTrue();
        assertThat(r.path()).startsWith("home LAN", "traefik on box (app.example.org, port 443)");
    }

    @Test
    void aRuleForTheConfiguredInternalSubnetLetsAHomeLanClientThrough() {
        SimulationReport report = homeProxy("172.20.0.0/16", "none", "  internal: {subnet: 172.20.0.0/16, gateway: 172.20.0.1}");

        assertThat(report.reachability(Client.onHomeLan(), "app").reachable()).isTrue();
        assertThat(report.topology().node("box").map(SimNode::address)).hasValue("172.20.0.2");
    }

    @Test
    void aSubnetTooSmallForTheHomeNodesFallsBackToTheDefaultHomeRange() {
        SimulationReport report = homeProxy("192.168.1.0/24", "none", "  internal: {subnet: 10.20.0.0/31}");

        assertThat(report.topology().node("box").map(SimNode::address)).hasValue("192.168.1.1");
        assertThat(report.reachability(Client.onHomeLan(), "app").reachable()).isTrue();
    }

    @Test
    void aRuleForAnotherRangeKeepsTheHomeLanClientOut() {
        Reachability r = homeProxy("10.99.0.0/16", "none", "").reachability(Client.onHomeLan(), "app");

        assertThat(r.reachable()).isFalse();
        assertThat(r.reason()).startsWith("the firewall on box does not admit tcp port 443 from the LAN");
    }

    @Test
    void anInternetClientMatchesOnlyARuleCoveringItsPublicAddress() {
        assertThat(homeProxy("192.0.2.10/32", "none", "").reachability(Client.onInternet(), "app").reachable()).isTrue();
        assertThat(homeProxy("192.168.1.0/24", "none", "").reachability(Client.onInternet(), "app").reachable()).isFalse();
    }

    @Test
    void anInternetClientComesFromOutsideEverySitesAndNodesPublicAddress() {
        for (String ownRanges : new String[] {Ipv4.HOME_PUBLIC_RANGE, Ipv4.CLOUD_PUBLIC_RANGE, Ipv4.CLOUD_PUBLIC_OVERFLOW_RANGE}) {
            Reachability r = homeProxy(ownRanges, "none", "").reachability(Client.onInternet(), "app");

            assertThat(r.reachable()).as(ownRanges).isFalse();
            assertThat(r.reason()).isEqualTo("the firewall on box does not admit tcp port 443 from 192.0.2.10 on the internet (port 443 is"
                    + " open only to source " + ownRanges + "; a rule with port: 443 and source: any or 192.0.2.10/32 would)");
        }
    }

    @Test
    void aRuleForTheTailnetRangeAdmitsVpnClientsButNotTheLan() {
        SimulationReport report = homeProxy("100.64.0.0/10", "wireguard", "");

        assertThat(report.reachability(Client.onVpn(), "app").reachable()).isTrue();
        assertThat(report.reachability(Client.onHomeLan(), "app").reachable()).isFalse();
    }

    @Test
    void aRuleForTheTailnetRangeAdmitsNodeTrafficOverTheMesh() {
        Reachability r = crossSite("100.64.0.0/10", "wireguard").reachability("app", "db");

        assertThat(r.reachable()).as(r.reason()).isTrue();
        assertThat(r.path()).contains("VPN mesh (wireguard)");
        assertThat(crossSite("100.64.0.0/10", "none").reachability("app", "db").reachable()).isFalse();
    }

    @Test
    void nodesGetDistinctAddressesPerSiteAndMeshAddressesOnlyWithAMesh() {
        Topology meshed = crossSite("any", "wireguard").topology();
        Topology plain = crossSite("any", "none").topology();

        assertThat(meshed.node("box").map(SimNode::address)).hasValue("192.168.1.1");
        assertThat(meshed.node("vps").map(SimNode::address)).hasValue("10.1.0.1");
        assertThat(meshed.node("box").map(SimNode::vpnAddress)).hasValue("100.64.0.1");
        assertThat(meshed.node("vps").map(SimNode::vpnAddress)).hasValue("100.64.0.2");
        assertThat(plain.node("vps").map(SimNode::vpnAddress)).isEmpty();
    }

    /** A service at home that needs an API on a VPS; the VPS opens the API's port to one source. */
    private static final String HOME_TO_CLOUD = """
            name: home-to-cloud
            nodes:
              - name: box
                type: main
                provider: docker
                resources: {cpu: 8, memory: 16Gi, disk: 200Gi}
              - name: pi
                type: worker
                provider: docker
                resources: {cpu: 4, memory: 8Gi, disk: 64Gi}
              - name: vps
                type: worker
                provider: hetzner
                resources: {cpu: 4, memory: 8Gi, disk: 80Gi}
              - name: vps-2
                type: worker
                provider: hetzner
                resources: {cpu: 2, memory: 4Gi, disk: 40Gi}
            services:
              - name: api
                type: service
                node: vps
                config: {image: "ghcr.io/acme/api:1.0"}
                network: {internal: {expose: true, port: 8080}}
                resources: {memoryLimit: 512Mi}
              - name: sync
                type: service
                node: pi
                needs: [api]
                config: {image: "ghcr.io/acme/sync:1.0"}
                resources: {memoryLimit: 256Mi}
            security:
              firewall:
                enabled: true
                defaultInbound: deny
                rules:
                  - {port: 8080, source: "%s"}
            network:
              vpn: none
            """;

    private static SimulationReport homeToCloud(String source) {
        return Simulation.of(Specs.yaml(HOME_TO_CLOUD.formatted(source))).seed(5).runFor(Duration.ofHours(1));
    }

    @Test
    void sitesHaveDeterministicPublicAddressesFromTheDocumentationRanges() {
        Topology t = homeToCloud("any").topology();

        assertThat(t.site("home").map(Site::publicAddress)).hasValue("198.51.100.1");
        assertThat(t.site("hetzner").map(Site::publicAddress)).isEmpty();
        assertThat(t.nodes()).extracting(SimNode::name, SimNode::publicAddress).containsExactly(
                tuple("box", "198.51.100.1"), tuple("pi", "198.51.100.1"), tuple("vps", "203.0.113.1"), tuple("vps-2", "203.0.113.2"));
        assertThat(homeToCloud("any").topology()).isEqualTo(t);
    }

    @Test
    void aRuleForTheHomeSitesPublicAddressLetsAHomeServiceReachACloudServiceWithoutTheMesh() {
        SimulationReport report = homeToCloud("198.51.100.1/32");
        Reachability r = report.reachability("sync", "api");

        assertThat(r.reachable()).as(r.reason()).isTrue();
        assertThat(r.path()).containsExactly("internet link home<->hetzner", "api on vps (port 8080)");
        assertThat(report.blockedNeeds()).isEmpty();
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void withoutARuleForTheHomeSitesPublicAddressTheHomeServiceIsBlocked() {
        for (String source : new String[] {"198.51.100.2/32", "192.168.1.0/24", "203.0.113.0/24"}) {
            SimulationReport report = homeToCloud(source);
            Reachability r = report.reachability("sync", "api");

            assertThat(r.reachable()).as(source).isFalse();
            assertThat(r.reason()).isEqualTo("the firewall on vps does not admit tcp port 8080 from 198.51.100.1 on the internet (port 8080"
                    + " is open only to source " + source + "; a rule with port: 8080 and source: any or 198.51.100.1/32 would)");
            assertThat(report.violations("NEED_UNREACHABLE")).singleElement()
                    .satisfies(v -> assertThat(v.message()).endsWith(": " + r.reason()));
        }
    }

    @Test
    void trafficBetweenTwoCloudNodesOfOneSiteStaysOnTheirLan() {
        SimulationReport report = Simulation.of(Specs.yaml(HOME_TO_CLOUD.formatted("10.1.0.0/16").replace("node: pi", "node: vps-2")))
                .runFor(Duration.ofHours(1));

        assertThat(report.reachability("sync", "api").path()).containsExactly("hetzner LAN", "api on vps (port 8080)");
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void aHomeLanClientReachesACloudProxyFromTheHomeSitesPublicAddress() {
        String spec = HOME_TO_CLOUD.formatted("any").replace("""
                  - name: sync
                    type: service
                    node: pi
                    needs: [api]
                    config: {image: "ghcr.io/acme/sync:1.0"}
                    resources: {memoryLimit: 256Mi}
                """, """
                  - name: traefik
                    type: reverse-proxy
                    node: vps
                    config: {image: "traefik:v3.5"}
                    ports: [{container: 443, host: 443}]
                    resources: {memoryLimit: 256Mi}
                """).replace("network: {internal: {expose: true, port: 8080}}",
                        "network: {internal: {expose: true, port: 8080}, proxy: {domain: api.example.org}}")
                .replace("network:\n  vpn: none", "network:\n  vpn: none\n  domain: example.org")
                .replace("  - {port: 8080, source: \"any\"}", "  - {port: 8080, source: \"any\"}\n      - {port: 443, source: 198.51.100.1/32}");
        SimulationReport report = Simulation.of(Specs.yaml(spec)).runFor(Duration.ofHours(1));

        assertThat(report.reachability(Client.onHomeLan(), "api").reachable()).as(report.reachability(Client.onHomeLan(), "api").reason())
                .isTrue();
        assertThat(report.reachability(Client.onInternet(), "api").reason())
                .isEqualTo("the firewall on vps does not admit tcp port 443 from 192.0.2.10 on the internet (port 443 is open only to"
                        + " source 198.51.100.1/32; a rule with port: 443 and source: any or 192.0.2.10/32 would)");
    }
}
