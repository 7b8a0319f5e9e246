package io.kombify.samples;

import io.kombify.sim.Client;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.junit.SimulatedStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.kombify.sim.assertions.SimAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test suite for the hybrid lab (a Hetzner VPS in front of two home machines, joined by
 * Headscale) checks before anything is deployed: a simulated day of the stack, and the same day
 * with things going wrong.
 */
// simulated {
@SimulatedStack(spec = "specs/hybrid-hetzner-headscale.yaml", seed = 42, duration = "24h")
class HybridLabSimulationTest {

    @Test
    void everythingComesUpWithinTenMinutes(SimulationReport report) {
        assertThat(report).hasNoViolations().isAllReady().hasNoBlockedNeeds();
        assertThat(report).service("immich-server").runsOn("home-server").isReadyWithin(Duration.ofMinutes(10));
    }

    @Test
    void theStatusPageAndTheAdminUiArePublishedThroughTheProxy(SimulationReport report) {
        assertThat(report).service("uptime-kuma")
                .isReachableFrom(Client.onInternet())
                .isReachableFrom(Client.onVpn());
        assertThat(report).service("headplane").isReachableFrom(Client.onInternet());
    }

    @Test
    void theDatabaseIsOnlyReachedFromItsOwnMachine(SimulationReport report) {
        assertThat(report).service("immich-postgres")
                .isReachableFrom("immich-server")
                .isNotReachableFrom("traefik");
    }
// }

    /**
     * The home firewall admits the photo and document servers only from the tailnet, which is
     * exactly the path the proxy on the VPS takes; the home LAN reaches them through the proxy too.
     */
    @Test
    void theProxyReachesHomeServicesOverTheTailnet(SimulationReport report) {
        assertThat(report).service("immich-server")
                .isReady()
                .isReachableFrom(Client.onInternet())
                .isReachableFrom(Client.onVpn());
        assertThat(report).service("paperless").isReachableFrom(Client.onHomeLan());
        assertThat(report).hasNoBlockedNeeds();
    }

    // faults {
    @Test
    @SimulatedStack(spec = "specs/hybrid-hetzner-headscale.yaml", seed = 42, duration = "6h",
            faults = "site-power-loss:home@2h+30m")
    void aPowerCutAtHomeHealsOnceThePowerIsBack(SimulationReport report) {
        assertThat(report).hasNoViolations().isAllReady();
        assertThat(report).service("uptime-kuma").isReachableFrom(Client.onInternet());
        assertThat(report.failureImpact().ofSite("home"))
                .contains("immich-server", "paperless")
                .doesNotContain("uptime-kuma");
    }

    @Test
    @SimulatedStack(spec = "specs/hybrid-hetzner-headscale.yaml", seed = 42, duration = "2h",
            faults = "partition:home,hetzner@1h")
    void whileTheSitesArePartitionedHomeUsersLoseTheCloudProxy(SimulationReport report) {
        assertThat(report).service("uptime-kuma")
                .isReady()
                .isNotReachableFrom(Client.onHomeLan())
                .isReachableFrom(Client.onInternet());
    }
    // }

    @Test
    void theReadmeQuotesThisTest() throws IOException {
        Path root = Path.of(System.getProperty("kombify.root", "..")).toAbsolutePath().normalize();
        String source = Files.readString(root.resolve("samples/src/test/java/io/kombify/samples/HybridLabSimulationTest.java"));
        String readme = Files.readString(root.resolve("README.md"));

        Matcher m = Pattern.compile("(?m)^( *)// [a-z]+ \\{\n(.*?)^\\1// }\n", Pattern.DOTALL).matcher(source);
        List<String> regions = new ArrayList<>();
        while (m.find()) {
            int indent = m.group(1).length();
            regions.add(m.group(2).lines().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                    .collect(Collectors.joining("\n", "", "\n")));
        }

        assertThat(regions).hasSize(2);
        regions.forEach(region -> assertThat(readme).contains(region));
    }
}
