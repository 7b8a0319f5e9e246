package io.kombify.sim.assertions;

import io.kombify.sim.Client;
import io.kombify.sim.Fault;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kombify.sim.assertions.SimAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimAssertionsTest {

    private static SimulationReport hybrid(Fault... faults) {
        Simulation sim = Simulation.of(SpecResolver.create().resolve(
                SpecReader.defaults().read("hybrid-closed-home-firewall.yaml",
                        SimAssertionsTest.class.getResourceAsStream("/specs/hybrid-closed-home-firewall.yaml")))).seed(42);
        for (Fault f : faults) {
            sim = sim.fault(f);
        }
        return sim.runFor(Duration.ofHours(2));
    }

    private static final SimulationReport HEALTHY = hybrid();
    private static final SimulationReport MINI_PC_CRASHED = hybrid(Fault.nodeCrash("mini-pc").at(Duration.ofHours(1)));

    @Test
    void passingChecksChainAndGoBackToTheReport() {
        assertThat(HEALTHY).hasNoViolations().isAllReady()
                .service("uptime-kuma").runsOn("edge-vps").isReady().isReadyWithin(Duration.ofMinutes(10))
                .isReachableFrom(Client.onInternet()).isReachableFrom(Client.onVpn())
                .and().service("immich-server").isReachableFrom("immich-server").isNotReachableFrom(Client.onInternet())
                .and().service("immich-postgres").isReachableFrom("immich-server").isNotReachableFrom("traefik");
    }

    @Test
    void notReadyNamesTheStateAndShowsTheEventsOfTheServiceAndItsNode() {
        assertThatThrownBy(() -> assertThat(MINI_PC_CRASHED).service("paperless").isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected service <paperless> on <mini-pc> to be ready, but it is down (it was first ready at PT")
                .hasMessageContaining("Events about it and its node:")
                .hasMessageContaining("PT1H node-down mini-pc");
    }

    @Test
    void readyTooLateSaysWhenItWasReady() {
        assertThatThrownBy(() -> assertThat(HEALTHY).service("immich-server").isReadyWithin(Duration.ofSeconds(5)))
                .hasMessageStartingWith("Expected service <immich-server> on <home-server> to be ready within PT5S, but it became ready only at PT");
    }

    @Test
    void unreachableGivesTheReasonAndThePath() {
        assertThatThrownBy(() -> assertThat(HEALTHY).service("immich-server").isReachableFrom(Client.onVpn()))
                .hasMessage("Expected service <immich-server> to be reachable from a client on the VPN, but it is not: traefik cannot forward"
                        + " photos.example.net to immich-server: the firewall on home-server does not admit tcp port 2283 from the VPN"
                        + " (default inbound deny; a rule with port: 2283 and source: any or vpn would)"
                        + System.lineSeparator()
                        + "path: VPN mesh (headscale) -> traefik on edge-vps (photos.example.net, port 443) -> VPN mesh (headscale)");
    }

    @Test
    void reachableWhenItShouldNotBeSaysHow() {
        assertThatThrownBy(() -> assertThat(HEALTHY).service("uptime-kuma").isNotReachableFrom(Client.onInternet()))
                .hasMessageStartingWith("Expected service <uptime-kuma> not to be reachable from a client on the internet, but it is:"
                        + " reaches status.example.net (https, TLS auto) through traefik on edge-vps");
    }

    @Test
    void wrongNodeAndUnknownServiceAreExplained() {
        assertThatThrownBy(() -> assertThat(HEALTHY).service("paperless").runsOn("home-server"))
                .hasMessage("Expected service <paperless> to run on <home-server>, but it runs on <mini-pc>");
        assertThatThrownBy(() -> assertThat(HEALTHY).service("nextcloud"))
                .hasMessageStartingWith("Expected stack <hybrid-lab> to deploy service <nextcloud>, but it deploys only: traefik, tinyauth");
    }

    @Test
    void violationsAreListedWithTimeCodeAndMessage() {
        SimulationReport spiked = hybrid(Fault.memorySpike("paperless-redis", io.kombify.core.ByteSize.parse("1Gi")).at(Duration.ofHours(1)));

        assertThat(spiked).hasViolation("OOM_KILLED");
        assertThatThrownBy(() -> assertThat(spiked).hasNoViolations())
                .hasMessageStartingWith("Expected stack <hybrid-lab> to run without violations, but found 1:%n  PT1H OOM_KILLED paperless-redis: ".formatted());
        assertThatThrownBy(() -> assertThat(HEALTHY).hasViolation("PORT_CONFLICT"))
                .hasMessage("Expected stack <hybrid-lab> to have a PORT_CONFLICT violation, but it has none");
    }

    @Test
    void blockedNeedsAreListedWithTheirReasonsAndAreViolations() {
        SimulationReport split = Simulation.of(SpecResolver.create().resolve(
                SpecReader.defaults().read("split-lab-closed-firewall.yaml",
                        SimAssertionsTest.class.getResourceAsStream("/specs/split-lab-closed-firewall.yaml")))).runFor(Duration.ofHours(1));

        assertThat(HEALTHY).hasNoBlockedNeeds();
        assertThatThrownBy(() -> assertThat(split).hasNoBlockedNeeds())
                .hasMessageStartingWith("Expected every service of stack <split-lab> to reach the services it needs, but:")
                .hasMessageContaining("  app -> cache: the firewall on nas does not admit tcp port 6379 from the LAN");
        assertThatThrownBy(() -> assertThat(split).hasNoViolations())
                .hasMessageStartingWith("Expected stack <split-lab> to run without violations, but found 3:")
                .hasMessageContaining(" NEED_UNREACHABLE app: Service app on mini needs cache on nas, which it cannot reach over the"
                        + " home LAN: the firewall on nas does not admit tcp port 6379 from the LAN");
        assertThat(split).hasViolation("NEED_UNREACHABLE").service("app").isReady();
    }

    @Test
    void isAllReadyListsTheServicesThatAreNot() {
        assertThatThrownBy(() -> assertThat(MINI_PC_CRASHED).isAllReady())
                .hasMessage("Expected every service of stack <hybrid-lab> to be ready, but these are not:%n"
                        .formatted() + "  paperless on mini-pc: down\n  paperless-redis on mini-pc: down");
    }
}
