package io.kombify.sim;

import io.kombify.core.ByteSize;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTextTest {

    private static final SimulationReport TROUBLED = Simulation.of(Specs.resource("hybrid-closed-home-firewall.yaml")).seed(42)
            .fault(Fault.nodeCrash("mini-pc").at(Duration.ofHours(1)))
            .fault(Fault.memorySpike("immich-valkey", ByteSize.parse("1Gi")).at(Duration.ofMinutes(30)))
            .runFor(Duration.ofHours(2));

    @Test
    void opensWithAVerdictLine() {
        assertThat(TROUBLED.toText()).startsWith("""
                Stack hybrid-lab: 2h simulated, seed 42
                PROBLEMS: 12 of 14 services ready at the end, 1 violation, whole stack ready after 2m29.866s
                """);
        assertThat(Simulation.of(Specs.sample("single-node-homelab.yaml")).runFor(Duration.ofHours(1)).toText().lines().skip(1).findFirst())
                .hasValueSatisfying(line -> assertThat(line).startsWith("OK: ").contains(", 0 violations, whole stack ready after "));
    }

    @Test
    void listsEachNodesServicesWithStateReadyTimeAndRestarts() {
        assertThat(TROUBLED.toText())
                .contains("  edge-vps (hetzner, main, cpu 3/4, memory 768Mi/8Gi)\n    addresses: LAN 10.1.0.1, VPN 100.64.0.1, public 203.0.113.1\n"
                        + "    traefik          healthy    ready at 1m2.94s\n")
                .contains("    immich-valkey    healthy    ready at 1m29.866s, 1 restart\n")
                .contains("  mini-pc (home, worker, cpu 3/4, memory 2176Mi/16Gi)\n"
                        + "    addresses: LAN 10.42.0.3, VPN 100.64.0.3, public 198.51.100.1 (site home's, shared)\n"
                        + "    paperless        down       first ready at 2m11.499s\n");
    }

    @Test
    void givesEveryNodeItsLanMeshAndPublicAddress() {
        String text = TROUBLED.toText();

        for (io.kombify.sim.model.SimNode node : TROUBLED.topology().nodes()) {
            assertThat(text).contains("  " + node.name() + " (" + node.site() + ", ")
                    .contains("    addresses: LAN " + node.address() + ", VPN " + node.vpnAddress() + ", public " + node.publicAddress());
        }
        assertThat(Simulation.of(Specs.sample("single-node-homelab.yaml")).runFor(Duration.ofHours(1)).toText())
                .contains("    addresses: LAN 172.20.0.2, public 198.51.100.1 (site home's, shared)\n")
                .doesNotContain(", VPN ");
    }

    @Test
    void showsViolationsImpactAndCriticalPath() {
        assertThat(TROUBLED.toText())
                .contains("Violations\n  30m  OOM_KILLED  immich-valkey: Container immich-valkey on home-server was killed for memory")
                .contains("  node mini-pc      2: paperless, paperless-redis\n")
                .contains("  site home         10: tinyauth, dokploy")
                .endsWith("Critical path\n  immich-valkey  ready at 1m29.866s\n  immich-server  ready at 2m29.866s\n");
    }

    @Test
    void saysWhoReachesEachProxiedServiceAndWhyNot() {
        assertThat(TROUBLED.toText())
                .contains("\nThrough the proxy, as the run ended\n  status.example.net -> uptime-kuma (TLS auto)\n"
                        + "    reachable from home LAN, VPN, internet\n")
                .contains("  photos.example.net -> immich-server (TLS auto)\n    not from home LAN, VPN, internet: traefik cannot forward"
                        + " photos.example.net to immich-server: the firewall on home-server does not admit tcp port 2283 from the VPN")
                .contains("  docs.example.net -> paperless (TLS auto)\n    not from home LAN, VPN, internet: traefik cannot forward"
                        + " docs.example.net to paperless: paperless on mini-pc is not ready (state: down)\n");
    }

    @Test
    void saysWhenNothingWasBroken() {
        String text = Simulation.of(Specs.sample("single-node-homelab.yaml")).runFor(Duration.ofHours(1)).toText();

        assertThat(text).contains("\nViolations: none\n").doesNotContain("never ready");
    }
}
