package io.kombify.samples;

import io.kombify.sim.Client;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.junit.SimulatedStack;
import org.junit.jupiter.api.Test;

import static io.kombify.sim.assertions.SimAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three-node lab spreads its services over three identical machines, so everything one of
 * them needs from another has to cross the home LAN, through each node's host firewall.
 */
@SimulatedStack(spec = "specs/ha-three-node-lab.yaml", seed = 7, duration = "24h")
class HaLabSimulationTest {

    @Test
    void everyServiceReachesWhatItNeedsAcrossTheNodes(SimulationReport report) {
        assertThat(report).hasNoViolations().isAllReady().hasNoBlockedNeeds();
        assertThat(report).service("valkey").isReachableFrom("gitea");
        assertThat(report).service("gitea").isReachableFrom("woodpecker");
        assertThat(report).service("prometheus").isReachableFrom("grafana");
    }

    @Test
    void servicesCallEachOtherOnTheirWebPortsNotOnGitsSshPort(SimulationReport report) {
        assertThat(report.reachability("woodpecker", "gitea").path()).last().asString().endsWith("(port 3000)");
        assertThat(report.reachability("gitea", "valkey").path()).last().asString().endsWith("(port 6379)");
    }

    @Test
    void theProxyPublishesGitCiAndDashboardsToTheLanAndTheInternet(SimulationReport report) {
        for (String service : new String[] {"gitea", "woodpecker", "grafana"}) {
            assertThat(report).service(service).isReachableFrom(Client.onHomeLan()).isReachableFrom(Client.onInternet());
        }
    }

    @Test
    @SimulatedStack(spec = "specs/ha-three-node-lab.yaml", seed = 7, duration = "2h", faults = "node-crash:node-c@1h")
    void losingTheThirdNodeTakesDownOnlyWhatRunsThereOrNeedsIt(SimulationReport report) {
        assertThat(report).hasNoViolations();
        assertThat(report).service("gitea").isReady().isReachableFrom(Client.onHomeLan());
        assertThat(report.failureImpact().ofNode("node-c")).contains("woodpecker", "minio").doesNotContain("gitea", "postgres");
    }
}
