package io.kombify.plugin.opentofu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@code main.tf.json} and {@code terraform.tfvars.json} say for the samples and for small specs. */
class OpenTofuExporterTest {

    private static final OpenTofuExporter EXPORTER = new OpenTofuExporter();

    @TempDir
    Path dir;

    static List<String> samples() {
        return Samples.names();
    }

    private ExportResult export(ResourceGraph graph) {
        return EXPORTER.export(ExportRequest.of(graph, dir));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> main() throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(dir.resolve(OpenTofuExporter.MAIN_FILE)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tfvars() throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(dir.resolve(OpenTofuExporter.VARS_FILE)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> tree, String... path) {
        Object node = tree;
        for (String key : path) {
            assertThat(node).as("the path " + String.join(".", path)).isInstanceOf(Map.class);
            node = ((Map<String, Object>) node).get(key);
        }
        assertThat(node).as(String.join(".", path)).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyResourceIsExportedOrNamedInAWarning(String sample) {
        ResourceGraph graph = Samples.graph(sample);
        TofuConfig config = Translator.translate(graph);

        Set<ResourceId> exported = new HashSet<>(config.addresses().values());
        for (Resource r : graph.resources()) {
            boolean warned = config.warnings().stream().anyMatch(w -> w.message().startsWith(r.id() + ": "));
            assertThat(exported.contains(r.id()) || warned).as(r.id() + " in " + sample + ": exported or warned").isTrue();
            assertThat(exported.contains(r.id()) && warned && config.warnings().stream()
                    .anyMatch(w -> w.message().startsWith(r.id() + ": ") && w.code().equals("OPENTOFU_NOT_EXPORTED")))
                    .as(r.id() + " is not both exported and reported as not exported").isFalse();
        }
        assertThat(config.warnings()).allSatisfy(w -> assertThat(w.hint()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theSameSpecAlwaysGivesTheSameBytes(String sample, @TempDir Path other) throws IOException {
        EXPORTER.export(ExportRequest.of(Samples.graph(sample), dir));
        EXPORTER.export(ExportRequest.of(Samples.graph(sample), other));

        for (String file : List.of(OpenTofuExporter.MAIN_FILE, OpenTofuExporter.VARS_FILE, OpenTofuExporter.IGNORE_FILE)) {
            assertThat(Files.readString(other.resolve(file))).isEqualTo(Files.readString(dir.resolve(file)));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(OpenTofuExporter.MAIN_FILE,
                    OpenTofuExporter.VARS_FILE, OpenTofuExporter.IGNORE_FILE);
        }
    }

    @Test
    void theHetznerNodeBecomesAServerWithItsKeyFirewallNetworkAndPrimaryIp() throws IOException {
        ExportResult result = export(Samples.graph("hybrid-hetzner-headscale.yaml"));
        Map<String, Object> main = main();

        Map<String, Object> server = at(main, "resource", "hcloud_server", "edge-vps");
        assertThat(server).containsEntry("name", "edge-vps")
                .containsEntry("server_type", "${var.server_type_edge_vps}")
                .containsEntry("image", "ubuntu-24.04")
                .containsEntry("location", "fsn1")
                .containsEntry("ssh_keys", List.of("${hcloud_ssh_key.hybrid-lab.id}"))
                .containsEntry("firewall_ids", List.of("${hcloud_firewall.edge-vps.id}"))
                .containsEntry("network", List.of(Map.of("network_id", "${hcloud_network.hetzner.id}",
                        "alias_ips", List.of())))
                .containsEntry("depends_on", List.of("hcloud_network_subnet.hetzner"))
                .containsEntry("public_net", List.of(Map.of("ipv4_enabled", true,
                        "ipv4", "${hcloud_primary_ip.edge-vps.id}", "ipv6_enabled", true)));
        assertThat(at(server, "labels")).containsEntry("kombify.io/stack", "hybrid-lab")
                .containsEntry("kombify.io/resource", "machine.edge-vps").containsEntry("site", "fsn1");
        assertThat(at(main, "resource", "hcloud_primary_ip", "edge-vps")).containsEntry("type", "ipv4")
                .containsEntry("location", "fsn1").containsEntry("assignee_type", "server")
                .containsEntry("auto_delete", false);
        assertThat(at(main, "resource", "hcloud_network_subnet", "hetzner"))
                .containsEntry("network_id", "${hcloud_network.hetzner.id}").containsEntry("type", "cloud")
                .containsEntry("network_zone", "eu-central").containsEntry("ip_range", "10.42.0.0/16");
        assertThat(at(main, "resource", "hcloud_ssh_key", "hybrid-lab"))
                .containsEntry("public_key", "${file(pathexpand(var.ssh_public_key_path_hybrid_lab))}");
        assertThat(tfvars()).isEqualTo(Map.of("server_type_edge_vps", "cpx32",
                "ssh_public_key_path_hybrid_lab", "~/.ssh/hetzner_ed25519.pub"));
        assertThat(result.warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo("OPENTOFU_DEFAULT_CHOSEN");
            assertThat(w.message()).isEqualTo("machine.edge-vps: no server-type label; the server type is cpx32, "
                    + "the smallest type with 4 vCPU, 8Gi memory, 160Gi disk");
            assertThat(w.path()).isEqualTo("/resource/hcloud_server/edge-vps");
        });
    }

    @Test
    void firewallRulesFromAnywhereAreOpenedAndThoseForLanOrVpnAreLeftToTheHost() throws IOException {
        ExportResult result = export(Samples.graph("hybrid-hetzner-headscale.yaml"));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = (List<Map<String, Object>>) at(main(), "resource", "hcloud_firewall", "edge-vps")
                .get("rule");
        assertThat(rules).extracting(r -> r.get("protocol") + "/" + r.get("port"))
                .containsExactly("tcp/443", "tcp/80", "udp/3478", "udp/41641", "udp/51820", "tcp/22");
        assertThat(rules.subList(0, 5)).allSatisfy(r -> assertThat(r).containsEntry("direction", "in")
                .containsEntry("source_ips", List.of("0.0.0.0/0", "::/0")));
        assertThat(rules.get(0)).containsEntry("description", "HTTPS to Traefik on the VPS");
        assertThat(rules.get(5)).as("SSH for the docker provider, from the addresses the user names")
                .containsEntry("direction", "in").containsEntry("source_ips", "${var.ssh_source_ips}");
        assertThat(result.warnings()).filteredOn(w -> w.code().equals("OPENTOFU_RULE_NOT_EXPORTED"))
                .singleElement().satisfies(w -> assertThat(w.message()).startsWith("firewall.edge-vps: the rules "
                        + "22/tcp from vpn, 2283/tcp from vpn, 8000/tcp from vpn are not in the Hetzner Cloud firewall"));
    }

    @Test
    void containersGoToTheDockerEngineOfTheirNodeThroughOneAliasPerEndpoint() throws IOException {
        export(Samples.graph("hybrid-hetzner-headscale.yaml"));
        Map<String, Object> main = main();

        assertThat(at(main, "provider").get("docker")).isEqualTo(List.of(
                Map.of("alias", "edge-vps", "host", "ssh://root@${hcloud_primary_ip.edge-vps.ip_address}:22",
                        "ssh_opts", List.of("-o", "StrictHostKeyChecking=accept-new", "-i",
                                "${pathexpand(\"~/.ssh/hetzner_ed25519\")}")),
                Map.of("alias", "home-server", "host", "ssh://sam@home-server.lan:22",
                        "ssh_opts", List.of("-i", "${pathexpand(\"~/.ssh/id_ed25519\")}")),
                Map.of("alias", "mini-pc", "host", "ssh://sam@192.168.178.31:22")));
        assertThat(at(main, "provider", "hcloud")).isEqualTo(Map.of("token", "${var.hcloud_token}"));
        assertThat(at(main, "resource", "docker_container", "traefik")).containsEntry("provider", "docker.edge-vps");
        assertThat(at(main, "resource", "docker_container", "paperless")).containsEntry("provider", "docker.mini-pc");
        assertThat(at(main, "resource", "docker_network", "home-server")).containsEntry("provider", "docker.home-server")
                .containsEntry("name", "hybrid-lab").containsEntry("driver", "bridge");
    }

    @Test
    void aContainerKeepsItsImageEnvironmentPortsVolumesLimitsAndNeeds() throws IOException {
        export(Samples.graph("hybrid-hetzner-headscale.yaml"));
        Map<String, Object> main = main();

        Map<String, Object> immich = at(main, "resource", "docker_container", "immich-server");
        assertThat(immich).containsEntry("name", "immich-server")
                .containsEntry("image", "${docker_image.immich-server.image_id}")
                .containsEntry("env", List.of("DB_DATABASE_NAME=immich", "DB_HOSTNAME=immich-postgres",
                        "DB_PASSWORD=${var.secret_immich_db_password}", "DB_USERNAME=immich",
                        "REDIS_HOSTNAME=immich-valkey"))
                .containsEntry("ports", List.of(Map.of("internal", 2283L, "external", 2283L, "protocol", "tcp")))
                .containsEntry("volumes", List.of(Map.of("host_path", "/srv/photos",
                        "container_path", "/usr/src/app/upload", "read_only", false)))
                .containsEntry("networks_advanced", List.of(Map.of("name", "${docker_network.home-server.name}")))
                .containsEntry("memory", 4096L)
                .containsEntry("memory_reservation", 1024L)
                .containsEntry("cpus", "4")
                .containsEntry("cpu_shares", 1024L)
                .containsEntry("security_opts", List.of("no-new-privileges:true"))
                .containsEntry("depends_on", List.of("docker_container.immich-postgres", "docker_container.immich-valkey"));
        assertThat(at(main, "resource", "docker_image", "immich-server"))
                .containsEntry("name", "ghcr.io/immich-app/immich-server:v1.140.1").containsEntry("keep_locally", true);
        Map<String, Object> headscale = at(main, "resource", "docker_container", "headscale");
        assertThat(headscale).containsEntry("restart", "always")
                .containsEntry("volumes", List.of(
                        Map.of("volume_name", "${docker_volume.headscale-headscale-config.name}",
                                "container_path", "/etc/headscale", "read_only", false),
                        Map.of("volume_name", "${docker_volume.headscale-headscale-data.name}",
                                "container_path", "/var/lib/headscale", "read_only", false)))
                .containsEntry("ports", List.of(Map.of("internal", 8080L, "external", 8080L, "protocol", "tcp"),
                        Map.of("internal", 3478L, "external", 3478L, "protocol", "udp")))
                .containsEntry("cpus", "0.5")
                .containsEntry("memory", 256L);
        assertThat(at(main, "resource", "docker_volume", "headscale-headscale-data"))
                .containsEntry("name", "headscale-headscale-data").containsEntry("provider", "docker.edge-vps");
    }

    @Test
    void secretsAreSensitiveVariablesWhoseValuesAreNeverWritten() throws IOException {
        ExportResult result = export(Samples.graph("hybrid-hetzner-headscale.yaml"));
        Map<String, Object> variables = at(main(), "variable");

        for (String secret : List.of("secret_headscale_oidc_client_secret", "secret_headplane_cookie_secret",
                "secret_headscale_api_key", "secret_immich_db_password", "secret_paperless_secret_key", "hcloud_token")) {
            assertThat(at(variables, secret)).containsEntry("sensitive", true).containsEntry("type", "string")
                    .doesNotContainKey("default");
            assertThat(tfvars()).doesNotContainKey(secret);
        }
        assertThat(Files.readString(dir.resolve(OpenTofuExporter.VARS_FILE))).doesNotContain("secret");
        assertThat(result.nextSteps().get(0)).startsWith("Set TF_VAR_hcloud_token (the Hetzner Cloud API token), "
                + "TF_VAR_secret_headplane_cookie_secret (secret://headplane-cookie-secret), ");
        assertThat((String) main().get("//")).contains("Secret values are not in this file or terraform.tfvars.json: set "
                + "TF_VAR_hcloud_token, TF_VAR_secret_headplane_cookie_secret").contains("tofu keeps them in saved plans "
                + "(*.tfplan) and its state (terraform.tfstate), which .gitignore keeps out of version control");
        assertThat(Files.readAllLines(dir.resolve(OpenTofuExporter.IGNORE_FILE))).containsAll(OpenTofuExporter.IGNORED);
    }

    @Test
    void whatOpenTofuCannotExpressIsAWarningNamingTheAddress() {
        ExportResult result = export(Samples.graph("hybrid-hetzner-headscale.yaml"));

        assertThat(result.warnings()).filteredOn(w -> w.code().equals("OPENTOFU_NOT_EXPORTED"))
                .extracting(w -> w.message().substring(0, w.message().indexOf(':')))
                .containsExactlyInAnyOrder("host.home-server", "host.mini-pc", "firewall.home-server", "firewall.mini-pc",
                        "vpn_member.edge-vps", "vpn_member.home-server", "vpn_member.mini-pc",
                        "proxy_route.uptime-kuma", "proxy_route.headscale", "proxy_route.headplane",
                        "proxy_route.immich-server", "proxy_route.paperless",
                        "dns_record.status.example.net", "dns_record.hs.example.net", "dns_record.hs-admin.example.net",
                        "dns_record.photos.example.net", "dns_record.docs.example.net");
        assertThat(result.warnings()).filteredOn(w -> w.message().startsWith("proxy_route.headscale:")).singleElement()
                .satisfies(w -> {
                    assertThat(w.message()).isEqualTo("proxy_route.headscale: the route hs.example.net -> headscale:8080 "
                            + "(through traefik) has no OpenTofu resource");
                    assertThat(w.severity()).isEqualTo(io.kombify.core.Severity.WARNING);
                });
        assertThat(result.nextSteps()).anySatisfy(s -> assertThat(s).isEqualTo("Create the Hetzner servers first, since "
                + "the docker provider connects to their addresses: tofu apply -target=hcloud_server.edge-vps, then plan "
                + "and apply the rest."));
    }

    @Test
    void valuesFromTheSpecStayLiteralInTemplates() throws IOException {
        export(Samples.yaml("""
                name: literal-lab
                nodes:
                  - name: box
                    type: main
                    provider: local
                    resources: {cpu: 2, memory: 4Gi, disk: 64Gi}
                services:
                  - name: app
                    type: service
                    node: box
                    config:
                      image: "registry.example.org/app:1.0"
                      command: "sh -c 'echo ${HOME} && echo %{done}'"
                    environment:
                      GREETING: "hello ${USER}"
                      TEMPLATE: "%{if x}y%{endif}"
                """));
        Map<String, Object> main = main();

        Map<String, Object> app = at(main, "resource", "docker_container", "app");
        assertThat(app).containsEntry("env", List.of("GREETING=hello $${USER}", "TEMPLATE=%%{if x}y%%{endif}"))
                .containsEntry("command", List.of("sh", "-c", "echo $${HOME} && echo %%{done}"))
                .doesNotContainKey("provider");
        assertThat(at(main, "provider", "docker")).isEqualTo(Map.of("host", "unix:///var/run/docker.sock"));
        assertThat(at(main, "terraform", "required_providers")).containsOnlyKeys("docker");
        assertThat(TerraformJsonCheck.problems(main, tfvars())).isEmpty();
    }

    @Test
    void containersOnAMachineOfAnotherCloudGetItsDockerEndpointAsAVariable() throws IOException {
        ExportResult result = export(Samples.yaml("""
                name: cloud-lab
                nodes:
                  - name: vm
                    type: main
                    provider: aws
                    resources: {cpu: 2, memory: 4Gi, disk: 64Gi}
                  - name: box
                    type: worker
                    provider: docker
                    resources: {cpu: 2, memory: 4Gi, disk: 64Gi}
                services:
                  - name: api
                    type: service
                    node: vm
                    config: {image: "registry.example.org/api:2"}
                  - name: cache
                    type: cache
                    node: box
                    config: {image: "redis:7.4-alpine"}
                """));
        Map<String, Object> main = main();

        assertThat(at(main, "variable", "docker_host_vm")).containsEntry("type", "string").doesNotContainKey("sensitive");
        assertThat(tfvars()).doesNotContainKey("docker_host_vm");
        assertThat(main.get("provider")).isEqualTo(Map.of("docker", List.of(
                Map.of("alias", "box", "host", "unix:///var/run/docker.sock"),
                Map.of("alias", "vm", "host", "${var.docker_host_vm}"))));
        assertThat(at(main, "resource", "docker_container", "api")).containsEntry("provider", "docker.vm");
        assertThat(result.warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo("OPENTOFU_VARIABLE_UNSET");
            assertThat(w.message()).isEqualTo("node vm: its machine (machine.vm, provider aws) is not exported, so the "
                    + "Docker endpoint of its containers is the variable docker_host_vm");
        });
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w.message())
                .startsWith("machine.vm: resources of type machine of provider aws have no OpenTofu mapping"));
        assertThat(result.nextSteps()).contains("Give docker_host_vm a value in a file of your own such as "
                + "local.auto.tfvars.json, which tofu reads and exports leave alone (or as TF_VAR_ variables).");
        assertThat(TerraformJsonCheck.problems(main, tfvars())).isEmpty();
    }

    @Test
    void toPlanItNeedsTofuAndSaysHowToInstallItBeforeWritingAnything() {
        ExportRequest request = ExportRequest.of(Samples.graph("single-node-homelab.yaml"), dir.resolve("out"))
                .withMode(ExportMode.PLAN).withEnvironment(Map.of("PATH", dir.toString()));

        assertThatThrownBy(() -> EXPORTER.export(request)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("TOFU_NOT_FOUND");
            assertThat(e.getMessage()).isEqualTo("OpenTofu's tofu binary is not on PATH (looked in " + dir + ")");
            assertThat(e.diagnostics()).extracting(Diagnostic::hint).singleElement().asString()
                    .contains("https://opentofu.org/docs/intro/install/", "--setting opentofu.binary=PATH");
        });
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUnknownSettingOfTheExporterIsAWarning() {
        ExportResult result = EXPORTER.export(ExportRequest.of(Samples.graph("single-node-homelab.yaml"), dir)
                .withSettings(Map.of("opentofu.bianry", "/opt/tofu", "docker.endpoint", "unix:///x")));

        assertThat(result.warnings()).filteredOn(w -> w.code().equals("OPENTOFU_SETTING_UNKNOWN")).singleElement()
                .satisfies(w -> {
                    assertThat(w.message()).isEqualTo("the setting opentofu.bianry means nothing to the opentofu exporter");
                    assertThat(w.hint()).isEqualTo("its settings are opentofu.binary and opentofu.timeout");
                });
    }

    @Test
    void aTimeoutThatIsNoDurationIsRefusedBeforeAnythingIsWritten() {
        ExportRequest request = ExportRequest.of(Samples.graph("single-node-homelab.yaml"), dir.resolve("out"))
                .withMode(ExportMode.PLAN).withSettings(Map.of("opentofu.timeout", "ten minutes"));

        assertThatThrownBy(() -> EXPORTER.export(request)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("EXPORT_SETTING_INVALID");
            assertThat(e.getMessage()).isEqualTo("the setting opentofu.timeout is 'ten minutes', which is not a duration");
            assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.hint()).contains("90s, 30m, 2h or 1h30m"));
        });
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anExistingGitignoreKeepsItsLinesAndGetsTheMissingOnes() throws IOException {
        Files.writeString(dir.resolve(".gitignore"), "notes.txt\n*.tfplan\n");

        EXPORTER.export(ExportRequest.of(Samples.graph("single-node-homelab.yaml"), dir));
        EXPORTER.export(ExportRequest.of(Samples.graph("single-node-homelab.yaml"), dir));

        assertThat(Files.readAllLines(dir.resolve(".gitignore"))).containsExactly("notes.txt", "*.tfplan", "",
                "# Written by kombify export: tofu's state, saved plans and working directory hold secret values.",
                ".terraform/", "*.tfstate", "*.tfstate.*", "crash.log");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings("unchecked")
    void everyDockerEndpointOnANewServerIsReachableThroughItsFirewallAndRunsDocker(String sample) throws IOException {
        EXPORTER.export(ExportRequest.of(Samples.graph(sample), dir));
        Map<String, Object> main = main();

        Map<String, Object> providers = main.get("provider") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        Object docker = providers.getOrDefault("docker", List.of());
        List<Map<String, Object>> configurations = docker instanceof List<?> l ? (List<Map<String, Object>>) l
                : List.of((Map<String, Object>) docker);
        for (Map<String, Object> configuration : configurations) {
            String host = String.valueOf(configuration.get("host"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{(hcloud_server|hcloud_primary_ip)\\.([^.]+)\\.")
                    .matcher(host);
            if (!m.find()) {
                continue;
            }
            Map<String, Object> server = at(main, "resource", "hcloud_server", m.group(2));
            assertThat(host).as(sample + ": docker over SSH on port 22").startsWith("ssh://").endsWith(":22");
            List<String> firewalls = (List<String>) server.get("firewall_ids");
            assertThat(firewalls).as(sample + ": " + m.group(2) + " has a firewall").isNotEmpty();
            for (String firewall : firewalls) {
                String name = firewall.substring("${hcloud_firewall.".length(), firewall.length() - ".id}".length());
                List<Map<String, Object>> rules = (List<Map<String, Object>>) at(main, "resource", "hcloud_firewall", name)
                        .get("rule");
                assertThat(rules).as(sample + ": the firewall " + name + " lets tofu reach port 22").anySatisfy(r -> {
                    assertThat(r).containsEntry("direction", "in").containsEntry("protocol", "tcp");
                    assertThat(Translator.covers(String.valueOf(r.get("port")), 22)).isTrue();
                });
            }
            assertThat((String) server.get("user_data")).as(sample + ": cloud-init installs Docker")
                    .startsWith("#cloud-config\n").contains("packages:\n  - docker.io\n");
            assertThat(server.get("provisioner")).as(sample + ": creating the server waits for Docker").isEqualTo(List.of(
                    Map.of("remote-exec", Map.of(
                            "connection", Map.of("type", "ssh", "host", "${self.ipv4_address}", "user", "root",
                                    "private_key", "${file(pathexpand(\"~/.ssh/hetzner_ed25519\"))}"),
                            "inline", List.of("cloud-init status --wait > /dev/null || true", "docker info > /dev/null")))));
        }
    }

    @Test
    void aServerWhoseLoginIsNotRootGetsThatUserWithTheKeyInTheDockerGroup() throws IOException {
        ExportResult result = export(Samples.yaml("""
                name: cloud-lab
                nodes:
                  - name: vps
                    type: main
                    provider: hetzner
                    resources: {cpu: 2, memory: 4Gi, disk: 40Gi}
                    labels: {image: debian-12, location: hel1}
                    ssh: {host: 203.0.113.9, user: deploy, key_path: ~/.ssh/cloud}
                services:
                  - name: web
                    type: service
                    node: vps
                    config: {image: "nginx:1.27"}
                """));
        Map<String, Object> main = main();

        Map<String, Object> server = at(main, "resource", "hcloud_server", "vps");
        assertThat(server).containsEntry("image", "debian-12").containsEntry("user_data", "#cloud-config\n"
                + "package_update: true\npackages:\n  - docker.io\n"
                + "users:\n  - default\n  - name: \"deploy\"\n    shell: /bin/bash\n    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n"
                + "    ssh_authorized_keys:\n      - ${jsonencode(hcloud_ssh_key.cloud-lab.public_key)}\n"
                + "runcmd:\n  - systemctl enable --now docker\n  - usermod -aG docker \"deploy\"\n");
        assertThat(at(main, "provider", "docker")).containsEntry("host", "ssh://deploy@${hcloud_server.vps.ipv4_address}:22");
        assertThat(at(main, "variable", "ssh_source_ips")).containsEntry("type", "list(string)");
        assertThat(tfvars()).doesNotContainKey("ssh_source_ips");
        assertThat(result.warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo("OPENTOFU_VARIABLE_UNSET");
            assertThat(w.message()).isEqualTo("firewall.vps: OpenTofu reaches the Docker engine of hcloud_server.vps over "
                    + "SSH, so the firewall opens 22/tcp to the addresses in the variable ssh_source_ips, which has no value");
            assertThat(w.path()).isEqualTo("/resource/hcloud_firewall/vps");
            assertThat(w.hint()).contains("local.auto.tfvars.json (exports rewrite terraform.tfvars.json)");
        });
        assertThat(result.nextSteps()).anySatisfy(s -> assertThat(s).contains("ssh_source_ips"));
        assertThat(TerraformJsonCheck.problems(main, tfvars())).isEmpty();
    }

    @Test
    void anImageThatIsNeitherDebianNorUbuntuGetsNoDockerAndAWarning() {
        ExportResult result = export(Samples.yaml("""
                name: cloud-lab
                nodes:
                  - name: vps
                    type: main
                    provider: hetzner
                    resources: {cpu: 2, memory: 4Gi, disk: 40Gi}
                    labels: {image: rocky-9}
                services:
                  - name: web
                    type: service
                    node: vps
                    config: {image: "nginx:1.27"}
                """));

        assertThat(result.warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo("OPENTOFU_DOCKER_NOT_INSTALLED");
            assertThat(w.message()).startsWith("machine.vps: the image rocky-9 is neither Debian nor Ubuntu");
            assertThat(w.hint()).contains("docker-ce");
        });
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsAnIoError() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "a file, not a directory");

        assertThatThrownBy(() -> EXPORTER.export(ExportRequest.of(Samples.graph("single-node-homelab.yaml"), file)))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("IO_ERROR");
                    assertThat(e.getMessage()).startsWith("cannot write " + file.resolve(OpenTofuExporter.MAIN_FILE));
                });
    }
}
