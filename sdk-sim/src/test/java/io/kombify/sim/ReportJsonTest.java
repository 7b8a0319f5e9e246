package io.kombify.sim;

import io.kombify.core.ByteSize;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportJsonTest {

    private static Simulation faulty(long seed) {
        return Simulation.of(Specs.sample("hybrid-hetzner-headscale.yaml")).seed(seed)
                .fault(Fault.partition("home", "hetzner").at(Duration.ofMinutes(5)).recoverAfter(Duration.ofMinutes(3)))
                .fault(Fault.crashLoop("paperless").at(Duration.ofMinutes(20)).recoverAfter(Duration.ofMinutes(2)))
                .fault(Fault.memorySpike("immich-ml", ByteSize.parse("8Gi")).when(Trigger.healthy("immich-server")))
                .fault(Fault.nodeCrash("mini-pc").at(Duration.ofHours(2)).recoverAfter(Duration.ofMinutes(10)));
    }

    @Test
    void sameSeedGivesByteIdenticalJson() {
        String first = faulty(42).runFor(Duration.ofHours(24)).toJson();
        String second = faulty(42).runFor(Duration.ofHours(24)).toJson();

        assertThat(second).isEqualTo(first);
        assertThat(first).endsWith("\n").doesNotContain("\r");
    }

    @Test
    void differentSeedsChangeTheTimings() {
        SimulationReport a = faulty(1).runFor(Duration.ofHours(1));
        SimulationReport b = faulty(2).runFor(Duration.ofHours(1));

        assertThat(a.toJson()).isNotEqualTo(b.toJson());
        assertThat(a.services().keySet()).isEqualTo(b.services().keySet());
    }

    @Test
    void topLevelKeysComeInADocumentedFixedOrder() {
        String json = faulty(42).runFor(Duration.ofHours(1)).toJson();

        assertThat(topLevelNames(json)).containsExactly("stack", "planHash", "seed", "duration", "services", "failureImpact",
                "siteFailureImpact", "capacity", "readiness", "violations", "reachability", "events");
    }

    @Test
    void writesServicesImpactViolationsAndEventsAsUsersReadThem() {
        SimulationReport report = Simulation.of(Specs.sample("single-node-homelab.yaml")).seed(3).runFor(Duration.ofMinutes(30));
        String json = report.toJson();
        ServiceOutcome nextcloud = report.service("nextcloud").orElseThrow();

        assertThat(json).contains("\"stack\": \"closet-lab\"", "\"seed\": 3", "\"duration\": \"PT30M\"");
        assertThat(json).contains("    \"nextcloud\": {\n"
                + "      \"node\": \"homeserver\",\n"
                + "      \"state\": \"healthy\",\n"
                + "      \"readyAt\": \"" + nextcloud.readyAt() + "\",\n"
                + "      \"restarts\": 0\n"
                + "    }");
        assertThat(json).contains("\"failureImpact\": {\n    \"homeserver\": [\n      \"traefik\",");
        assertThat(json).contains("\"violations\": [ ]");
        assertThat(json).contains("    {\n"
                + "      \"at\": \"PT0S\",\n"
                + "      \"kind\": \"pull-started\",\n"
                + "      \"subject\": \"traefik\",\n"
                + "      \"detail\": \"traefik:v3.5 on homeserver, 50 MiB\"\n"
                + "    }");
    }

    @Test
    void reachabilityListsEachRouteFromEveryClientKindAndTheNeedsThatCannotBeMet() {
        SimulationReport report = Simulation.of(Specs.sample("single-node-homelab.yaml")).seed(3)
                .fault(Fault.crashLoop("postgres").at(Duration.ZERO))
                .runFor(Duration.ofMinutes(30));
        String json = report.toJson();
        Reachability vpn = report.reachability(Client.onVpn(), "nextcloud");
        Reachability db = report.reachability("nextcloud", "postgres");

        assertThat(vpn.reachable()).isFalse();
        assertThat(db.reachable()).isFalse();
        assertThat(json).contains("        \"service\": \"nextcloud\",\n"
                + "        \"domain\": \"cloud.home.example.org\",\n"
                + "        \"homeLan\": {\n"
                + "          \"reachable\": " + report.reachability(Client.onHomeLan(), "nextcloud").reachable());
        assertThat(json).contains("        \"vpn\": {\n"
                + "          \"reachable\": false,\n"
                + "          \"reason\": \"" + vpn.reason() + "\"\n"
                + "        },");
        assertThat(json).contains("    \"blockedNeeds\": [\n"
                + "      {\n"
                + "        \"service\": \"nextcloud\",\n"
                + "        \"needs\": \"postgres\",\n"
                + "        \"reason\": \"" + db.reason() + "\"\n");
        assertThat(json).doesNotContain("\"service\": \"uptime-kuma\",\n        \"domain\": \"status.home.example.org\",\n"
                + "        \"homeLan\": {\n          \"reachable\": false");
    }

    @Test
    void neverReadyServiceHasNullReadyAtAndNoTimeUntilReady() {
        SimulationReport report = Simulation.of(Specs.sample("single-node-homelab.yaml"))
                .fault(Fault.crashLoop("postgres").at(Duration.ZERO))
                .runFor(Duration.ofMinutes(30));

        assertThat(report.service("nextcloud").orElseThrow().firstReady()).isEmpty();
        assertThat(report.readiness().allReadyAt()).isEmpty();
        assertThat(report.toJson()).contains("\"timeUntilReady\": null").contains("\"readyAt\": null");
    }

    private static List<String> topLevelNames(String json) {
        List<String> names = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(ObjectReadContext.empty(), json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        }
        return names;
    }
}
