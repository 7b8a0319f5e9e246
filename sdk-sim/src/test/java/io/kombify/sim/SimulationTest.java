package io.kombify.sim;

import io.kombify.core.ByteSize;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.resolved.ResolvedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationTest {

    /**
     * A home box and a Hetzner VPS; the app in the cloud needs the database at home, whose
     * firewall admits it from the VPS's public address only.
     */
    static final String TWO_SITES = """
            name: two-sites
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
                network: {internal: {expose: true, port: 5432}}
                volumes: [{name: db-data, mountPath: /var/lib/postgresql/data}]
                resources: {memoryLimit: 1Gi}
              - name: app
                type: service
                node: vps
                needs: [db]
                config: {image: "ghcr.io/acme/app:1.0"}
                resources: {memoryLimit: 512Mi}
              - name: worker
                type: backend
                node: vps
                needs: [app]
                config: {image: "ghcr.io/acme/worker:1.0"}
                resources: {memoryLimit: 256Mi}
                restartPolicy: %s
            security:
              firewall:
                rules:
                  - {port: 5432, source: 203.0.113.1/32, comment: the app on the VPS}
            """;

    static ResolvedSpec twoSites(String workerRestartPolicy) {
        return Specs.yaml(TWO_SITES.formatted(workerRestartPolicy));
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-node-homelab.yaml", "hybrid-hetzner-headscale.yaml", "media-smart-home.yaml", "ha-three-node-lab.yaml",
            "docker-busybox-lab.yaml"})
    void sampleSpecsDeployToAllReadyWithoutViolationsOrBlockedNeeds(String file) {
        ResolvedSpec spec = Specs.sample(file);

        SimulationReport report = Simulation.of(spec).seed(7).runFor(Duration.ofHours(24));

        assertThat(report.violations()).isEmpty();
        assertThat(report.blockedNeeds()).isEmpty();
        assertThat(report.allReady()).isTrue();
        assertThat(report.services().keySet()).containsExactlyElementsOf(
                spec.services().stream().filter(ResolvedService::enabled).map(ResolvedService::name).toList());
        assertThat(report.readiness().allReadyAt()).isPresent();
        assertThat(report.readiness().timeUntilReady()).isLessThan(Duration.ofMinutes(10));
    }

    @Test
    void aServiceStartsOnlyAfterEverythingItNeedsIsHealthy() {
        ResolvedSpec spec = Specs.sample("single-node-homelab.yaml");

        SimulationReport report = Simulation.of(spec).runFor(Duration.ofHours(1));

        Duration started = report.eventsAbout("nextcloud").stream()
                .filter(e -> e.kind() == EventKind.CONTAINER_STARTED).findFirst().orElseThrow().time();
        assertThat(started).isGreaterThanOrEqualTo(report.service("postgres").orElseThrow().readyAt())
                .isGreaterThanOrEqualTo(report.service("redis").orElseThrow().readyAt());
        assertThat(report.service("nextcloud").orElseThrow().readyAt()).isGreaterThan(started);
    }

    @Test
    void criticalPathEndsWithTheLastServiceToBecomeReady() {
        SimulationReport report = Simulation.of(Specs.sample("single-node-homelab.yaml")).runFor(Duration.ofHours(1));

        List<CriticalStep> path = report.readiness().criticalPath();
        assertThat(path).extracting(CriticalStep::service).last().isEqualTo("nextcloud");
        assertThat(path).extracting(CriticalStep::service).first().isIn("postgres", "redis");
        assertThat(path.get(path.size() - 1).readyAt()).isEqualTo(report.readiness().timeUntilReady());
        assertThat(path).extracting(CriticalStep::readyAt).isSorted();
    }

    @Test
    void overCommittedNodeIsReportedAndItsContainerOomKilled() {
        ResolvedSpec spec = Specs.yaml("""
                name: tight-lab
                nodes:
                  - name: box
                    type: main
                    provider: docker
                    resources: {cpu: 8, memory: 16Gi, disk: 100Gi}
                  - name: tiny
                    type: worker
                    provider: docker
                    resources: {cpu: 1, memory: 1Gi, disk: 20Gi}
                services:
                  - name: hog
                    type: service
                    node: tiny
                    config: {image: "acme/hog:1"}
                    resources: {memoryLimit: 2Gi, cpuLimit: "2"}
                """);

        SimulationReport report = Simulation.of(spec).runFor(Duration.ofMinutes(30));

        assertThat(report.violations("NODE_OVERCOMMIT_MEMORY")).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("tiny");
            assertThat(v.message()).isEqualTo("Node tiny is over-committed: services request 2 GiB of its 1 GiB memory (hog tipped it over)");
        });
        assertThat(report.violations("NODE_OVERCOMMIT_CPU")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("request 2 CPU of its 1"));
        assertThat(report.violations("OOM_KILLED")).isNotEmpty().allSatisfy(v -> assertThat(v.subject()).isEqualTo("hog"));
        assertThat(report.service("hog").orElseThrow().isReady()).isFalse();
        assertThat(report.service("hog").orElseThrow().restarts()).isPositive();
        assertThat(report.capacity().get("tiny")).satisfies(c -> {
            assertThat(c.isOvercommitted()).isTrue();
            assertThat(c.memoryHeadroomBytes()).isEqualTo(-ByteSize.parse("1Gi").bytes());
            assertThat(c.cpuHeadroomMillis()).isEqualTo(-1000);
        });
        assertThat(report.capacity().get("box").isOvercommitted()).isFalse();
        assertThat(report.toJson()).contains("""
                    "tiny": {
                      "cpu": "1",
                      "cpuRequested": "2",
                      "memory": "1Gi",
                      "memoryRequested": "2Gi",
                      "overcommitted": true
                    }""".indent(4).stripTrailing());
    }

    @Test
    void hostPortConflictFailsTheSecondContainer() {
        ResolvedSpec spec = Specs.yaml("""
                name: port-lab
                nodes:
                  - name: box
                    type: main
                    provider: docker
                    resources: {cpu: 8, memory: 16Gi, disk: 100Gi}
                services:
                  - name: my-proxy
                    type: service
                    node: box
                    config: {image: "nginx:1.27"}
                    ports: [{container: 80, host: 8080}]
                """);
        String holder = spec.services().stream()
                .filter(s -> s.ports().stream().anyMatch(p -> Integer.valueOf(8080).equals(p.host())) && !s.name().equals("my-proxy"))
                .findFirst().orElseThrow().name();

        SimulationReport report = Simulation.of(spec).runFor(Duration.ofHours(1));

        assertThat(report.violations("PORT_CONFLICT")).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("my-proxy");
            assertThat(v.message()).isEqualTo("Host port 8080/tcp on node box is already taken by " + holder + "; my-proxy cannot be created");
        });
        assertThat(report.service("my-proxy").orElseThrow().state()).isEqualTo(ServiceState.FAILED);
        assertThat(report.service(holder).orElseThrow().isReady()).isTrue();
        assertThat(report.events(EventKind.CREATE_FAILED)).extracting(SimEvent::subject).containsExactly("my-proxy");
    }

    @Test
    void serviceNeedingADisabledServiceNeverStartsAndIsReported() {
        ResolvedSpec spec = Specs.yaml("""
                name: needy-lab
                nodes:
                  - name: box
                    type: main
                    provider: docker
                    resources: {cpu: 8, memory: 16Gi, disk: 100Gi}
                services:
                  - name: db
                    type: database
                    node: box
                    enabled: false
                    config: {image: "postgres:17"}
                  - name: app
                    type: service
                    node: box
                    needs: [db]
                    config: {image: "acme/app:1"}
                """);

        SimulationReport report = Simulation.of(spec).runFor(Duration.ofHours(1));

        assertThat(report.violations("NEED_DISABLED")).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("app");
            assertThat(v.message()).isEqualTo("Service app needs db, which is not deployed; it will never start");
        });
        assertThat(report.service("app").orElseThrow().state()).isEqualTo(ServiceState.CREATED);
        assertThat(report.service("db")).isEmpty();
        assertThat(report.readiness().allReadyAt()).isEmpty();
    }

    @Test
    void serviceWithoutAnImageFailsToBeCreated() {
        ResolvedSpec spec = Specs.yaml("""
                name: imageless-lab
                nodes:
                  - name: box
                    type: main
                    provider: docker
                    resources: {cpu: 8, memory: 16Gi, disk: 100Gi}
                services:
                  - name: mystery
                    type: custom
                    node: box
                """);

        SimulationReport report = Simulation.of(spec).runFor(Duration.ofHours(1));

        assertThat(report.violations("IMAGE_MISSING")).singleElement().satisfies(v -> assertThat(v.message())
                .isEqualTo("Service mystery has no image: neither its kit nor config.image names one"));
        assertThat(report.service("mystery").orElseThrow().state()).isEqualTo(ServiceState.FAILED);
        assertThat(report.eventsAbout("mystery")).extracting(SimEvent::kind).containsExactly(EventKind.VIOLATION, EventKind.CREATE_FAILED);
    }

    @Test
    void aNeedTheFirewallBlocksIsAViolationWhenTheDependentStartsButLeavesItHealthy() {
        SimulationReport report = Simulation.of(Specs.resource("split-lab-closed-firewall.yaml")).runFor(Duration.ofHours(1));

        Duration appStarted = report.eventsAbout("app").stream().filter(e -> e.kind() == EventKind.CONTAINER_STARTED)
                .findFirst().orElseThrow().time();
        assertThat(report.violations("NEED_UNREACHABLE")).extracting(Violation::subject).containsExactly("app", "dashboard", "status");
        assertThat(report.violations("NEED_UNREACHABLE").get(0)).satisfies(v -> {
            assertThat(v.message()).isEqualTo("Service app on mini needs cache on nas, which it cannot reach over the home LAN: the firewall"
                    + " on nas does not admit tcp port 6379 from the LAN (default inbound deny; a rule with port: 6379 and source: any or"
                    + " lan would)");
            assertThat(v.time()).isEqualTo(appStarted);
        });
        assertThat(report.violations("NEED_UNREACHABLE").get(1).message()).isEqualTo("Service dashboard on mini needs metrics on nas,"
                + " which it cannot reach: metrics publishes no host port and is not exposed on the internal network, so only services"
                + " on nas reach it");
        assertThat(report.violations("NEED_UNREACHABLE").get(2).message()).isEqualTo("Service status on vps needs app on mini, which it"
                + " cannot reach over the internet link hetzner<->home: the firewall on mini does not admit tcp port 8080 from"
                + " 203.0.113.1 on the internet (port 8080 is open only to source lan; a rule with port: 8080 and source: any or"
                + " 203.0.113.1/32 would)");
        assertThat(report.services().values()).allSatisfy(o -> assertThat(o.isReady()).as(o.name()).isTrue());
        assertThat(report.allReady()).isFalse();
        assertThat(report.eventsAbout("app")).extracting(SimEvent::kind)
                .containsSubsequence(EventKind.CONTAINER_STARTED, EventKind.VIOLATION, EventKind.HEALTHY)
                .doesNotContain(EventKind.UNHEALTHY);
    }

    @Test
    void aNeedIsReportedUnreachableOnceEvenWhenTheDependentRestarts() {
        SimulationReport report = Simulation.of(Specs.resource("split-lab-closed-firewall.yaml"))
                .fault(Fault.nodeCrash("mini").at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(5)))
                .runFor(Duration.ofHours(1));

        assertThat(report.service("app").orElseThrow().restarts()).isEqualTo(1);
        assertThat(report.violations("NEED_UNREACHABLE")).extracting(Violation::subject).containsExactly("app", "dashboard", "status");
    }

    @Test
    void aNeedThatOnlyAPartitionBlocksIsNotAViolation() {
        SimulationReport report = Simulation.of(twoSites("always"))
                .fault(Fault.partition("home", "hetzner").at(Duration.ofMinutes(30)))
                .runFor(Duration.ofHours(1));

        assertThat(report.blockedNeeds()).extracting(Reachability::reason)
                .containsExactly("sites hetzner and home cannot reach each other (partition)");
        assertThat(report.violations()).isEmpty();
        assertThat(report.service("app").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
    }

    @Test
    void nodeCrashTakesDownExactlyTheServicesFailureImpactPredicts() {
        ResolvedSpec spec = Specs.sample("hybrid-hetzner-headscale.yaml");

        SimulationReport report = Simulation.of(spec)
                .fault(Fault.nodeCrash("home-server").at(Duration.ofMinutes(10)))
                .runFor(Duration.ofHours(2));

        List<String> onNode = spec.servicesOn("home-server").stream().map(ResolvedService::name).toList();
        assertThat(onNode).isNotEmpty().allSatisfy(s -> assertThat(report.service(s).orElseThrow().state()).isEqualTo(ServiceState.DOWN));
        List<String> unavailable = report.services().values().stream().filter(o -> !o.isReady()).map(ServiceOutcome::name).toList();
        assertThat(unavailable).containsExactlyElementsOf(report.failureImpact().ofNode("home-server"));
        assertThat(report.service("traefik").orElseThrow().isReady()).isTrue();
        assertThat(report.events(EventKind.NODE_DOWN)).singleElement()
                .satisfies(e -> assertThat(e.time()).isEqualTo(Duration.ofMinutes(10)));
    }

    @Test
    void failureImpactFollowsNeedsAcrossNodesAndSites() {
        SimulationReport report = Simulation.of(twoSites("always")).runFor(Duration.ofMinutes(1));

        assertThat(report.failureImpact().ofNode("box")).contains("db", "app", "worker");
        assertThat(report.failureImpact().ofNode("vps")).contains("app", "worker").doesNotContain("db");
        assertThat(report.failureImpact().ofSite("home")).isEqualTo(report.failureImpact().ofNode("box"));
        assertThat(report.failureImpact().ofSite("hetzner")).isEqualTo(report.failureImpact().ofNode("vps"));
        assertThat(report.failureImpact().ofNode("nowhere")).isEmpty();
    }

    @Test
    void crashedNodeRebootsAndRestartsItsContainers() {
        SimulationReport report = Simulation.of(Specs.sample("single-node-homelab.yaml"))
                .fault(Fault.nodeCrash("homeserver").at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(5)))
                .runFor(Duration.ofHours(1));

        assertThat(report.allReady()).isTrue();
        assertThat(report.services().values()).allSatisfy(o -> assertThat(o.restarts()).isEqualTo(1));
        assertThat(report.events(EventKind.NODE_UP)).singleElement()
                .satisfies(e -> assertThat(e.time()).isEqualTo(Duration.ofMinutes(15).plusSeconds(30)));
        assertThat(report.eventsAbout("postgres")).filteredOn(e -> e.kind() == EventKind.PULL_STARTED).hasSize(1);
    }

    @Test
    void restartPolicyNoKeepsAContainerDownAfterItsNodeReboots() {
        SimulationReport report = Simulation.of(twoSites("\"no\""))
                .fault(Fault.nodeCrash("vps").at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(1)))
                .runFor(Duration.ofHours(1));

        assertThat(report.service("worker").orElseThrow().state()).isEqualTo(ServiceState.FAILED);
        assertThat(report.service("app").orElseThrow().isReady()).isTrue();
        assertThat(report.eventsAbout("worker")).extracting(SimEvent::kind).contains(EventKind.GAVE_UP);
    }

    @Test
    void sitePowerLossTakesDownEverythingTheSiteImpactNames() {
        SimulationReport report = Simulation.of(twoSites("always"))
                .fault(Fault.sitePowerLoss("home").at(Duration.ofMinutes(10)))
                .runFor(Duration.ofHours(1));

        List<String> unavailable = report.services().values().stream().filter(o -> !o.isReady()).map(ServiceOutcome::name).toList();
        assertThat(unavailable).containsExactlyElementsOf(report.failureImpact().ofSite("home"));
        assertThat(report.events(EventKind.POWER_LOST)).extracting(SimEvent::subject).containsExactly("home");
    }

    @Test
    void partitionMakesACrossSiteDependentUnhealthyUntilItHeals() {
        SimulationReport during = Simulation.of(twoSites("always"))
                .fault(Fault.partition("home", "hetzner").at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(20));
        SimulationReport healed = Simulation.of(twoSites("always"))
                .fault(Fault.partition("home", "hetzner").at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(5)))
                .runFor(Duration.ofMinutes(30));

        assertThat(during.service("db").orElseThrow().isReady()).isTrue();
        assertThat(during.service("app").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
        assertThat(during.service("worker").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
        assertThat(during.eventsAbout("app")).filteredOn(e -> e.kind() == EventKind.UNHEALTHY).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("cannot reach db across the partition"));
        assertThat(healed.allReady()).isTrue();
        assertThat(healed.events(EventKind.PARTITION_HEALED)).extracting(SimEvent::subject).containsExactly("home<->hetzner");
    }

    @Test
    void unhealthyIsDeclaredAfterThreeFailedChecksTheLastTimingOut() {
        ResolvedSpec spec = twoSites("always");
        SimulationReport report = Simulation.of(spec)
                .fault(Fault.partition("home", "hetzner").at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(20));

        Duration started = report.eventsAbout("app").stream().filter(e -> e.kind() == EventKind.CONTAINER_STARTED)
                .findFirst().orElseThrow().time();
        long interval = spec.observability().health().interval().toMillis();
        long sinceStart = Duration.ofMinutes(10).minus(started).toMillis();
        long firstFailedCheck = started.toMillis() + ((sinceStart + interval - 1) / interval) * interval;
        Duration expected = Duration.ofMillis(firstFailedCheck + 2 * interval + spec.observability().health().timeout().toMillis());
        assertThat(report.eventsAbout("app")).filteredOn(e -> e.kind() == EventKind.UNHEALTHY).singleElement()
                .satisfies(e -> assertThat(e.time()).isEqualTo(expected));
    }

    @Test
    void fullDiskFailsServicesWritingVolumesThereAndIsAViolation() {
        SimulationReport report = Simulation.of(twoSites("always"))
                .fault(Fault.diskFull("box").at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(20));

        assertThat(report.violations("DISK_FULL")).singleElement().satisfies(v -> assertThat(v.subject()).isEqualTo("box"));
        assertThat(report.service("db").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
        assertThat(report.eventsAbout("db")).filteredOn(e -> e.kind() == EventKind.UNHEALTHY).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("disk full on box"));
        assertThat(report.service("app").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
    }

    @Test
    void pullsWaitForDiskSpaceAndResumeWhenItIsFreed() {
        SimulationReport report = Simulation.of(twoSites("always"))
                .fault(Fault.diskFull("box").at(Duration.ZERO).recoverAfter(Duration.ofMinutes(5)))
                .runFor(Duration.ofMinutes(30));

        assertThat(report.eventsAbout("db")).extracting(SimEvent::kind).startsWith(EventKind.PULL_BLOCKED);
        assertThat(report.events(EventKind.PULL_STARTED)).filteredOn(e -> e.detail().contains(" on box,")).first()
                .satisfies(e -> assertThat(e.time()).isEqualTo(Duration.ofMinutes(5)));
        assertThat(report.events(EventKind.PULL_BLOCKED)).extracting(SimEvent::subject)
                .containsExactlyElementsOf(report.services().values().stream().filter(o -> o.node().equals("box")).map(ServiceOutcome::name).toList());
        assertThat(report.violations("DISK_FULL")).hasSize(1);
        assertThat(report.allReady()).isFalse();
        assertThat(report.services().values()).allSatisfy(o -> assertThat(o.isReady()).isTrue());
    }

    @Test
    void imageLargerThanTheFreeDiskIsADiskFullViolation() {
        ResolvedSpec spec = Specs.yaml("""
                name: small-disk-lab
                nodes:
                  - name: box
                    type: main
                    provider: docker
                    resources: {cpu: 8, memory: 16Gi, disk: 100Gi}
                  - name: stick
                    type: worker
                    provider: docker
                    resources: {cpu: 2, memory: 4Gi, disk: 1Gi}
                services:
                  - name: cloud
                    type: storage
                    node: stick
                    config: {image: "nextcloud:31-apache"}
                  - name: movies
                    type: media
                    node: stick
                    config: {image: "jellyfin/jellyfin:10.10"}
                  - name: hass
                    type: automation
                    node: stick
                    config: {image: "ghcr.io/home-assistant/home-assistant:stable"}
                """);

        SimulationReport report = Simulation.of(spec).runFor(Duration.ofHours(1));

        assertThat(report.violations("DISK_FULL")).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("stick");
            assertThat(v.message()).endsWith(" of disk free, too little for ghcr.io/home-assistant/home-assistant:stable (700 MiB)");
        });
        assertThat(report.service("cloud").orElseThrow().isReady()).isTrue();
        assertThat(report.service("hass").orElseThrow().state()).isEqualTo(ServiceState.PENDING);
        assertThat(report.eventsAbout("hass")).extracting(SimEvent::kind).containsExactly(EventKind.PULL_BLOCKED);
    }

    @Test
    void nodeDownFromTheStartDeploysNothingUntilItBoots() {
        SimulationReport report = Simulation.of(twoSites("always"))
                .fault(Fault.nodeCrash("box").at(Duration.ZERO).recoverAfter(Duration.ofMinutes(10)))
                .runFor(Duration.ofHours(1));

        assertThat(report.events()).first().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.NODE_DOWN);
            assertThat(e.subject()).isEqualTo("box");
        });
        assertThat(report.events(EventKind.PULL_STARTED)).filteredOn(e -> e.detail().contains(" on box,")).first()
                .satisfies(e -> assertThat(e.time()).isEqualTo(Duration.ofMinutes(10).plusSeconds(30)));
        assertThat(report.services().values()).allSatisfy(o -> assertThat(o.isReady()).isTrue());
        assertThat(report.service("db").orElseThrow().restarts()).isZero();
    }

    @Test
    void containerOverItsMemoryLimitIsOomKilledAndRestarted() {
        SimulationReport report = Simulation.of(twoSites("on-failure"))
                .fault(Fault.memorySpike("worker", ByteSize.parse("1Gi")).at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(30));

        assertThat(report.violations("OOM_KILLED")).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("worker");
            assertThat(v.message()).isEqualTo("Container worker on vps was killed for memory: uses 1.3 GiB of its 256 MiB limit");
            assertThat(v.time()).isEqualTo(Duration.ofMinutes(10));
        });
        assertThat(report.eventsAbout("worker")).extracting(SimEvent::kind)
                .containsSubsequence(EventKind.OOM_KILLED, EventKind.CONTAINER_EXITED, EventKind.RESTART_SCHEDULED,
                        EventKind.CONTAINER_STARTED, EventKind.HEALTHY);
        assertThat(report.service("worker").orElseThrow().restarts()).isEqualTo(1);
        assertThat(report.service("worker").orElseThrow().isReady()).isTrue();
    }

    @Test
    void memoryPressureMakesTheKernelKillTheBiggestContainer() {
        ResolvedSpec spec = twoSites("always");
        ByteSize vpsMemory = spec.node("vps").orElseThrow().memory();

        SimulationReport report = Simulation.of(spec)
                .fault(Fault.memoryPressure("vps", vpsMemory.minus(ByteSize.parse("600Mi"))).at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(11));

        List<String> killed = report.violations("OOM_KILLED").stream().map(Violation::subject).distinct().toList();
        long biggest = spec.servicesOn("vps").stream().mapToLong(s -> s.memoryRequest().bytes()).max().orElseThrow();
        String first = spec.servicesOn("vps").stream().filter(s -> s.memoryRequest().bytes() == biggest).findFirst().orElseThrow().name();
        assertThat(killed).first().isEqualTo(first);
        assertThat(report.events(EventKind.MEMORY_PRESSURE)).singleElement().satisfies(e -> assertThat(e.subject()).isEqualTo("vps"));
    }

    @Test
    void crashLoopBacksOffExponentiallyAndEndsWhenTheFaultDoes() {
        SimulationReport report = Simulation.of(twoSites("always"))
                .fault(Fault.crashLoop("worker").at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(40));

        List<String> delays = report.eventsAbout("worker").stream().filter(e -> e.kind() == EventKind.RESTART_SCHEDULED)
                .map(SimEvent::detail).toList();
        assertThat(delays).startsWith("in PT0.1S", "in PT0.2S", "in PT0.4S", "in PT0.8S", "in PT1.6S").contains("in PT1M");
        assertThat(report.service("worker").orElseThrow().isReady()).isTrue();
        assertThat(report.events(EventKind.CRASH_LOOP_ENDED)).hasSize(1);
    }

    @Test
    void crashLoopWithRestartPolicyNoLeavesTheServiceFailed() {
        SimulationReport report = Simulation.of(twoSites("\"no\""))
                .fault(Fault.crashLoop("worker").at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(20));

        assertThat(report.service("worker").orElseThrow().state()).isEqualTo(ServiceState.FAILED);
        assertThat(report.eventsAbout("worker")).extracting(SimEvent::kind).endsWith(EventKind.CONTAINER_EXITED, EventKind.GAVE_UP);
    }

    @Test
    void faultOnAnEventStrikesWhenTheEventHappensPlusItsDelay() {
        SimulationReport report = Simulation.of(twoSites("always"))
                .fault(Fault.nodeCrash("vps").when(Trigger.healthy("db").plus(Duration.ofSeconds(5))))
                .runFor(Duration.ofHours(1));

        Duration dbReady = report.service("db").orElseThrow().readyAt();
        assertThat(report.events(EventKind.NODE_DOWN)).singleElement()
                .satisfies(e -> assertThat(e.time()).isEqualTo(dbReady.plusSeconds(5)));
    }

    @Test
    void listenerSeesEveryEventAndViolationInOrderThenTheReport() {
        List<SimEvent> seen = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        List<SimulationReport> finished = new ArrayList<>();
        SimulationListener listener = new SimulationListener() {
            @Override
            public void onEvent(SimEvent event) {
                seen.add(event);
            }

            @Override
            public void onViolation(Violation violation) {
                violations.add(violation);
            }

            @Override
            public void onFinished(SimulationReport report) {
                finished.add(report);
            }
        };

        SimulationReport report = Simulation.of(twoSites("always")).listener(listener)
                .fault(Fault.diskFull("box").at(Duration.ofMinutes(1)))
                .runFor(Duration.ofMinutes(5));

        assertThat(seen).isEqualTo(report.events());
        assertThat(seen).extracting(SimEvent::time).isSorted();
        assertThat(violations).isEqualTo(report.violations()).isNotEmpty();
        assertThat(finished).containsExactly(report);
    }

    @Test
    void faultNamingAnUnknownTargetIsRejectedListingWhatExists() {
        Simulation sim = Simulation.of(twoSites("always")).fault(Fault.nodeCrash("nas").at(Duration.ofMinutes(1)));

        assertThatThrownBy(() -> sim.runFor(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodeCrash(nas): the stack has no node 'nas'; nodes: [box, vps]");
        assertThatThrownBy(() -> Simulation.of(twoSites("always")).fault(Fault.partition("home", "aws").at(Duration.ZERO))
                .runFor(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition(home, aws): the stack has no site or node 'aws'; sites: [home, hetzner], nodes: [box, vps]");
        assertThatThrownBy(() -> Simulation.of(twoSites("always")).fault(Fault.partition("home", "vps").at(Duration.ZERO))
                .runFor(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition(home, vps): a partition cuts two sites or two nodes apart, not a site from a node");
    }

    @Test
    void aLinkSlowerThanTheHealthTimeoutFailsTheDependentAcrossItUntilItRecovers() {
        ResolvedSpec spec = twoSites("always");
        Duration latency = spec.observability().health().timeout().plusSeconds(1);
        SimulationReport during = Simulation.of(spec)
                .fault(Fault.linkDegradation("home", "hetzner", latency, 0).at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(20));
        SimulationReport healed = Simulation.of(spec)
                .fault(Fault.linkDegradation("hetzner", "home", latency, 0).at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(5)))
                .runFor(Duration.ofMinutes(30));

        assertThat(during.service("db").orElseThrow().isReady()).isTrue();
        assertThat(during.service("app").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
        assertThat(during.eventsAbout("app")).filteredOn(e -> e.kind() == EventKind.UNHEALTHY).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("cannot reach db within the "
                        + DurationText.format(spec.observability().health().timeout())
                        + " health-check timeout across the degraded link home<->hetzner (latency " + DurationText.format(latency) + ")"));
        assertThat(during.events(EventKind.LINK_DEGRADED)).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo("home<->hetzner");
            assertThat(e.detail()).isEqualTo("latency " + DurationText.format(latency) + ", loss 0%");
        });
        assertThat(healed.allReady()).isTrue();
        assertThat(healed.events(EventKind.LINK_RESTORED)).extracting(SimEvent::subject).containsExactly("hetzner<->home");
    }

    @Test
    void aLinkFasterThanTheHealthTimeoutWithoutLossChangesNothing() {
        SimulationReport report = Simulation.of(twoSites("always"))
                .fault(Fault.linkDegradation("home", "hetzner", Duration.ofMillis(100), 0).at(Duration.ofMinutes(10)))
                .runFor(Duration.ofHours(1));

        assertThat(report.allReady()).isTrue();
        assertThat(report.events(EventKind.UNHEALTHY)).isEmpty();
    }

    @Test
    void aLinkLosingEveryPacketFailsTheDependentAfterThreeChecks() {
        ResolvedSpec spec = twoSites("always");
        SimulationReport report = Simulation.of(spec)
                .fault(Fault.linkDegradation("home", "hetzner", Duration.ZERO, 100).at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(20));

        assertThat(report.service("app").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
        assertThat(report.service("db").orElseThrow().isReady()).isTrue();
        SimEvent unhealthy = report.eventsAbout("app").stream().filter(e -> e.kind() == EventKind.UNHEALTHY).findFirst().orElseThrow();
        assertThat(unhealthy.detail()).isEqualTo("a health check lost packets to the other side of the degraded link home<->hetzner (100% loss)");
        long interval = spec.observability().health().interval().toMillis();
        assertThat(unhealthy.time().toMillis()).isGreaterThan(Duration.ofMinutes(10).toMillis() + 2 * interval)
                .isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis() + 3 * interval + spec.observability().health().timeout().toMillis());
    }

    @Test
    void aLossyLinkFlapsTheDependentTheSameWayForTheSameSeed() {
        Simulation sim = Simulation.of(twoSites("always")).seed(11)
                .fault(Fault.linkDegradation("home", "hetzner", Duration.ofMillis(50), 50).at(Duration.ofMinutes(10)).recoverAfter(Duration.ofHours(2)));

        SimulationReport report = sim.runFor(Duration.ofHours(3));

        assertThat(report.eventsAbout("app")).filteredOn(e -> e.kind() == EventKind.UNHEALTHY).isNotEmpty()
                .allSatisfy(e -> assertThat(e.detail()).contains("(50% loss)"));
        assertThat(report.eventsAbout("app")).filteredOn(e -> e.kind() == EventKind.HEALTHY && e.detail().equals("recovered")).isNotEmpty();
        assertThat(report.allReady()).isTrue();
        assertThat(sim.runFor(Duration.ofHours(3)).toJson()).isEqualTo(report.toJson());
        assertThat(sim.seed(12).runFor(Duration.ofHours(3)).toJson()).isNotEqualTo(report.toJson());
    }

    @Test
    void aLinkDegradationNeedsTwoSitesOfTheStack() {
        assertThatThrownBy(() -> Simulation.of(twoSites("always"))
                .fault(Fault.linkDegradation("home", "aws", Duration.ofSeconds(1), 1).at(Duration.ZERO)).runFor(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("linkDegradation(home, aws, 1s, 1%): the stack has no site 'aws'; sites: [home, hetzner]");
        assertThatThrownBy(() -> Fault.linkDegradation("home", "hetzner", Duration.ofSeconds(1), 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("loss must be between 0 and 100 percent: 101.0");
    }

    /** Two nodes on the home LAN; the app on one needs the database on the other. */
    private static final String SAME_SITE = """
            name: same-site
            nodes:
              - name: box
                type: main
                provider: docker
                resources: {cpu: 8, memory: 16Gi, disk: 200Gi}
              - name: pi
                type: worker
                provider: docker
                resources: {cpu: 4, memory: 8Gi, disk: 64Gi}
            services:
              - name: db
                type: database
                node: box
                config: {image: "postgres:17"}
                network: {internal: {expose: true, port: 5432}}
                resources: {memoryLimit: 1Gi}
              - name: app
                type: service
                node: pi
                needs: [db]
                config: {image: "ghcr.io/acme/app:1.0"}
                resources: {memoryLimit: 512Mi}
            security:
              firewall:
                rules:
                  - {port: 5432, source: lan}
            """;

    @Test
    void partitionBetweenTwoNodesOfOneSiteFailsTheDependentAcrossItUntilItHeals() {
        SimulationReport during = Simulation.of(Specs.yaml(SAME_SITE))
                .fault(Fault.partition("box", "pi").at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(20));
        SimulationReport healed = Simulation.of(Specs.yaml(SAME_SITE))
                .fault(Fault.partition("pi", "box").at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(5)))
                .runFor(Duration.ofMinutes(30));

        assertThat(during.service("db").orElseThrow().isReady()).isTrue();
        assertThat(during.service("app").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
        assertThat(during.eventsAbout("app")).filteredOn(e -> e.kind() == EventKind.UNHEALTHY).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("cannot reach db across the partition"));
        assertThat(during.events(EventKind.PARTITION_STARTED)).extracting(SimEvent::subject).containsExactly("box<->pi");
        assertThat(healed.allReady()).isTrue();
        assertThat(healed.events(EventKind.PARTITION_HEALED)).extracting(SimEvent::subject).containsExactly("pi<->box");
    }

    @Test
    void partitionBetweenTwoNodesLeavesTheirOtherLinksAlone() {
        SimulationReport report = Simulation.of(twoSites("always"))
                .fault(Fault.partition("box", "vps").at(Duration.ofMinutes(10)))
                .runFor(Duration.ofMinutes(20));

        assertThat(report.service("app").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
        assertThat(report.service("worker").orElseThrow().state()).isEqualTo(ServiceState.UNHEALTHY);
        assertThat(report.eventsAbout("worker")).filteredOn(e -> e.kind() == EventKind.UNHEALTHY).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("needs app, which is unavailable"));
    }

    @Test
    void faultWithoutATimeOrTriggerIsRejected() {
        Simulation sim = Simulation.of(twoSites("always"));

        assertThatThrownBy(() -> sim.fault(Fault.nodeCrash("box")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodeCrash(box) has no time: call at(Duration) or when(Trigger)");
        assertThatThrownBy(() -> sim.runFor(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settersReturnNewSimulationsAndLeaveTheOriginalUnchanged() {
        Simulation base = Simulation.of(twoSites("always"));
        Simulation varied = base.seed(9).fault(Fault.nodeCrash("box").at(Duration.ofMinutes(1)));

        assertThat(base.seed()).isZero();
        assertThat(base.faults()).isEmpty();
        assertThat(varied.seed()).isEqualTo(9);
        assertThat(varied.faults()).hasSize(1);
    }

    @Test
    void reportCollectionsCannotBeModified() {
        SimulationReport report = Simulation.of(twoSites("always")).runFor(Duration.ofMinutes(5));

        Map<String, ServiceOutcome> services = report.services();
        assertThatThrownBy(services::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> report.events().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> report.failureImpact().nodes().get("box").clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
