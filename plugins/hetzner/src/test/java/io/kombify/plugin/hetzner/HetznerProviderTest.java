package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.spi.UpdateRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each type's attributes become at Hetzner, and what the provider refuses before asking. */
class HetznerProviderTest {

    private static final String STACK = "lab";

    private FakeCloud cloud;
    private HetznerProvider provider;
    private int keys;

    @BeforeEach
    void start() {
        cloud = new FakeCloud(1);
        provider = cloud.provider();
    }

    @AfterEach
    void stop() {
        provider.close();
        cloud.close();
    }

    @Test
    void aMachineWithoutServerTypeGetsTheCheapestTypeThatFitsItsArchitecture() {
        ResourceState x86 = create(ResourceType.MACHINE, "small", Map.of("name", "small", "cpu", 2, "memory", "4Gi", "disk", "40Gi"));
        ResourceState bigger = create(ResourceType.MACHINE, "bigger", Map.of("name", "bigger", "cpu", 3, "memory", "4Gi"));
        ResourceState arm = create(ResourceType.MACHINE, "arm", Map.of("name", "arm", "cpu", 2, "memory", "4Gi", "arch", "arm64"));

        assertThat(x86.outputs()).containsEntry("serverType", "cx22").containsEntry("location", "nbg1")
                .containsEntry("image", "ubuntu-24.04").containsEntry("status", "running");
        assertThat(bigger.outputs()).containsEntry("serverType", "cx32");
        assertThat(arm.outputs()).containsEntry("serverType", "cax11");
        assertThatThrownBy(() -> create(ResourceType.MACHINE, "huge", Map.of("name", "huge", "cpu", 64, "memory", "256Gi")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(e.getMessage()).contains("64 cores", "256 GB memory", "nbg1", "machine.huge", "server-type");
                });
        assertThat(cloud.fake.resources("servers")).hasSize(3);
    }

    @Test
    void aMachineUsesItsKeyItsSubnetsNetworkAndItsPrimaryIp() {
        create(ResourceType.SSH_KEY, "lab", Map.of("name", "lab", "publicKey", TestKeys.ed25519("lab@test")));
        create(ResourceType.NETWORK, "hetzner", Map.of("name", "net", "ipRange", "10.30.0.0/16"));
        ResourceState subnet = create(ResourceType.SUBNET, "hetzner", Map.of("network", "network.hetzner", "ipRange", "10.30.1.0/24",
                "location", "fsn1"));
        ResourceState ip = create(HetznerProvider.PRIMARY_IP, "web-v4", Map.of("name", "web-v4", "location", "fsn1"));
        ResourceState web = create(ResourceType.MACHINE, "web", Map.of("name", "web", "serverType", "cx22", "location", "fsn1",
                "sshKey", "ssh_key.lab", "subnet", "subnet.hetzner", "primaryIpv4", "primary_ip.web-v4"));

        assertThat(subnet.outputs()).containsEntry("networkZone", "eu-central").containsEntry("gateway", "10.30.0.1");
        assertThat(web.outputs().get("ipv4")).isEqualTo(ip.outputs().get("ip"));
        assertThat((String) web.outputs().get("privateIp")).startsWith("10.30.1.");
        String request = cloud.fake.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/v1/servers"))
                .findFirst().orElseThrow().body();
        Map<String, Object> body = Json.asObject(Json.parse(request.getBytes(StandardCharsets.UTF_8)));
        assertThat(Json.strings(body, "ssh_keys")).containsExactly("lab");
        assertThat(Json.longs(body, "networks")).containsExactly(Long.parseLong(subnet.providerId().split(":")[0]));
        assertThat(Json.obj(body, "public_net")).containsEntry("ipv4", Integer.parseInt(ip.providerId()));
    }

    @Test
    void aSubnetWhoseGatewayHetznerCannotUseIsRefusedBeforeAnythingIsMade() {
        create(ResourceType.NETWORK, "hetzner", Map.of("name", "net", "ipRange", "10.40.0.0/16"));
        assertThatThrownBy(() -> create(ResourceType.SUBNET, "hetzner", Map.of("network", "network.hetzner",
                "ipRange", "10.40.1.0/24", "gateway", "10.40.1.1")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(e.getMessage()).contains("10.40.1.1", "10.40.0.1", "first address");
                });
        assertThat(cloud.fake.requests()).noneMatch(r -> r.path().endsWith("/actions/add_subnet"));
    }

    @Test
    void subnetsAddedToOneNetworkAtOnceAreAllIndexed() throws Exception {
        ResourceState network = create(ResourceType.NETWORK, "hetzner", Map.of("name", "net", "ipRange", "10.50.0.0/16"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ResourceState>> made = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int n = i;
                made.add(pool.submit(() -> provider.create(new CreateRequest(ResourceId.of(ResourceType.SUBNET, "s" + n),
                        Map.of("network", "network.hetzner", "ipRange", "10.50." + n + ".0/24"), Set.of(), "subnet-key-" + n,
                        context(ResourceId.of(ResourceType.SUBNET, "s" + n), "subnet-key-" + n)))));
            }
            for (Future<ResourceState> f : made) {
                assertThat(f.get().providerId()).startsWith(network.providerId() + ":10.50.");
            }
        } finally {
            pool.shutdown();
        }
        assertThat(cloud.fake.resources("networks").get(0).labels().keySet())
                .filteredOn(k -> k.startsWith("subnet-key.kombify.io/")).hasSize(4);
        for (int i = 1; i <= 4; i++) {
            ResourceId id = ResourceId.of(ResourceType.SUBNET, "s" + i);
            assertThat(provider.lookup(new LookupRequest(id, "subnet-key-" + i, context(id, "subnet-key-" + i))))
                    .as("lookup of %s", id).hasValueSatisfying(st -> assertThat(st.attributes()).containsKey("ipRange"));
        }
    }

    @Test
    void aSubnetOfANetworkThatIsNotThereNamesWhatIsMissing() {
        assertThatThrownBy(() -> create(ResourceType.SUBNET, "hetzner", Map.of("network", "network.hetzner", "ipRange", "10.0.1.0/24")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("subnet.hetzner refers to network.hetzner", "stack lab");
                });
    }

    @Test
    void firewallRulesChangedOutsideKombifyShowInARead() {
        create(ResourceType.MACHINE, "web", Map.of("name", "web", "serverType", "cx22"));
        Map<String, Object> attributes = Map.of("node", "web", "defaultInbound", "deny", "defaultOutbound", "allow",
                "rules", List.of(Map.of("port", 443, "protocol", "tcp", "source", "any", "comment", "HTTPS")));
        ResourceState firewall = create(ResourceType.FIREWALL, "web", attributes);
        assertThat((List<?>) firewall.outputs().get("appliedTo")).hasSize(1);
        ReadRequest read = new ReadRequest(ResourceId.of(ResourceType.FIREWALL, "web"), firewall.providerId(), attributes,
                context(ResourceId.of(ResourceType.FIREWALL, "web"), ""));
        assertThat(provider.read(read).orElseThrow().attributes().get("rules"))
                .isEqualTo(Attributes.normalizeValue(attributes.get("rules")));

        try (HetznerClient api = new HetznerClient(HetznerSettings.from(cloud.config()), ApiToken.of(FakeCloud.TOKEN.toCharArray()),
                "test")) {
            api.awaitAll(Json.objects(api.post("firewalls/" + firewall.providerId() + "/actions/set_rules", Map.of("rules",
                    List.of(Map.of("direction", "in", "protocol", "tcp", "port", "22", "source_ips", List.of("0.0.0.0/0", "::/0"))))),
                    "actions"));
        }
        assertThat(provider.read(read).orElseThrow().attributes().get("rules"))
                .isEqualTo(List.of(Map.of("port", 22L, "protocol", "tcp", "source", "any")));
    }

    @Test
    void aFirewallThatWouldDenyAllOutboundTrafficIsRefused() {
        assertThatThrownBy(() -> create(ResourceType.FIREWALL, "web", Map.of("node", "web", "defaultOutbound", "deny",
                "rules", List.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(e.getMessage()).contains("defaultOutbound", "firewall.web", "allow");
                });
    }

    @Test
    void aVolumeMovesBetweenNodesButNeverShrinks() {
        ResourceState one = create(ResourceType.MACHINE, "one", Map.of("name", "one", "serverType", "cx22"));
        ResourceState two = create(ResourceType.MACHINE, "two", Map.of("name", "two", "serverType", "cx22"));
        Map<String, Object> attributes = Map.of("name", "data", "size", 20, "node", "one");
        ResourceId id = ResourceId.of(HetznerProvider.HCLOUD_VOLUME, "data");
        ResourceState volume = create(id.type(), id.name(), attributes);
        assertThat(volume.outputs()).containsEntry("serverId", Long.parseLong(one.providerId()));

        Map<String, Object> moved = new LinkedHashMap<>(attributes);
        moved.put("node", "two");
        ResourceState after = provider.update(new UpdateRequest(id, volume.providerId(), attributes, moved, Set.of("node"), Set.of(),
                "u1", context(id, "v1")));
        assertThat(after.attributes()).containsEntry("node", "two");
        assertThat(after.outputs()).containsEntry("serverId", Long.parseLong(two.providerId()));

        Map<String, Object> bigger = new LinkedHashMap<>(moved);
        bigger.put("size", 30);
        ResourceState grown = provider.update(new UpdateRequest(id, volume.providerId(), moved, bigger, Set.of("size"), Set.of(),
                "u3", context(id, "v1")));
        assertThat(grown.attributes()).containsEntry("size", 30L);
        assertThat(cloud.fake.resources("volumes").get(0).json()).contains("\"size\":30");
        assertThat(cloud.fake.requests()).filteredOn(r -> r.apiPath().endsWith("/actions/resize")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"size\":30}"));

        Map<String, Object> smaller = new LinkedHashMap<>(moved);
        smaller.put("size", 10);
        assertThatThrownBy(() -> provider.update(new UpdateRequest(id, volume.providerId(), moved, smaller, Set.of("size"), Set.of(),
                "u2", context(id, "v1"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(e.getMessage()).contains("only grow");
                });
    }

    @Test
    void aPrimaryIpAssignedToARunningServerIsNotDeletedAndOneThatDiesWithItsServerIsRefused() {
        ResourceState ip = create(HetznerProvider.PRIMARY_IP, "web-v4", Map.of("name", "web-v4"));
        create(ResourceType.MACHINE, "web", Map.of("name", "web", "serverType", "cx22", "primaryIpv4", "primary_ip.web-v4"));
        ResourceId ipId = ResourceId.of(HetznerProvider.PRIMARY_IP, "web-v4");

        assertThatThrownBy(() -> provider.delete(new DeleteRequest(ipId, ip.providerId(), Map.of(), "d1", context(ipId, "d1"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo("HETZNER_PRIMARY_IP_ASSIGNED");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("web-v4", "server web", "running", "only while the server is off",
                            "hcloud server poweroff web");
                });
        assertThat(cloud.fake.requests()).noneMatch(r -> r.apiPath().endsWith("/actions/unassign"));
        assertThat(cloud.fake.resources("primary_ips")).anySatisfy(r -> assertThat(r.name()).isEqualTo("web-v4"));

        create(HetznerProvider.PRIMARY_IP, "db-v4", Map.of("name", "db-v4", "autoDelete", true));
        assertThatThrownBy(() -> create(ResourceType.MACHINE, "db", Map.of("name", "db", "serverType", "cx22",
                "primaryIpv4", "primary_ip.db-v4")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(e.getMessage()).contains("primaryIpv4", "machine.db", "autoDelete: true", "replaced");
                });
        assertThat(cloud.fake.resources("servers")).hasSize(1);
    }

    @Test
    void aKeyReadFromItsFileIsRegisteredAndAMissingFileIsNamed(@TempDir Path dir) throws IOException {
        Path pub = dir.resolve("id_ed25519.pub");
        Files.writeString(pub, TestKeys.ed25519("file@test") + "\n");
        ResourceState key = create(ResourceType.SSH_KEY, "file", Map.of("name", "file", "publicKeyPath", pub.toString()));
        assertThat(key.attributes()).containsEntry("publicKeyPath", pub.toString());
        assertThat(cloud.fake.resources("ssh_keys").get(0).json()).contains(TestKeys.ed25519("file@test"));

        assertThatThrownBy(() -> create(ResourceType.SSH_KEY, "gone", Map.of("name", "gone",
                "publicKeyPath", dir.resolve("missing.pub").toString())))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(e.getMessage()).contains("missing.pub", "ssh-keygen");
                });
    }

    private ResourceState create(ResourceType type, String name, Map<String, Object> attributes) {
        ResourceId id = ResourceId.of(type, name);
        String key = "key" + (++keys);
        return provider.create(new CreateRequest(id, attributes, Set.of(), key, context(id, key)));
    }

    private static ProviderContext context(ResourceId id, String key) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ProviderContext.LABEL_STACK, STACK);
        labels.put(ProviderContext.LABEL_RESOURCE, id.toString());
        if (!key.isEmpty()) {
            labels.put(ProviderContext.LABEL_IDEMPOTENCY_KEY, key);
        }
        return new ProviderContext(STACK, labels, SecretResolver.NONE);
    }
}
