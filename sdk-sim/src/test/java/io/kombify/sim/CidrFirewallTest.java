package io.kombify.sim;

import io.kombify.sim.model.SimNode;
import io.kombify.sim.model.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(homeProxy("203.0.113.0/24", "none", "").reachability(Client.onInternet(), "app").reachable()).isTrue();
        assertThat(homeProxy("192.168.1.0/24", "none", "").reachability(Client.onInternet(), "app").reachable()).isFalse();
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
}
