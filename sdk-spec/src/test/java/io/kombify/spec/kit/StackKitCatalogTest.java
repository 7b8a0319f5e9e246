package io.kombify.spec.kit;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.core.KombifyException;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Protocol;
import io.kombify.spec.model.Provider;
import io.kombify.spec.model.ServiceType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackKitCatalogTest {
    private final StackKitCatalog catalog = StackKitCatalog.builtIn();

    static Kombination spec(String kit, Node... nodes) {
        return new Kombination("lab", null, kit, List.of(nodes), List.of(), null, null, null, null, null, List.of(), null);
    }

    static Node node(String name, NodeType type, Provider provider) {
        return new Node(name, type, provider, null, null, Map.of(), List.of());
    }

    @Test
    void everyUpstreamStackkitYamlLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Upstream.root())) {
            files = walk.filter(p -> p.getFileName().toString().equals("stackkit.yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : files) {
            StackKit kit = StackKitCatalog.load(file);
            assertThat(kit.name()).as(file.toString()).isNotBlank();
        }
    }

    @Test
    void upstreamRequirementsReadBareNumbersAsGibibytes() {
        StackKit kit = StackKitCatalog.load(Upstream.root().resolve("stackKits/snapshot-4cca898/ha-homelab/stackkit.yaml"));
        assertThat(kit.requirements().minimum().memory()).isEqualTo(ByteSize.ofGibibytes(8));
        assertThat(kit.requirements().minimum().managerNodes()).isEqualTo(3);
        assertThat(kit.feature("highAvailability")).isTrue();
        assertThat(kit.extendsKit()).isEqualTo("modern-homelab");
        StackKit dev = StackKitCatalog.load(Upstream.root().resolve("stackKits/snapshot-4cca898/dev-homelab/stackkit.yaml"));
        assertThat(dev.requirements().minimum().memory()).as("`ram` is read as memory").isEqualTo(ByteSize.ofGibibytes(4));
    }

    @Test
    void upstreamDeprecatedAliasesBecomeAliases() {
        StackKit kit = StackKitCatalog.load(Upstream.root().resolve("TechStack/pkg/stackkits/base-kit/stackkit.yaml"));
        assertThat(kit.aliases()).containsExactly("homelab-starter", "homelab-basic");
        assertThat(kit.modes().get("advanced").recommendedFor()).contains("Gradual rollouts");
    }

    @Test
    void builtInCatalogHoldsTheFourKitsAndProvidedOnes() {
        assertThat(catalog.kits()).extracting(StackKit::name)
                .containsSubsequence("base-homelab", "modern-homelab", "ha-homelab", "cloud-kit")
                .contains("lab-kit");
        assertThat(catalog.origins()).anyMatch(o -> o.startsWith("lab-kit (" + TestKitProvider.class.getName()));
    }

    @Test
    void findsKitsByNameOrAliasIgnoringCase() {
        assertThat(catalog.find("basement-kit")).map(StackKit::name).hasValue("base-homelab");
        assertThat(catalog.find("Base-Homelab")).map(StackKit::name).hasValue("base-homelab");
        assertThat(catalog.find("test-lab")).map(StackKit::name).hasValue("lab-kit");
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }

    @Test
    void builtInKitsCarryImagesPortsAndResources() {
        StackKit base = catalog.find("base-homelab").orElseThrow();
        KitService traefik = base.service("traefik").orElseThrow();
        assertThat(traefik.image()).isEqualTo("traefik:v3.1");
        assertThat(traefik.type()).isEqualTo(ServiceType.REVERSE_PROXY);
        assertThat(traefik.ports()).extracting(p -> p.host()).containsExactly(80, 443, 8080);
        assertThat(traefik.ports()).allMatch(p -> p.protocol() == Protocol.TCP);
        assertThat(traefik.placement()).isEqualTo(NodeType.MAIN);
        assertThat(base.service("dokploy").orElseThrow().memoryLimit()).isEqualTo(ByteSize.ofGibibytes(1));
        assertThat(base.requirements().minimum().cpu()).isEqualTo(CpuQuantity.ofCores(2));
        assertThat(base.servicesFor(null)).extracting(KitService::name)
                .containsExactly("traefik", "dokploy", "uptime-kuma", "dozzle", "whoami");
        for (StackKit kit : catalog.kits()) {
            assertThat(kit.servicesFor(null)).as(kit.name()).allMatch(s -> s.image() != null);
        }
    }

    @Test
    void computeTiersAdjustTheServiceSet() {
        StackKit base = catalog.find("base-homelab").orElseThrow();
        assertThat(base.servicesFor("high")).extracting(KitService::name)
                .containsExactly("traefik", "dokploy", "uptime-kuma", "dozzle", "whoami", "portainer", "prometheus", "grafana");
        assertThat(base.servicesFor("low")).extracting(KitService::name)
                .containsExactly("traefik", "dockge", "dozzle", "beszel");
    }

    @Test
    void plannedServicesWithoutImagesAreNotDeployed() {
        StackKit ha = catalog.find("ha-homelab").orElseThrow();
        assertThat(ha.service("keepalived")).isPresent();
        assertThat(ha.servicesFor(null)).extracting(KitService::name)
                .doesNotContain("docker-swarm-ha", "gluster-fs", "keepalived")
                .contains("traefik", "dokploy", "prometheus", "grafana", "loki", "uptime-kuma");
    }

    @Test
    void selectsTheNamedKitFirst() {
        assertThat(catalog.select(spec("ha-homelab", node("a", NodeType.MAIN, Provider.HETZNER))).name()).isEqualTo("ha-homelab");
        assertThat(catalog.select(spec("basement-kit", node("a", NodeType.MAIN, Provider.AWS))).name()).isEqualTo("base-homelab");
    }

    @Test
    void selectsTheCloudKitWhenAnyNodeRunsOnACloudProvider() {
        for (Provider p : List.of(Provider.HETZNER, Provider.AWS, Provider.GCP, Provider.AZURE, Provider.DIGITALOCEAN,
                Provider.DIGITALOCEAN_MANAGED, Provider.CENTRON, Provider.IONOS)) {
            assertThat(catalog.select(spec(null, node("home", NodeType.MAIN, Provider.LOCAL), node("vps", NodeType.WORKER, p))).name())
                    .as(p.wire()).isEqualTo("cloud-kit");
        }
    }

    @Test
    void selectsTheBaseKitOtherwise() {
        assertThat(catalog.select(spec(null, node("a", NodeType.MAIN, Provider.LOCAL))).name()).isEqualTo("base-homelab");
        assertThat(catalog.select(spec("", node("a", NodeType.MAIN, Provider.PROXMOX), node("b", NodeType.MAIN, Provider.DOCKER))).name())
                .isEqualTo("base-homelab");
    }

    @Test
    void anUnknownNamedKitIsReportedWithTheClosestName() {
        assertThatThrownBy(() -> catalog.select(spec("ha-homlab", node("a", NodeType.MAIN, Provider.LOCAL))))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("KIT_UNKNOWN");
                    assertThat(e.diagnostics()).singleElement().satisfies(d -> {
                        assertThat(d.path()).isEqualTo("/kit");
                        assertThat(d.hint()).startsWith("did you mean `ha-homelab`?");
                    });
                });
    }

    @Test
    void brokenKitYamlIsReportedWithLineAndColumn() {
        assertThatThrownBy(() -> StackKitCatalog.parse("k.yaml", """
                metadata:
                  name: k
                requirements:
                  minimum:
                    cpu: lots
                    memory: 4
                """)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("KIT_INVALID");
            assertThat(e.diagnostics()).singleElement().satisfies(d -> {
                assertThat(d.path()).isEqualTo("/requirements/minimum/cpu");
                assertThat(d.line()).isEqualTo(5);
                assertThat(d.column()).isEqualTo(10);
                assertThat(d.message()).contains("`lots`");
            });
            assertThat(e.getMessage()).contains("line 5, column 10");
        });
    }

    @Test
    void kitWithoutNameOrNotYamlIsRejected() {
        assertThatThrownBy(() -> StackKitCatalog.parse("k.yaml", "metadata:\n  version: 1\n"))
                .isInstanceOfSatisfying(KombifyException.class, e ->
                        assertThat(e.diagnostics()).singleElement().satisfies(d -> {
                            assertThat(d.message()).contains("the kit's `metadata` has no `name`");
                            assertThat(d.line()).isEqualTo(2);
                        }));
        assertThatThrownBy(() -> StackKitCatalog.parse("k.yaml", "metadata: {name: k\n"))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("KIT_INVALID");
                    assertThat(e.diagnostics().get(0).hasPosition()).isTrue();
                });
        assertThatThrownBy(() -> StackKitCatalog.parse("k.yaml", "")).isInstanceOf(KombifyException.class);
        assertThatThrownBy(() -> StackKitCatalog.parse("k.yaml", "- a\n- b\n"))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.code()).isEqualTo("KIT_INVALID"));
        assertThatThrownBy(() -> StackKitCatalog.parse("k.yaml", "metadata:\n  name: a\n  name: b\n"))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.getMessage()).containsIgnoringCase("duplicate"));
    }

    @Test
    void aliasBombIsStoppedByTheLimit() {
        StringBuilder yaml = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            yaml.append("]\n");
            prev = c;
        }
        yaml.append("metadata: {name: bomb}\n");
        assertThatThrownBy(() -> StackKitCatalog.parse("bomb.yaml", yaml.toString()))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.code()).isEqualTo("KIT_INVALID"));
    }

    @Test
    void missingFileIsAnIoError(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThatThrownBy(() -> StackKitCatalog.load(dir.resolve("absent.yaml")))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.code()).isEqualTo("IO_ERROR"));
    }

    @Test
    void withReplacesKitsOfTheSameName() {
        StackKit mine = StackKitCatalog.parse("mine", "metadata: {name: base-homelab, description: mine}\n");
        StackKitCatalog custom = catalog.with(mine);
        assertThat(custom.find("base-homelab").orElseThrow().metadata().description()).isEqualTo("mine");
        assertThat(catalog.find("base-homelab").orElseThrow().metadata().description()).isNotEqualTo("mine");
    }

    @Test
    void kitSizesAcceptDockerAndKubernetesUnitsAndServicesAsAMap() {
        StackKit kit = StackKitCatalog.parse("k.yaml", """
                metadata: {name: units}
                requirements:
                  minimum: {cpu: "500m", memory: 1536Mi, disk: 1Ti}
                services:
                  tinyauth:
                    type: auth
                    image: ghcr.io/steveiliop56/tinyauth
                    tag: v3
                    resources: {memory: 128m, memoryMax: 1g, cpus: 0.25}
                    network:
                      ports: [{host: 3002, container: 3000, protocol: udp}]
                  uptime:
                    type: uptime
                """);
        assertThat(kit.requirements().minimum().cpu()).isEqualTo(new CpuQuantity(500));
        assertThat(kit.requirements().minimum().memory()).isEqualTo(ByteSize.ofMebibytes(1536));
        assertThat(kit.requirements().minimum().disk()).isEqualTo(ByteSize.ofGibibytes(1024));
        KitService auth = kit.service("tinyauth").orElseThrow();
        assertThat(auth.image()).isEqualTo("ghcr.io/steveiliop56/tinyauth:v3");
        assertThat(auth.memoryRequest()).isEqualTo(ByteSize.ofMebibytes(128));
        assertThat(auth.memoryLimit()).isEqualTo(ByteSize.ofGibibytes(1));
        assertThat(auth.cpuLimit()).isEqualTo(new CpuQuantity(250));
        assertThat(auth.ports()).singleElement().satisfies(p -> {
            assertThat(p.host()).isEqualTo(3002);
            assertThat(p.protocol()).isEqualTo(Protocol.UDP);
        });
        assertThat(kit.service("uptime").orElseThrow().type()).isEqualTo(ServiceType.MONITORING);
        assertThat(kit.service("uptime").orElseThrow().isDeployable()).isFalse();
    }
}
