package io.kombify.spec.resolve;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.SpecValidator;
import io.kombify.spec.ValidationResult;
import io.kombify.spec.ValidationPolicy;
import io.kombify.spec.model.AcmeProvider;
import io.kombify.spec.model.BackupContent;
import io.kombify.spec.model.BackupTargetType;
import io.kombify.spec.model.CertSource;
import io.kombify.spec.model.FirewallBackend;
import io.kombify.spec.model.FirewallPolicy;
import io.kombify.spec.model.FirewallProtocol;
import io.kombify.spec.model.LogDriver;
import io.kombify.spec.model.LogLevel;
import io.kombify.spec.model.PermitRootLogin;
import io.kombify.spec.model.Protocol;
import io.kombify.spec.model.RestartPolicy;
import io.kombify.spec.model.RotationPolicy;
import io.kombify.spec.model.SecretsBackend;
import io.kombify.spec.model.ServiceType;
import io.kombify.spec.model.TlsMode;
import io.kombify.spec.model.TlsVersion;
import io.kombify.spec.model.UpgradePolicy;
import io.kombify.spec.model.VolumeType;
import io.kombify.spec.model.VpnKind;
import io.kombify.spec.resolved.AddOn;
import io.kombify.spec.resolved.ResolvedNode;
import io.kombify.spec.resolved.ResolvedPort;
import io.kombify.spec.resolved.ResolvedSecurity;
import io.kombify.spec.resolved.ResolvedService;
import io.kombify.spec.resolved.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SpecResolverTest {
    static final SpecResolver RESOLVER = SpecResolver.builder().policy(ValidationPolicy.UNBOUNDED).build();

    static ResolvedSpec resolve(String yaml) {
        return RESOLVER.resolve(SpecReader.defaults().readString("test.yaml", yaml));
    }

    static final String ONE_NODE = """
            name: lab
            nodes:
              - name: server
                type: main
                provider: local
            """;

    // ------------------------------------------------------------------ node defaults

    @Test
    void nodesWithoutResourcesGetTheSmartDefaultsOfTheirType() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: mm, type: main, provider: local}
                  - {name: ww, type: worker, provider: local}
                  - {name: ee, type: edge, provider: local}
                """);
        assertThat(r.nodes()).extracting(ResolvedNode::cpu, ResolvedNode::memory, ResolvedNode::disk).containsExactly(
                tuple(CpuQuantity.ofCores(4), ByteSize.ofGibibytes(4), ByteSize.ofGibibytes(50)),
                tuple(CpuQuantity.ofCores(2), ByteSize.ofGibibytes(2), ByteSize.ofGibibytes(20)),
                tuple(CpuQuantity.ofCores(1), ByteSize.ofGibibytes(1), ByteSize.ofGibibytes(10)));
        assertThat(r.nodes()).allMatch(ResolvedNode::resourcesDefaulted);
    }

    @Test
    void writtenResourcesWinFieldByField() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: mm, type: main, provider: local, resources: {memory: 2048Mi}}
                """);
        ResolvedNode n = r.nodes().get(0);
        assertThat(n.memory()).isEqualTo(ByteSize.ofGibibytes(2));
        assertThat(n.cpu()).isEqualTo(CpuQuantity.ofCores(4));
        assertThat(n.disk()).isEqualTo(ByteSize.ofGibibytes(50));
    }

    @Test
    void sshUserAndPortDefaultByProvider() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: aa, type: main, provider: hetzner, ssh: {host: 10.0.0.1}}
                  - {name: bb, type: worker, provider: local, ssh: {host: 10.0.0.2}}
                  - {name: cc, type: worker, provider: aws, ssh: {host: 10.0.0.3}}
                  - {name: dd, type: worker, provider: gcp, ssh: {host: 10.0.0.4}}
                  - {name: ee, type: worker, provider: azure, ssh: {host: 10.0.0.5}}
                  - {name: ff, type: worker, provider: proxmox, ssh: {host: 10.0.0.6}}
                  - {name: gg, type: worker, provider: digitalocean, ssh: {host: 10.0.0.7}}
                  - {name: hh, type: worker, provider: local, ssh: {host: 10.0.0.8, user: pi, port: 2222}}
                  - {name: ii, type: worker, provider: docker}
                """);
        assertThat(r.nodes().subList(0, 8)).extracting(n -> n.ssh().user(), n -> n.ssh().port()).containsExactly(
                tuple("root", 22), tuple("ubuntu", 22), tuple("ec2-user", 22), tuple("admin", 22),
                tuple("azureuser", 22), tuple("root", 22), tuple("root", 22), tuple("pi", 2222));
        assertThat(r.nodes().get(8).sshAccess()).isEmpty();
    }

    // ------------------------------------------------------------------ schema defaults

    @Test
    void everySettingGetsTheSchemaDefault() {
        ResolvedSpec r = resolve(ONE_NODE);
        assertThat(r.version()).isEqualTo("1.0");
        assertThat(r.network().vpn()).isEqualTo(VpnKind.NONE);
        assertThat(r.network().domain()).isEqualTo("local");
        assertThat(r.network().dnsServers()).containsExactly("1.1.1.1", "8.8.8.8");
        ResolvedSecurity s = r.security();
        assertThat(s.ssh()).isEqualTo(new ResolvedSecurity.Ssh(22, false, PermitRootLogin.NO, 3, List.of()));
        assertThat(s.firewall()).isEqualTo(new ResolvedSecurity.Firewall(true, FirewallBackend.UFW, FirewallPolicy.DENY,
                FirewallPolicy.ALLOW, List.of()));
        assertThat(s.tls()).isEqualTo(new ResolvedSecurity.Tls(TlsVersion.V1_2, CertSource.ACME, null, AcmeProvider.LETSENCRYPT));
        assertThat(s.container()).isEqualTo(new ResolvedSecurity.Container(false, true, List.of()));
        assertThat(s.secrets()).isEqualTo(new ResolvedSecurity.Secrets(SecretsBackend.FILE, RotationPolicy.MANUAL));
        assertThat(r.observability().logging().driver()).isEqualTo(LogDriver.JOURNALD);
        assertThat(r.observability().logging().retention()).isEqualTo("7d");
        assertThat(r.observability().logging().level()).isEqualTo(LogLevel.INFO);
        assertThat(r.observability().metrics().enabled()).isFalse();
        assertThat(r.observability().metrics().nodeExporter()).isTrue();
        assertThat(r.observability().metrics().cadvisor()).isFalse();
        assertThat(r.observability().health().enabled()).isTrue();
        assertThat(r.observability().health().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.observability().health().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.observability().alerting().enabled()).isFalse();
        var backup = r.observability().backup();
        assertThat(backup.enabled()).isFalse();
        assertThat(backup.schedule()).isEqualTo("0 3 * * *");
        assertThat(backup.retention()).isEqualTo("30d");
        assertThat(backup.targetType()).isEqualTo(BackupTargetType.LOCAL);
        assertThat(backup.path()).isEqualTo("/var/backups/techstack");
        assertThat(backup.include()).containsExactly(BackupContent.VOLUMES, BackupContent.CONFIGS);
        assertThat(r.system().timezone()).isEqualTo("UTC");
        assertThat(r.system().locale()).isEqualTo("en_US.UTF-8");
        assertThat(r.system().swap()).isEqualTo("disabled");
        assertThat(r.system().unattendedUpgrades()).isEqualTo(UpgradePolicy.SECURITY);
    }

    @Test
    void emptyDnsServersStayEmptyAndBackupIncludeIsKept() {
        ResolvedSpec r = resolve(ONE_NODE + """
                network:
                  dns: {servers: []}
                observability:
                  backup: {enabled: true, include: [databases]}
                  health: {interval: 2m}
                system: {swap: 2048Mi}
                """);
        assertThat(r.network().dnsServers()).isEmpty();
        assertThat(r.observability().backup().include()).containsExactly(BackupContent.DATABASES);
        assertThat(r.observability().health().interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.system().swap()).isEqualTo("2Gi");
        assertThat(r.system().swapSize()).isEqualTo(ByteSize.ofGibibytes(2));
    }

    @Test
    void serviceDefaultsApplyToEveryField() {
        ResolvedSpec r = resolve(ONE_NODE + """
                services:
                  - name: app
                    type: custom
                    config: {image: "ghcr.io/me/app:1"}
                    ports: [{container: 8080, host: 18080}]
                    volumes: [{name: data, mountPath: /data}]
                    network:
                      proxy: {domain: app.example.com}
                """);
        ResolvedService app = r.service("app").orElseThrow();
        assertThat(app.restartPolicy()).isEqualTo(RestartPolicy.UNLESS_STOPPED);
        assertThat(app.ports()).containsExactly(new ResolvedPort(8080, 18080, Protocol.TCP));
        assertThat(app.cpuLimit()).isEqualTo(CpuQuantity.ofCores(1));
        assertThat(app.memoryLimit()).isEqualTo(ByteSize.ofMebibytes(512));
        assertThat(app.cpuRequest()).isEqualTo(app.cpuLimit());
        assertThat(app.memoryRequest()).isEqualTo(app.memoryLimit());
        assertThat(app.volumes().get(0).type()).isEqualTo(VolumeType.VOLUME);
        assertThat(app.volumes().get(0).readOnly()).isFalse();
        assertThat(app.volumes().get(0).backup()).isTrue();
        assertThat(app.proxy().enabled()).isTrue();
        assertThat(app.proxy().tls()).isEqualTo(TlsMode.AUTO);
        assertThat(app.exposeInternal()).isFalse();
        assertThat(app.enabled()).isTrue();
        assertThat(app.origin()).isEqualTo(ResolvedService.Origin.USER);
    }

    @Test
    void defaultPortsAndNeedsComeFromTheServiceType() {
        ResolvedSpec r = resolve(ONE_NODE + """
                services:
                  - {name: docker, type: docker, config: {image: "docker:27-dind"}}
                  - {name: database, type: database, config: {image: "postgres:16"}}
                  - {name: dashboards, type: monitoring, config: {image: "grafana/grafana:11.4"}}
                  - {name: edge-proxy, type: reverse-proxy, config: {image: "caddy:2"}}
                """);
        assertThat(r.service("database").orElseThrow().ports()).containsExactly(new ResolvedPort(5432, null, Protocol.TCP));
        assertThat(r.service("database").orElseThrow().needs()).containsExactly("docker");
        assertThat(r.service("dashboards").orElseThrow().ports()).containsExactly(new ResolvedPort(3000, null, Protocol.TCP));
        assertThat(r.service("dashboards").orElseThrow().needs()).containsExactly("docker", "database");
        assertThat(r.service("edge-proxy").orElseThrow().ports()).extracting(ResolvedPort::host).containsExactly(80, 443);
        assertThat(r.service("edge-proxy").orElseThrow().needs()).containsExactly("docker");
        assertThat(r.service("docker").orElseThrow().needs()).isEmpty();
    }

    @Test
    void defaultNeedsOnlyNameServicesTheStackHas() {
        ResolvedSpec r = resolve(ONE_NODE + """
                services:
                  - {name: pg, type: database, config: {image: "postgres:16"}}
                """);
        assertThat(r.service("pg").orElseThrow().needs()).isEmpty();
    }

    // ------------------------------------------------------------------ kit selection

    @Test
    void kitSelectionFollowsNameThenCloudThenBase() {
        assertThat(resolve(ONE_NODE).kit().name()).isEqualTo("base-homelab");
        assertThat(resolve(ONE_NODE + "kit: basement-kit\n").kit().name()).isEqualTo("base-homelab");
        assertThat(resolve("""
                name: lab
                nodes:
                  - {name: home, type: main, provider: local}
                  - {name: vps, type: worker, provider: hetzner, ssh: {host: 1.2.3.4}}
                """).kit().name()).isEqualTo("cloud-kit");
        assertThat(resolve("""
                name: lab
                kit: modern-homelab
                nodes:
                  - {name: home, type: main, provider: local}
                  - {name: vps, type: worker, provider: hetzner, ssh: {host: 1.2.3.4}}
                """).kit().name()).isEqualTo("modern-homelab");
    }

    @Test
    void anUnknownKitMakesTheSpecInvalid() {
        assertThatThrownBy(() -> resolve(ONE_NODE + "kit: no-such-kit\n"))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("SPEC_INVALID");
                    assertThat(e.diagnostics()).extracting(Diagnostic::code).contains("KIT_UNKNOWN");
                });
    }

    @Test
    void anInvalidSpecCarriesEveryDiagnosticWithPosition() {
        assertThatThrownBy(() -> resolve("""
                name: Bad_Name
                nodes:
                  - {name: aa, type: main, provider: local}
                services:
                  - {name: xx, type: custom, node: missing}
                """)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("SPEC_INVALID");
            assertThat(e.diagnostics()).filteredOn(Diagnostic::isError).hasSizeGreaterThanOrEqualTo(2);
            assertThat(e.diagnostics()).filteredOn(Diagnostic::isError).allMatch(Diagnostic::hasPosition);
        });
    }

    @Test
    void resolvingWithTheCallersValidationGivesTheSamePlanAndWarnings() {
        SpecDocument doc = SpecReader.defaults().readString("test.yaml", ONE_NODE + """
                services:
                  - {name: db, type: database, node: server, resources: {memoryLimit: 8Gi}}
                """);
        ValidationResult validation = SpecValidator.builder().policy(RESOLVER.policy()).catalog(RESOLVER.catalog()).build().validate(doc);
        ResolvedSpec once = RESOLVER.resolve(doc, validation);
        ResolvedSpec twice = RESOLVER.resolve(doc);
        assertThat(once.planHash()).isEqualTo(twice.planHash());
        assertThat(once.warnings()).isEqualTo(twice.warnings()).isNotEmpty();
    }

    @Test
    void resolvingWithAValidationThatFoundErrorsThrowsItsPlacedDiagnostics() {
        SpecDocument doc = SpecReader.defaults().readString("test.yaml", """
                name: Bad_Name
                nodes:
                  - {name: aa, type: main, provider: local}
                """);
        ValidationResult validation = SpecValidator.create().validate(doc);
        assertThatThrownBy(() -> RESOLVER.resolve(doc, validation)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("SPEC_INVALID");
            assertThat(e.diagnostics()).extracting(Diagnostic::code).contains("SPEC_NAME_INVALID");
            assertThat(e.diagnostics()).filteredOn(Diagnostic::isError).singleElement()
                    .satisfies(d -> assertThat(d.line()).isEqualTo(1));
        });
    }

    // ------------------------------------------------------------------ add-ons

    @Test
    void aSimpleHomeServerHasNoAddOns() {
        assertThat(resolve(ONE_NODE).addOns()).isEmpty();
    }

    @Test
    void cloudProvidersTriggerCloudIntegration() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes: [{name: vps, type: main, provider: hetzner, ssh: {host: 1.2.3.4}}]
                """);
        assertThat(r.addOns()).containsExactly(AddOn.CLOUD_INTEGRATION);
    }

    @Test
    void armLabelsTriggerArmSupport() {
        for (String label : List.of("arch: arm64", "kubernetes.io/arch: aarch64", "architecture: armv7")) {
            ResolvedSpec r = resolve("""
                    name: lab
                    nodes: [{name: pi, type: main, provider: local, resources: {memory: 8Gi}, labels: {%s}}]
                    """.formatted(label));
            assertThat(r.addOns()).as(label).containsExactly(AddOn.ARM_SUPPORT);
        }
        assertThat(resolve("""
                name: lab
                nodes: [{name: pi, type: main, provider: local, labels: {arch: amd64}}]
                """).addOns()).isEmpty();
    }

    @Test
    void lowMemoryNodesTriggerLowMemory() {
        assertThat(resolve("""
                name: lab
                nodes: [{name: pi, type: main, provider: local, resources: {memory: 3Gi}}]
                """).addOns()).containsExactly(AddOn.LOW_MEMORY);
        assertThat(resolve("""
                name: lab
                nodes: [{name: mm, type: main, provider: local}, {name: ww, type: worker, provider: local}]
                """).addOns()).as("a worker's default is 2Gi").contains(AddOn.LOW_MEMORY);
    }

    @Test
    void threeNodesWithTwoMainsTriggerHighAvailability() {
        String yaml = """
                name: lab
                nodes:
                  - {name: aa, type: main, provider: local}
                  - {name: bb, type: %s, provider: local}
                  - {name: cc, type: worker, provider: local, resources: {memory: 8Gi}}
                """;
        assertThat(resolve(yaml.formatted("main")).addOns()).containsExactly(AddOn.HIGH_AVAILABILITY, AddOn.MULTI_NODE);
        assertThat(resolve(yaml.formatted("worker")).addOns()).doesNotContain(AddOn.HIGH_AVAILABILITY);
        assertThat(resolve(ONE_NODE + "intents: [high-availability]\n").addOns()).containsExactly(AddOn.HIGH_AVAILABILITY);
    }

    @Test
    void gpuLabelsTaintsOrRequestsTriggerGpuWorkloads() {
        assertThat(resolve("""
                name: lab
                nodes: [{name: aa, type: main, provider: local, labels: {gpu: nvidia-rtx}}]
                """).addOns()).containsExactly(AddOn.GPU_WORKLOADS);
        assertThat(resolve("""
                name: lab
                nodes: [{name: aa, type: main, provider: local, taints: ["nvidia.com/gpu=present:NoSchedule"]}]
                """).addOns()).containsExactly(AddOn.GPU_WORKLOADS);
        assertThat(resolve("""
                name: lab
                nodes: [{name: aa, type: main, provider: local, taints: ["gpu"]}]
                """).service("traefik").orElseThrow().node()).as("kit services run on tainted nodes rather than nowhere").isEqualTo("aa");
        assertThat(resolve(ONE_NODE + """
                services: [{name: ollama, type: custom, config: {image: "ollama/ollama:0.5", gpu: true}}]
                """).addOns()).containsExactly(AddOn.GPU_WORKLOADS);
        assertThat(resolve("""
                name: lab
                nodes: [{name: aa, type: main, provider: local, labels: {gpu: "false"}}]
                """).addOns()).isEmpty();
    }

    @Test
    void aVpnTriggersVpnOverlayAndOpensUdp51820() {
        ResolvedSpec r = resolve(ONE_NODE + "network: {vpn: headscale}\n");
        assertThat(r.addOns()).containsExactly(AddOn.VPN_OVERLAY);
        assertThat(r.security().firewall().rules())
                .containsExactly(new ResolvedSecurity.Rule(51820, FirewallProtocol.UDP, "any", "vpn-overlay: WireGuard"));
        assertThat(resolve(ONE_NODE + "network: {vpn: none}\n").addOns()).isEmpty();
    }

    @Test
    void anExistingWireGuardRuleIsNotDuplicated() {
        ResolvedSpec r = resolve(ONE_NODE + """
                network: {vpn: wireguard}
                security:
                  firewall:
                    rules: [{port: 51820, protocol: udp, source: lan}]
                """);
        assertThat(r.security().firewall().rules()).containsExactly(
                new ResolvedSecurity.Rule(51820, FirewallProtocol.UDP, "lan", null));
    }

    @Test
    void moreThanOneNodeTriggersMultiNode() {
        assertThat(resolve("""
                name: lab
                nodes: [{name: aa, type: main, provider: local}, {name: bb, type: main, provider: local}]
                """).addOns()).containsExactly(AddOn.MULTI_NODE);
    }

    // ------------------------------------------------------------------ tier

    @Test
    void tierFollowsTheWeakestMainNode() {
        String yaml = """
                name: lab
                nodes:
                  - {name: aa, type: main, provider: local, resources: {cpu: %d, memory: %s}}
                  - {name: ww, type: worker, provider: local, resources: {cpu: 1, memory: 4Gi}}
                """;
        assertThat(resolve(yaml.formatted(8, "16Gi")).tier()).isEqualTo(Tier.HIGH);
        assertThat(resolve(yaml.formatted(16, "8Gi")).tier()).isEqualTo(Tier.STANDARD);
        assertThat(resolve(yaml.formatted(4, "8Gi")).tier()).isEqualTo(Tier.STANDARD);
        assertThat(resolve(yaml.formatted(4, "4Gi")).tier()).isEqualTo(Tier.LOW);
        assertThat(resolve(ONE_NODE).tier()).as("main defaults 4 CPU / 4Gi").isEqualTo(Tier.LOW);
    }

    @Test
    void tierChoosesTheKitsServices() {
        String yaml = """
                name: lab
                nodes: [{name: aa, type: main, provider: local, resources: {cpu: %d, memory: %s}}]
                """;
        assertThat(resolve(yaml.formatted(16, "32Gi")).services()).extracting(ResolvedService::name)
                .containsExactly("traefik", "dokploy", "uptime-kuma", "dozzle", "whoami", "portainer", "prometheus", "grafana");
        assertThat(resolve(yaml.formatted(4, "8Gi")).services()).extracting(ResolvedService::name)
                .containsExactly("traefik", "dokploy", "uptime-kuma", "dozzle", "whoami");
        assertThat(resolve(yaml.formatted(4, "4Gi")).services()).extracting(ResolvedService::name)
                .containsExactly("traefik", "dockge", "dozzle", "beszel");
    }

    @Test
    void lowMemoryLeavesOutTheKitsHeavyExtras() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: aa, type: main, provider: local, resources: {cpu: 16, memory: 32Gi}}
                  - {name: pi, type: edge, provider: local}
                """);
        assertThat(r.has(AddOn.LOW_MEMORY)).isTrue();
        assertThat(r.services()).extracting(ResolvedService::name).contains("prometheus").doesNotContain("grafana");
    }

    // ------------------------------------------------------------------ merge

    @Test
    void theUserWinsFieldByFieldOverTheKit() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes: [{name: aa, type: main, provider: local, resources: {cpu: 4, memory: 8Gi}}]
                services:
                  - name: dokploy
                    type: paas
                    resources: {memoryLimit: 3Gi}
                    config: {image: "dokploy/dokploy:v0.22"}
                  - name: uptime-kuma
                    type: monitoring
                    ports: [{container: 3001, host: 13001}]
                    enabled: false
                """);
        ResolvedService dokploy = r.service("dokploy").orElseThrow();
        assertThat(dokploy.origin()).isEqualTo(ResolvedService.Origin.KIT_AND_USER);
        assertThat(dokploy.memoryLimit()).isEqualTo(ByteSize.ofGibibytes(3));
        assertThat(dokploy.cpuLimit()).as("from the kit").isEqualTo(CpuQuantity.parse("1.0"));
        assertThat(dokploy.memoryRequest()).as("from the kit").isEqualTo(ByteSize.ofMebibytes(512));
        assertThat(dokploy.ports()).as("from the kit").containsExactly(new ResolvedPort(3000, 3000, Protocol.TCP));
        assertThat(dokploy.needs()).as("from the kit").containsExactly("traefik");
        assertThat(dokploy.image()).hasValue("dokploy/dokploy:v0.22");
        assertThat(dokploy.imageSource()).isEqualTo(ResolvedService.ImageSource.CONFIG);
        ResolvedService kuma = r.service("uptime-kuma").orElseThrow();
        assertThat(kuma.ports()).containsExactly(new ResolvedPort(3001, 13001, Protocol.TCP));
        assertThat(kuma.enabled()).isFalse();
        assertThat(kuma.placement()).isEqualTo(ResolvedService.Placement.DISABLED);
        assertThat(kuma.node()).isNull();
        assertThat(r.services()).extracting(ResolvedService::name).containsOnlyOnce("dokploy");
    }

    @Test
    void aUserReverseProxyReplacesTheKitsProxy() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes: [{name: aa, type: main, provider: local, resources: {cpu: 4, memory: 8Gi}}]
                services:
                  - {name: caddy, type: reverse-proxy, config: {image: "caddy:2"}}
                """);
        assertThat(r.services()).extracting(ResolvedService::name).doesNotContain("traefik").contains("caddy");
        assertThat(r.service("dokploy").orElseThrow().needs()).containsExactly("caddy");
    }

    // ------------------------------------------------------------------ images

    @Test
    void imagesComeFromTheKitOrConfigOrNowhere() {
        ResolvedSpec r = resolve(ONE_NODE + """
                services:
                  - {name: app, type: custom, config: {image: "ghcr.io/me/app:1"}}
                  - {name: mystery, type: custom}
                """);
        ResolvedService traefik = r.service("traefik").orElseThrow();
        assertThat(traefik.image()).hasValue("traefik:v3.1");
        assertThat(traefik.imageSource()).isEqualTo(ResolvedService.ImageSource.KIT);
        assertThat(r.service("app").orElseThrow().image()).hasValue("ghcr.io/me/app:1");
        assertThat(r.service("mystery").orElseThrow().image()).isEmpty();
        assertThat(r.service("mystery").orElseThrow().imageSource()).isEqualTo(ResolvedService.ImageSource.NONE);
    }

    // ------------------------------------------------------------------ placement

    @Test
    void kitServicesGoToMainNodesAndTiesGoToTheFirstMainNode() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: ww, type: worker, provider: local, resources: {cpu: 4, memory: 8Gi}}
                  - {name: m1, type: main, provider: local, resources: {cpu: 4, memory: 8Gi}}
                  - {name: m2, type: main, provider: local, resources: {cpu: 4, memory: 8Gi}}
                """);
        assertThat(r.service("traefik").orElseThrow().node()).isEqualTo("m1");
        assertThat(r.service("traefik").orElseThrow().placement()).isEqualTo(ResolvedService.Placement.PLACED);
    }

    @Test
    void servicesSpreadByFreeCapacity() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: aa, type: main, provider: local, resources: {cpu: 2, memory: 2Gi}}
                  - {name: bb, type: worker, provider: local, resources: {cpu: 16, memory: 64Gi}}
                services:
                  - name: pinned
                    type: custom
                    node: aa
                    config: {image: "x:1"}
                    resources: {cpuLimit: "0.5", memoryLimit: 256Mi}
                  - name: big
                    type: custom
                    config: {image: "x:1"}
                    resources: {cpuLimit: "4", memoryLimit: 8Gi}
                """);
        assertThat(r.service("pinned").orElseThrow().node()).isEqualTo("aa");
        assertThat(r.service("pinned").orElseThrow().placement()).isEqualTo(ResolvedService.Placement.PINNED);
        assertThat(r.service("big").orElseThrow().node()).isEqualTo("bb");
    }

    @Test
    void aServiceThatFitsNowhereOvercommitsTheFreestNodeWithAWarning() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: aa, type: main, provider: local, resources: {cpu: 8, memory: 16Gi}}
                services:
                  - {name: huge, type: custom, config: {image: "x:1"}, resources: {cpuLimit: "32", memoryLimit: 64Gi}}
                """);
        assertThat(r.service("huge").orElseThrow().node()).isEqualTo("aa");
        assertThat(r.warnings()).filteredOn(d -> d.code().equals("NODE_OVERCOMMITTED")).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("/nodes/0");
            assertThat(d.line()).isEqualTo(3);
            // 64 GiB for `huge` plus the requests of the high tier's kit services.
            assertThat(d.message()).isEqualTo(
                    "node `aa` is overcommitted: its services request `66.5 GiB` of memory (and `36.35` CPU); it has `16 GiB` (and `8` CPU)");
        });
    }

    @Test
    void cpuOversubscriptionAloneIsNotReported() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: aa, type: main, provider: local, resources: {cpu: 8, memory: 16Gi}}
                services:
                  - {name: busy, type: custom, config: {image: "x:1"}, resources: {cpuLimit: "32", memoryLimit: 1Gi}}
                """);
        assertThat(r.service("busy").orElseThrow().node()).isEqualTo("aa");
        assertThat(r.warnings()).extracting(Diagnostic::code).doesNotContain("NODE_OVERCOMMITTED");
    }

    @Test
    void labelSelectorsChooseNodes() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: aa, type: main, provider: local, resources: {cpu: 16, memory: 64Gi}}
                  - {name: bb, type: worker, provider: local, labels: {disk: ssd}}
                  - {name: cc, type: edge, provider: local, resources: {memory: 4Gi}}
                services:
                  - {name: db, type: custom, config: {image: "x:1", nodeSelector: {disk: ssd}}}
                  - {name: sensor, type: custom, config: {image: "x:1", placement: edge}}
                  - {name: cache, type: custom, config: {image: "x:1", placement: {disk: ssd}}}
                """);
        assertThat(r.service("db").orElseThrow().node()).isEqualTo("bb");
        assertThat(r.service("sensor").orElseThrow().node()).isEqualTo("cc");
        assertThat(r.service("cache").orElseThrow().node()).isEqualTo("bb");
    }

    @Test
    void taintsKeepServicesAwayUnlessTolerated() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: aa, type: main, provider: local}
                  - {name: gpu, type: worker, provider: local, resources: {cpu: 32, memory: 128Gi}, taints: ["gpu=true:NoSchedule"]}
                  - {name: soft, type: worker, provider: local, resources: {cpu: 16, memory: 64Gi}, taints: ["spot:PreferNoSchedule"]}
                services:
                  - {name: plain, type: custom, config: {image: "x:1"}}
                  - {name: ml, type: custom, config: {image: "x:1", tolerations: [gpu], nodeSelector: {}}}
                """);
        assertThat(r.service("plain").orElseThrow().node()).isEqualTo("soft");
        assertThat(r.service("ml").orElseThrow().node()).isEqualTo("gpu");
        assertThat(r.servicesOn("gpu")).extracting(ResolvedService::name).containsExactly("ml");
    }

    @Test
    void aServiceNoNodeAcceptsIsReportedAtItsPosition() {
        assertThatThrownBy(() -> resolve("""
                name: lab
                nodes:
                  - {name: aa, type: main, provider: local}
                services:
                  - name: db
                    type: custom
                    config: {image: "x:1", nodeSelector: {disk: nvme}}
                """)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("SPEC_INVALID");
            assertThat(e.diagnostics()).singleElement().satisfies(d -> {
                assertThat(d.code()).isEqualTo("SERVICE_UNPLACEABLE");
                assertThat(d.path()).isEqualTo("/services/0");
                assertThat(d.line()).isEqualTo(5);
                assertThat(d.message()).isEqualTo("no node can run service `db` (labels `{disk=nvme}`, no tolerations)");
            });
        });
    }

    @Test
    void placementIsDeterministic() {
        StringBuilder yaml = new StringBuilder("name: lab\nnodes:\n");
        for (int i = 0; i < 7; i++) {
            yaml.append("  - {name: n").append(i).append(", type: ").append(i % 3 == 0 ? "main" : "worker")
                    .append(", provider: local, resources: {cpu: ").append(2 + i % 4).append(", memory: ").append(4 + i).append("Gi}}\n");
        }
        yaml.append("services:\n");
        for (int i = 0; i < 40; i++) {
            yaml.append("  - {name: s").append(i).append(", type: custom, config: {image: \"x:1\"}, resources: {cpuLimit: \"0.")
                    .append(1 + i % 9).append("\", memoryLimit: ").append(64 * (1 + i % 5)).append("Mi}}\n");
        }
        ResolvedSpec first = resolve(yaml.toString());
        ResolvedSpec second = resolve(yaml.toString());
        assertThat(second.services()).extracting(ResolvedService::node)
                .containsExactlyElementsOf(first.services().stream().map(ResolvedService::node).toList());
        assertThat(first.services().stream().map(ResolvedService::node).distinct().count()).isGreaterThan(3);
        assertThat(first.warnings()).extracting(Diagnostic::code).doesNotContain("NODE_OVERCOMMITTED");
    }

    @Test
    void kitServicesBindingAUsersPortAreReported() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes: [{name: aa, type: main, provider: local, resources: {cpu: 4, memory: 8Gi}}]
                services:
                  - {name: grafana, type: monitoring, config: {image: "grafana/grafana:11"}, ports: [{container: 3000, host: 3000}]}
                """);
        assertThat(r.warnings()).filteredOn(d -> d.code().equals("KIT_PORT_CONFLICT")).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo("services `dokploy` and `grafana` both bind host port 3000/tcp on node `aa`"));
    }

    @Test
    void theSourceSpecAndKitAreRecorded() {
        ResolvedSpec r = resolve(ONE_NODE);
        assertThat(r.source().name()).isEqualTo("lab");
        assertThat(r.name()).isEqualTo("lab");
        assertThat(r.kit().name()).isEqualTo("base-homelab");
        assertThat(r.services()).filteredOn(s -> s.type() == ServiceType.REVERSE_PROXY).extracting(ResolvedService::name)
                .containsExactly("traefik");
    }

    @Test
    void withoutMainNodesTheKitsMainServicesRunOnAnyNode() {
        ResolvedSpec r = resolve("""
                name: lab
                nodes:
                  - {name: w1, type: worker, provider: local, resources: {cpu: 4, memory: 8Gi}}
                  - {name: w2, type: worker, provider: local, resources: {cpu: 8, memory: 16Gi}}
                """);
        assertThat(r.service("traefik").orElseThrow().node()).isEqualTo("w2");
    }

    @Test
    void aSpecBuiltInCodeResolvesToo() {
        var spec = new io.kombify.spec.model.Kombination("lab", null, null,
                List.of(new io.kombify.spec.model.Node("server", io.kombify.spec.model.NodeType.MAIN,
                        io.kombify.spec.model.Provider.LOCAL, null, null, java.util.Map.of(), List.of())),
                List.of(), null, null, null, null, null, List.of(), null);
        ResolvedSpec r = SpecResolver.create().resolve(spec);
        assertThat(r.planHash()).isEqualTo(resolve(ONE_NODE).planHash());
        assertThat(r.servicesOn("server")).extracting(ResolvedService::name).contains("traefik");
    }
}
