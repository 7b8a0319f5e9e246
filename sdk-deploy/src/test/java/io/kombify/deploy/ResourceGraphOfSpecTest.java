package io.kombify.deploy;

import io.kombify.core.KombifyException;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.resolved.ResolvedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceGraphOfSpecTest {

    private static ResourceId id(String address) {
        return ResourceId.parse(address);
    }

    private static Set<ResourceId> ids(String... addresses) {
        Set<ResourceId> out = new HashSet<>();
        for (String a : addresses) {
            out.add(id(a));
        }
        return out;
    }

    private static Resource resource(ResourceGraph graph, String address) {
        return graph.resource(id(address)).orElseThrow(() -> new AssertionError("no " + address + " in " + graph));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static List<String> samples() {
        return Specs.sampleNames();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleGivesAGraphWhereEachResourceFollowsWhatItNeeds(String sample) {
        ResolvedSpec spec = Specs.sample(sample);

        ResourceGraph graph = ResourceGraph.of(spec);

        assertThat(graph.stack()).isEqualTo(spec.name());
        assertThat(graph.specHash()).isEqualTo(spec.planHash());
        Set<ResourceId> seen = new HashSet<>();
        for (Resource r : graph.resources()) {
            assertThat(seen).as("dependencies of %s come first", r.id()).containsAll(r.dependsOn());
            seen.add(r.id());
        }
        for (ResolvedService s : spec.services()) {
            ResourceId container = ResourceId.of(ResourceType.CONTAINER, s.name());
            if (!s.enabled()) {
                assertThat(graph.contains(container)).as("disabled %s", s.name()).isFalse();
                continue;
            }
            ResourceId node = graph.contains(ResourceId.of(ResourceType.HOST, s.node()))
                    ? ResourceId.of(ResourceType.HOST, s.node()) : ResourceId.of(ResourceType.MACHINE, s.node());
            assertThat(graph.dependencies(container)).contains(node, ResourceId.of(ResourceType.CONTAINER_NETWORK, s.node()));
            for (String need : s.needs()) {
                if (spec.service(need).map(ResolvedService::enabled).orElse(false)) {
                    assertThat(graph.dependencies(container)).contains(ResourceId.of(ResourceType.CONTAINER, need));
                }
            }
            assertThat(resource(graph, container.toString()).attributes()).containsEntry("image", s.image().orElseThrow());
        }
        // The same spec, resolved again, gives an equal graph in the same order.
        ResourceGraph again = ResourceGraph.of(Specs.sample(sample));
        assertThat(again).isEqualTo(graph);
        assertThat(again.resources()).extracting(Resource::id).containsExactlyElementsOf(
                graph.resources().stream().map(Resource::id).toList());
    }

    @Test
    void hybridSampleHasMachineHostsMeshProxyAndDns() {
        ResourceGraph graph = ResourceGraph.of(Specs.sample("hybrid-hetzner-headscale.yaml"));

        assertThat(graph.resources()).extracting(r -> r.id().toString()).containsExactly(
                "ssh_key.hybrid-lab", "network.hetzner", "subnet.hetzner",
                "machine.edge-vps", "host.home-server", "host.mini-pc",
                "firewall.edge-vps", "firewall.home-server", "firewall.mini-pc",
                "container_network.edge-vps", "container_network.home-server", "container_network.mini-pc",
                "volume.traefik-traefik-acme", "container.traefik",
                "container.tinyauth", "container.dokploy",
                "volume.uptime-kuma-uptime-kuma-data", "container.uptime-kuma",
                "container.dozzle", "container.whoami",
                "volume.headscale-headscale-config", "volume.headscale-headscale-data", "container.headscale",
                "container.headplane",
                "volume.immich-postgres-immich-db", "container.immich-postgres",
                "container.immich-valkey", "container.immich-server",
                "volume.immich-ml-immich-model-cache", "container.immich-ml",
                "container.paperless-redis",
                "volume.paperless-paperless-data", "volume.paperless-paperless-media", "container.paperless",
                "vpn_member.edge-vps", "vpn_member.home-server", "vpn_member.mini-pc",
                "proxy_route.uptime-kuma", "proxy_route.headscale", "proxy_route.headplane",
                "proxy_route.immich-server", "proxy_route.paperless",
                "dns_record.status.example.net", "dns_record.hs.example.net", "dns_record.hs-admin.example.net",
                "dns_record.photos.example.net", "dns_record.docs.example.net");

        Resource vps = resource(graph, "machine.edge-vps");
        assertThat(vps.provider()).isEqualTo("hetzner");
        assertThat(vps.dependsOn()).isEqualTo(ids("ssh_key.hybrid-lab", "subnet.hetzner"));
        assertThat(vps.attributes()).containsEntry("cpu", 4L).containsEntry("memory", "8Gi").containsEntry("disk", "160Gi")
                .containsEntry("location", "fsn1").containsEntry("sshKey", "ssh_key.hybrid-lab").containsEntry("sshUser", "root")
                .containsEntry("labels", Map.of("site", "fsn1", "public-ip", "true"));
        assertThat(resource(graph, "ssh_key.hybrid-lab").attributes()).containsEntry("publicKeyPath", "~/.ssh/hetzner_ed25519.pub");
        assertThat(resource(graph, "subnet.hetzner").attributes()).containsEntry("ipRange", "10.42.0.0/16");
        assertThat(resource(graph, "subnet.hetzner").dependsOn()).isEqualTo(ids("network.hetzner"));

        Resource home = resource(graph, "host.home-server");
        assertThat(home.provider()).isEqualTo("local");
        assertThat(home.dependsOn()).isEmpty();
        assertThat(home.attributes()).containsEntry("host", "home-server.lan").containsEntry("port", 22L)
                .containsEntry("user", "sam").containsEntry("keyPath", "~/.ssh/id_ed25519");

        Resource firewall = resource(graph, "firewall.edge-vps");
        assertThat(firewall.provider()).isEqualTo("hetzner");
        assertThat(firewall.dependsOn()).isEqualTo(ids("machine.edge-vps"));
        assertThat(firewall.attributes()).containsEntry("defaultInbound", "deny").containsEntry("defaultOutbound", "allow");
        assertThat(list(firewall.attributes().get("rules"))).contains(
                Map.of("port", 22L, "protocol", "tcp", "source", "vpn", "comment", "SSH only over the tailnet"),
                Map.of("port", 51820L, "protocol", "udp", "source", "any", "comment", "vpn-overlay: WireGuard"));
        assertThat(list(firewall.attributes().get("publishedPorts"))).containsExactly(
                Map.of("port", 80L, "protocol", "tcp", "service", "traefik"),
                Map.of("port", 443L, "protocol", "tcp", "service", "traefik"),
                Map.of("port", 3001L, "protocol", "tcp", "service", "uptime-kuma"),
                Map.of("port", 8080L, "protocol", "tcp", "service", "headscale"),
                Map.of("port", 3478L, "protocol", "udp", "service", "headscale"));
        assertThat(resource(graph, "firewall.mini-pc").provider()).isEqualTo("local");

        Resource immich = resource(graph, "container.immich-server");
        assertThat(immich.provider()).isEqualTo("docker");
        assertThat(immich.dependsOn()).isEqualTo(ids("host.home-server", "container_network.home-server",
                "container.immich-postgres", "container.immich-valkey"));
        assertThat(immich.attributes()).containsEntry("mounts", List.of(Map.of("type", "bind", "source", "/srv/photos",
                "target", "/usr/src/app/upload", "readOnly", false)));
        assertThat(immich.attributes()).containsEntry("secretEnvironment", Map.of("DB_PASSWORD", "secret://immich-db-password"));
        assertThat(immich.sensitive()).containsExactly("secretEnvironment");
        assertThat(resource(graph, "container.headscale").dependsOn()).isEqualTo(ids("machine.edge-vps",
                "container_network.edge-vps", "volume.headscale-headscale-config", "volume.headscale-headscale-data"));
        assertThat(resource(graph, "volume.headscale-headscale-data").dependsOn()).isEqualTo(ids("machine.edge-vps"));

        Resource member = resource(graph, "vpn_member.home-server");
        assertThat(member.provider()).isEqualTo("headscale");
        assertThat(member.dependsOn()).isEqualTo(ids("host.home-server", "container.headscale"));
        assertThat(member.attributes()).containsEntry("controlUrl", "https://hs.example.net");

        Resource route = resource(graph, "proxy_route.immich-server");
        assertThat(route.provider()).isEqualTo("docker");
        assertThat(route.dependsOn()).isEqualTo(ids("container.immich-server", "container.traefik"));
        assertThat(route.attributes()).containsEntry("domain", "photos.example.net").containsEntry("tls", "auto")
                .containsEntry("service", "immich-server").containsEntry("port", 2283L).containsEntry("node", "home-server");
        assertThat(resource(graph, "proxy_route.headplane").attributes()).containsEntry("middlewares", List.of("admin-ip-allowlist"));

        // Traefik on the VPS terminates every domain, so every name points at the VPS.
        Resource dns = resource(graph, "dns_record.photos.example.net");
        assertThat(dns.provider()).isEqualTo("dns");
        assertThat(dns.dependsOn()).isEqualTo(ids("machine.edge-vps"));
        assertThat(dns.attributes()).isEqualTo(Map.of("name", "photos.example.net", "type", "A", "node", "edge-vps",
                "target", "machine.edge-vps"));
    }

    @Test
    void singleNodeSampleRunsNextcloudOnTheHostAfterItsDatabase() {
        ResourceGraph graph = ResourceGraph.of(Specs.sample("single-node-homelab.yaml"));

        Resource nextcloud = resource(graph, "container.nextcloud");
        assertThat(nextcloud.dependsOn()).isEqualTo(ids("host.homeserver", "container_network.homeserver",
                "volume.nextcloud-nextcloud-html", "container.postgres", "container.redis"));
        assertThat(nextcloud.attributes()).containsEntry("image", "nextcloud:31-apache").containsEntry("node", "homeserver")
                .containsEntry("ports", List.of(Map.of("container", 80L, "host", 8090L, "protocol", "tcp")))
                .containsEntry("cpuLimit", 2L).containsEntry("memoryLimit", "4Gi").containsEntry("cpuRequest", 0.5)
                .containsEntry("memoryRequest", "1Gi").containsEntry("restartPolicy", "unless-stopped")
                .containsEntry("secretEnvironment", Map.of("POSTGRES_PASSWORD", "secret://nextcloud-db-password",
                        "NEXTCLOUD_ADMIN_PASSWORD", "secret://nextcloud-admin-password"));
        assertThat(map(nextcloud.attributes().get("environment"))).containsEntry("POSTGRES_HOST", "postgres")
                .doesNotContainKey("POSTGRES_PASSWORD");
        assertThat(nextcloud.attributes().get("mounts")).isEqualTo(List.of(
                Map.of("type", "volume", "source", "nextcloud-nextcloud-html", "target", "/var/www/html", "readOnly", false),
                Map.of("type", "bind", "source", "/tank/nextcloud", "target", "/var/www/html/data", "readOnly", false)));
        assertThat(graph.contains(id("volume.nextcloud-nextcloud-data"))).as("bind mounts are no volumes").isFalse();
        assertThat(graph.resources().indexOf(nextcloud)).isGreaterThan(graph.resources().indexOf(resource(graph, "container.postgres")));

        assertThat(resource(graph, "proxy_route.nextcloud").dependsOn()).isEqualTo(ids("container.nextcloud", "container.traefik"));
        assertThat(resource(graph, "proxy_route.nextcloud").attributes()).containsEntry("middlewares", List.of("secure-headers"))
                .containsEntry("port", 80L);
        assertThat(resource(graph, "dns_record.cloud.home.example.org").dependsOn()).isEqualTo(ids("host.homeserver"));
        assertThat(graph.resources()).extracting(Resource::type).doesNotContain(ResourceType.MACHINE, ResourceType.SSH_KEY,
                ResourceType.NETWORK, ResourceType.SUBNET, ResourceType.VPN_MEMBER);
        assertThat(resource(graph, "host.homeserver").attributes()).isEqualTo(Map.of("host", "192.168.1.20", "port", 22L,
                "user", "admin", "keyPath", "~/.ssh/id_ed25519", "role", "main"));
    }

    @Test
    void mediaSampleLeavesDisabledServicesOutAndStartsTheProxyFirst() {
        ResourceGraph graph = ResourceGraph.of(Specs.sample("media-smart-home.yaml"));

        assertThat(graph.contains(id("container.node-red"))).isFalse();
        assertThat(graph.contains(id("volume.node-red-node-red-data"))).isFalse();
        // The kit lists dokploy before caddy, but dokploy needs caddy.
        List<ResourceId> order = graph.resources().stream().map(Resource::id).toList();
        assertThat(order.indexOf(id("container.dokploy"))).isGreaterThan(order.indexOf(id("container.caddy")));
        assertThat(resource(graph, "proxy_route.jellyfin").dependsOn()).isEqualTo(ids("container.jellyfin", "container.caddy"));
        assertThat(list(resource(graph, "container.jellyfin").attributes().get("mounts"))).contains(
                Map.of("type", "tmpfs", "target", "/transcode", "readOnly", false),
                Map.of("type", "bind", "source", "/tank/media", "target", "/media", "readOnly", true));
        assertThat(graph.contains(id("volume.jellyfin-transcode"))).isFalse();
        assertThat(list(resource(graph, "firewall.pi-zigbee").attributes().get("publishedPorts")))
                .doesNotContain(Map.of("port", 1880L, "protocol", "tcp", "service", "node-red"));
    }

    @Test
    void stackWithoutVpnHasNoMeshMembers() {
        ResourceGraph graph = ResourceGraph.of(Specs.sample("ha-three-node-lab.yaml"));

        assertThat(graph.resources()).extracting(Resource::type).doesNotContain(ResourceType.VPN_MEMBER);
        assertThat(graph.resources()).filteredOn(r -> r.type().equals(ResourceType.HOST)).hasSize(3);
        assertThat(graph.resources()).filteredOn(r -> r.type().equals(ResourceType.FIREWALL)).extracting(Resource::provider)
                .containsOnly("local");
    }

    private static final String TWO_CLOUDS = """
            name: two-clouds
            nodes:
              - name: vps-a
                type: main
                provider: hetzner
                resources: {cpu: 4, memory: 8Gi, disk: 80Gi}
                labels: {arch: aarch64, server-type: cax21, location: nbg1}
              - name: vps-b
                type: worker
                provider: digitalocean
                ssh: {host: 198.51.100.7, key_path: ~/.ssh/do_ed25519}
                resources: {cpu: 2, memory: 4Gi, disk: 50Gi}
              - name: box
                type: worker
                provider: docker
                resources: {cpu: 2, memory: 4Gi, disk: 50Gi}
            services:
              - name: web
                type: service
                node: vps-a
                config: {image: "nginx:1.27"}
            security:
              firewall:
                enabled: false
            """;

    @Test
    void severalCloudProvidersGetAKeyNetworkAndSubnetEach() {
        ResourceGraph graph = ResourceGraph.of(Specs.yaml(TWO_CLOUDS));

        assertThat(graph.resources().subList(0, 8)).extracting(r -> r.id().toString()).containsExactly(
                "ssh_key.hetzner", "ssh_key.digitalocean", "network.hetzner", "subnet.hetzner",
                "network.digitalocean", "subnet.digitalocean", "network.docker", "subnet.docker");
        assertThat(resource(graph, "ssh_key.digitalocean").provider()).isEqualTo("digitalocean");
        assertThat(resource(graph, "subnet.hetzner").attributes()).containsEntry("ipRange", "10.0.1.0/24");
        assertThat(resource(graph, "network.hetzner").attributes()).containsEntry("ipRange", "10.0.0.0/16");
        Resource a = resource(graph, "machine.vps-a");
        assertThat(a.dependsOn()).isEqualTo(ids("ssh_key.hetzner", "subnet.hetzner"));
        assertThat(a.attributes()).containsEntry("arch", "arm64").containsEntry("serverType", "cax21")
                .containsEntry("location", "nbg1");
        // A docker machine is a container on the local engine: no SSH key.
        assertThat(resource(graph, "machine.box").dependsOn()).isEqualTo(ids("subnet.docker"));
        assertThat(graph.resources()).extracting(Resource::type).doesNotContain(ResourceType.FIREWALL);
    }

    @Test
    void dockerSampleNeedsOnlyWhatTheDockerPluginProvidesAndKeepsItsPullPolicies() {
        ResourceGraph graph = ResourceGraph.of(Specs.sample("docker-busybox-lab.yaml"));

        assertThat(graph.resources()).extracting(r -> r.id().toString()).containsExactly(
                "host.home", "container_network.home", "volume.store-data", "container.store", "container.web",
                "container.worker");
        assertThat(graph.resources()).extracting(Resource::provider).containsOnly("local", "docker");
        for (String name : List.of("store", "web", "worker")) {
            assertThat(resource(graph, "container." + name).attributes()).as(name)
                    .containsEntry("image", "kombify-sample/busybox:1").containsEntry("pullPolicy", "never");
        }
        assertThat(resource(graph, "container.store").attributes()).containsEntry("secretEnvironment",
                Map.of("STORE_PASSWORD", "secret://lab-store-password"));
        assertThat(resource(graph, "container.store").sensitive()).containsExactly("secretEnvironment");
        assertThat(resource(graph, "container.web").dependsOn()).contains(id("container.store"));
        assertThat(resource(graph, "container.worker").dependsOn()).contains(id("container.web"));
    }

    @Test
    void aContainerWithoutAPullPolicyLeavesItToTheProvider() {
        ResourceGraph graph = ResourceGraph.of(Specs.sample("single-node-homelab.yaml"));

        assertThat(graph.resources()).filteredOn(r -> r.type().equals(ResourceType.CONTAINER)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.attributes()).doesNotContainKey("pullPolicy"));
    }

    @Test
    void aServiceHealthCheckReachesItsContainerWithTheObservabilityIntervalsAsDefaults() {
        ResolvedSpec spec = Specs.yaml("""
                name: lab
                nodes:
                  - {name: home, type: main, provider: local}
                services:
                  - name: web
                    type: service
                    node: home
                    config: {image: "nginx:1.27", healthcheck: {test: "wget -q -O- localhost", retries: 5, timeout: 3s}}
                  - name: api
                    type: backend
                    node: home
                    config: {image: "api:1"}
                observability:
                  health: {enabled: true, interval: 15s, timeout: 5s}
                """);

        ResourceGraph graph = ResourceGraph.of(spec);

        assertThat(resource(graph, "container.web").attributes()).containsEntry("healthcheck",
                Map.of("test", "wget -q -O- localhost", "retries", 5L, "timeout", "3s", "interval", "15s"));
        assertThat(resource(graph, "container.api").attributes()).doesNotContainKey("healthcheck");
    }

    @Test
    void aPullPolicyThatIsNoneOfTheThreeIsRefusedWithItsPath() {
        ResolvedSpec spec = Specs.yaml("""
                name: lab
                nodes:
                  - {name: home, type: main, provider: local}
                services:
                  - name: web
                    type: service
                    node: home
                    config: {image: "nginx:1.27", pullPolicy: if-missing}
                  - name: api
                    type: backend
                    node: home
                    config: {image: "api:1", pullPolicy: always}
                """);

        assertThatThrownBy(() -> ResourceGraph.of(spec)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("SERVICE_PULL_POLICY_INVALID");
            assertThat(e.getMessage()).contains("service web has the pull policy 'if-missing', which is not one of never, "
                    + "missing, always");
            assertThat(e.diagnostics()).singleElement().satisfies(d -> {
                assertThat(d.path()).isEqualTo("/services/0/config/pullPolicy");
                assertThat(d.hint()).contains("never").contains("missing").contains("always");
            });
        });
    }

    @Test
    void needsCycleIsRefusedInsteadOfLooping() {
        ResolvedSpec spec = Specs.sample("single-node-homelab.yaml");
        ResolvedSpec cyclic = withServices(spec, s -> s.name().equals("postgres") ? copy(s, List.of("nextcloud"), s.image()) : s);

        assertThatThrownBy(() -> ResourceGraph.of(cyclic)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("SERVICE_NEEDS_CYCLE");
            assertThat(e.getMessage()).contains("postgres -> nextcloud -> postgres");
        });
    }

    @Test
    void serviceWithoutImageIsRefusedWithItsPath() {
        ResolvedSpec spec = Specs.sample("single-node-homelab.yaml");
        ResolvedSpec noImage = withServices(spec, s -> s.name().equals("redis") ? copy(s, s.needs(), Optional.empty()) : s);

        assertThatThrownBy(() -> ResourceGraph.of(noImage)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("SERVICE_IMAGE_MISSING");
            assertThat(e.getMessage()).contains("service redis has no container image");
            assertThat(e.diagnostics()).singleElement().satisfies(d -> {
                assertThat(d.path()).as("redis is the third service written").isEqualTo("/services/2");
                assertThat(d.hint()).contains("config.image");
            });
        });
    }

    private static ResolvedSpec withServices(ResolvedSpec spec, UnaryOperator<ResolvedService> change) {
        List<ResolvedService> services = new ArrayList<>();
        spec.services().forEach(s -> services.add(change.apply(s)));
        return new ResolvedSpec(spec.name(), spec.version(), spec.kit(), spec.addOns(), spec.tier(), spec.nodes(), services,
                spec.network(), spec.security(), spec.observability(), spec.system(), spec.intents(), spec.warnings(),
                spec.source(), spec.planHash());
    }

    private static ResolvedService copy(ResolvedService s, List<String> needs, Optional<String> image) {
        return new ResolvedService(s.name(), s.type(), s.origin(), s.node(), s.placement(), s.enabled(), needs, image,
                s.imageSource(), s.ports(), s.cpuLimit(), s.memoryLimit(), s.cpuRequest(), s.memoryRequest(), s.volumes(),
                s.environment(), s.environmentSecrets(), s.restartPolicy(), s.proxy(), s.exposeInternal(), s.internalPort(),
                s.config());
    }
}
