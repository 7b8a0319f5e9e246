package io.kombify.sim;

import io.kombify.core.ByteSize;
import io.kombify.sim.model.FirewallRule;
import io.kombify.sim.model.InternetLink;
import io.kombify.sim.model.ProxyRoute;
import io.kombify.sim.model.SiteKind;
import io.kombify.sim.model.Topology;
import io.kombify.spec.model.FirewallPolicy;
import io.kombify.spec.model.FirewallProtocol;
import io.kombify.spec.model.Provider;
import io.kombify.spec.model.TlsMode;
import io.kombify.spec.model.VpnKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyTest {

    @Test
    void putsLocalNodesAtHomeAndCloudNodesInTheirProvidersSite() {
        Topology t = Topology.of(Specs.sample("hybrid-hetzner-headscale.yaml"));

        assertThat(t.sites()).extracting(s -> s.name() + ":" + s.kind().wire() + ":" + s.nodes())
                .containsExactly("hetzner:cloud:[edge-vps]", "home:home:[home-server, mini-pc]");
        assertThat(t.node("home-server").orElseThrow().site()).isEqualTo("home");
        assertThat(t.node("edge-vps").orElseThrow().site()).isEqualTo("hetzner");
        assertThat(t.node("edge-vps").orElseThrow().memory()).isEqualTo(ByteSize.parse("8Gi"));
        assertThat(t.site("home").orElseThrow().lan().bandwidthMbps()).isEqualTo(1_000);
    }

    @Test
    void linksEverySiteOnceWithTheHomeUplinkLimitingBandwidth() {
        Topology t = Topology.of(Specs.sample("hybrid-hetzner-headscale.yaml"));

        assertThat(t.links()).containsExactly(new InternetLink("hetzner", "home", Duration.ofMillis(20), 40));
        assertThat(t.link("home", "hetzner")).isPresent();
        assertThat(t.site("home").orElseThrow().uplinkMbps()).isLessThan(t.site("home").orElseThrow().downlinkMbps());
    }

    @Test
    void theHomeSiteSharesOnePublicAddressAndEachCloudNodeHasItsOwn() {
        Topology t = Topology.of(Specs.sample("hybrid-hetzner-headscale.yaml"));

        assertThat(t.site("home").orElseThrow().publicAddress()).isEqualTo("198.51.100.1");
        assertThat(t.site("hetzner").orElseThrow().publicAddress()).isNull();
        assertThat(t.node("home-server").orElseThrow().publicAddress()).isEqualTo("198.51.100.1");
        assertThat(t.node("mini-pc").orElseThrow().publicAddress()).isEqualTo("198.51.100.1");
        assertThat(t.node("edge-vps").orElseThrow().publicAddress()).isEqualTo("203.0.113.1");
    }

    @Test
    void cloudNodesBeyondTheFirst254GetPublicAddressesFromTheBenchmarkingRange() {
        StringBuilder yaml = new StringBuilder("name: big-cloud\nnodes:\n");
        for (int i = 1; i <= 300; i++) {
            yaml.append("  - {name: vps-").append(i).append(", type: ").append(i == 1 ? "main" : "worker")
                    .append(", provider: hetzner, resources: {cpu: 2, memory: 4Gi, disk: 40Gi}}\n");
        }
        Topology t = Topology.of(io.kombify.spec.SpecResolver.builder().policy(io.kombify.spec.ValidationPolicy.UNBOUNDED).build()
                .resolve(io.kombify.spec.SpecReader.defaults().readString("big.yaml", yaml.toString())));

        assertThat(t.node("vps-254").orElseThrow().publicAddress()).isEqualTo("203.0.113.254");
        assertThat(t.node("vps-255").orElseThrow().publicAddress()).isEqualTo("198.18.0.1");
        assertThat(t.node("vps-300").orElseThrow().publicAddress()).isEqualTo("198.18.0.46");
        assertThat(t.nodes().stream().map(n -> n.publicAddress()).distinct().count()).isEqualTo(300);
    }

    @Test
    void singleSiteStackHasNoInternetLinks() {
        Topology t = Topology.of(Specs.sample("single-node-homelab.yaml"));

        assertThat(t.sites()).singleElement().satisfies(s -> assertThat(s.kind()).isEqualTo(SiteKind.HOME));
        assertThat(t.links()).isEmpty();
        assertThat(t.vpnMesh()).isEmpty();
    }

    @Test
    void buildsTheMeshWithTheNodeRunningTheVpnServiceAsCoordinator() {
        Topology t = Topology.of(Specs.sample("hybrid-hetzner-headscale.yaml"));

        assertThat(t.vpnMesh()).hasValueSatisfying(m -> {
            assertThat(m.kind()).isEqualTo(VpnKind.HEADSCALE);
            assertThat(m.members()).containsExactly("edge-vps", "home-server", "mini-pc");
            assertThat(m.coordinatorNode()).hasValue("edge-vps");
        });
    }

    @Test
    void readsArchitectureFromLabelsDefaultingToAmd64() {
        Topology t = Topology.of(Specs.sample("media-smart-home.yaml"));

        assertThat(t.node("pi-zigbee").orElseThrow().arch()).isEqualTo("arm64");
        assertThat(t.node("nas").orElseThrow().arch()).isEqualTo("amd64");
        assertThat(Topology.archOf(Map.of("kubernetes.io/arch", "aarch64"))).isEqualTo("arm64");
        assertThat(Topology.archOf(Map.of("arch", "x86_64"))).isEqualTo("amd64");
        assertThat(Topology.siteOf(Provider.PROXMOX)).isEqualTo("home");
        assertThat(Topology.siteOf(Provider.AWS)).isEqualTo("aws");
    }

    @Test
    void firewallDeniesInboundUnlessARuleOpensThePortForTheSource() {
        Topology t = Topology.of(Specs.sample("media-smart-home.yaml"));

        assertThat(t.firewall().defaultInbound()).isEqualTo(FirewallPolicy.DENY);
        assertThat(t.firewall().rules()).contains(
                new FirewallRule(8096, FirewallProtocol.TCP, FirewallRule.Source.LAN, null, "Jellyfin apps on the TV"),
                new FirewallRule(1883, FirewallProtocol.TCP, FirewallRule.Source.CIDR, "192.168.10.0/24", "MQTT for ESPHome devices"));
        assertThat(t.firewall().admits(443, true, FirewallRule.Source.ANY)).isTrue();
        assertThat(t.firewall().admits(8096, true, FirewallRule.Source.LAN)).isTrue();
        assertThat(t.firewall().admits(8096, true, FirewallRule.Source.ANY)).isFalse();
        assertThat(t.firewall().admits(8096, false, FirewallRule.Source.LAN)).isFalse();
        assertThat(t.firewall().admits(5432, true, FirewallRule.Source.VPN)).isFalse();
    }

    @Test
    void routesEachProxiedDomainToItsServiceWithItsTlsMode() {
        Topology t = Topology.of(Specs.sample("hybrid-hetzner-headscale.yaml"));

        assertThat(t.routes()).extracting(ProxyRoute::domain, ProxyRoute::service, ProxyRoute::node)
                .contains(org.assertj.core.groups.Tuple.tuple("hs.example.net", "headscale", "edge-vps"),
                        org.assertj.core.groups.Tuple.tuple("photos.example.net", "immich-server", "home-server"));
        assertThat(t.routes()).allSatisfy(r -> assertThat(r.tls()).isNotNull());
        assertThat(t.routes()).filteredOn(r -> r.service().equals("headscale")).singleElement()
                .satisfies(r -> assertThat(r.tls()).isEqualTo(TlsMode.AUTO));
    }
}
