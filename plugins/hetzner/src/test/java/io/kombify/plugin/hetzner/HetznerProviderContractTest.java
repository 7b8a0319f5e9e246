package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.testing.ErrorInjector;
import io.kombify.deploy.testing.ProviderContractTest;
import io.kombify.sim.cloud.hetzner.FakeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The provider contract, run against the Hetzner Cloud fake with a sample of every type the
 * provider declares: a key, a network with a subnet, a primary IP, a server using all three, its
 * firewall and a volume attached to it. Errors are injected through the fake (429 with
 * Retry-After, 503, and answers held back past the provider's request timeout, whose requests
 * took effect); the inventory is what the fake holds under the stack's label. Last, every
 * request the run sent is checked against the official API document.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HetznerProviderContractTest extends ProviderContractTest {

    /**
     * The provider's request timeout here (short, so the injected timeouts cost little; long
     * enough that a busy machine does not time out by itself), and how long an answer is held
     * back to make it time out.
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration LATE = REQUEST_TIMEOUT.plusMillis(300);

    private static FakeCloud cloud;

    @BeforeAll
    static void startFake() {
        cloud = new FakeCloud(2);
    }

    @AfterAll
    static void stopFake() {
        cloud.close();
    }

    @Override
    protected Provider provider() {
        return cloud.provider(HetznerSettings.REQUEST_TIMEOUT, REQUEST_TIMEOUT.toMillis() + "ms");
    }

    @Override
    protected List<Resource> sampleResources() {
        return samples("hetzner");
    }

    /** The sample graph, with every resource naming {@code provider}. */
    static List<Resource> samples(String provider) {
        Resource key = new Resource(ResourceId.of(ResourceType.SSH_KEY, "lab"), provider, Map.of(
                "name", "contract-key",
                "publicKey", TestKeys.ed25519("contract@test"),
                "labels", Map.of("team", "infra")), Set.of());
        Resource network = new Resource(ResourceId.of(ResourceType.NETWORK, "hetzner"), provider, Map.of(
                "name", "contract-net", "ipRange", "10.20.0.0/16", "labels", Map.of("tier", "private")), Set.of());
        Resource subnet = new Resource(ResourceId.of(ResourceType.SUBNET, "hetzner"), provider, Map.of(
                "network", "network.hetzner", "ipRange", "10.20.1.0/24", "gateway", "10.20.0.1", "location", "nbg1"),
                Set.of(network.id()));
        Resource ip = new Resource(ResourceId.of(HetznerProvider.PRIMARY_IP, "web-v4"), provider, Map.of(
                "name", "contract-web-v4", "type", "ipv4", "location", "nbg1", "autoDelete", false), Set.of());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("name", "web");
        machine.put("role", "main");
        machine.put("cpu", 2);
        machine.put("memory", "4Gi");
        machine.put("disk", "40Gi");
        machine.put("labels", Map.of("site", "nbg1", "Owner Name", "Sam_Smith"));
        machine.put("location", "nbg1");
        machine.put("image", "debian-12");
        machine.put("sshKey", "ssh_key.lab");
        machine.put("sshUser", "root");
        machine.put("subnet", "subnet.hetzner");
        machine.put("primaryIpv4", "primary_ip.web-v4");
        Resource server = new Resource(ResourceId.of(ResourceType.MACHINE, "web"), provider, machine,
                Set.of(key.id(), subnet.id(), ip.id()));
        Resource firewall = new Resource(ResourceId.of(ResourceType.FIREWALL, "web"), provider, Map.of(
                "node", "web", "backend", "nftables", "defaultInbound", "deny", "defaultOutbound", "allow",
                "rules", List.of(
                        Map.of("port", 22, "protocol", "tcp", "source", "vpn", "comment", "SSH over the tailnet"),
                        Map.of("port", 443, "protocol", "both", "source", "any"),
                        Map.of("port", 5432, "protocol", "tcp", "source", "lan"),
                        Map.of("port", 9100, "protocol", "tcp", "source", "203.0.113.0/24")),
                "publishedPorts", List.of(Map.of("port", 8080, "protocol", "tcp", "service", "app"))),
                Set.of(server.id()));
        Resource volume = new Resource(ResourceId.of(HetznerProvider.HCLOUD_VOLUME, "data"), provider, Map.of(
                "name", "contract-data", "size", 10, "node", "web", "format", "ext4", "labels", Map.of("backup", "daily")),
                Set.of(server.id()));
        return List.of(key, network, subnet, ip, server, firewall, volume);
    }

    @Override
    protected Optional<Resource> modified(Resource resource) {
        Map<String, Object> a = new LinkedHashMap<>(resource.attributes());
        if (resource.type().equals(ResourceType.FIREWALL)) {
            List<Object> rules = new ArrayList<>((List<?>) a.get("rules"));
            rules.add(Map.of("port", "8000-8100", "protocol", "udp", "source", "any", "comment", "media"));
            a.put("rules", rules);
        } else if (resource.type().equals(HetznerProvider.HCLOUD_VOLUME)) {
            a.put("labels", Map.of("backup", "weekly"));
            a.put("name", "contract-data-renamed");
            a.put("size", 20);
        } else if (resource.type().equals(ResourceType.SUBNET)) {
            a.put("location", "fsn1");
        } else if (resource.type().equals(ResourceType.MACHINE)) {
            a.put("labels", Map.of("site", "nbg1", "Owner Name", "Kim_Lee", "tier", "front"));
            a.put("taints", List.of("low-power"));
        } else {
            return super.modified(resource);
        }
        return Optional.of(new Resource(resource.id(), resource.provider(), a, resource.sensitive(), resource.dependsOn()));
    }

    @Override
    protected Optional<ErrorInjector> errorInjector(Provider provider) {
        return Optional.of(new ErrorInjector() {
            @Override
            public void failNextCalls(ErrorKind kind, int calls) {
                switch (kind) {
                    case RATE_LIMITED -> cloud.fake.faults().rateLimitNext(calls, Duration.ZERO);
                    case UNAVAILABLE -> cloud.fake.faults().serverErrorNext(calls);
                    case TIMEOUT -> cloud.fake.faults().delayNext(calls, LATE);
                    default -> throw new IllegalArgumentException("the fake cannot fail with " + kind);
                }
            }

            @Override
            public Set<ErrorKind> kinds() {
                return EnumSet.of(ErrorKind.RATE_LIMITED, ErrorKind.UNAVAILABLE, ErrorKind.TIMEOUT);
            }
        });
    }

    @Override
    protected Optional<Collection<String>> inventory(Provider provider, String stack) {
        return Optional.of(cloud.inventory(stack));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyRequestTheContractRunSentMatchesTheApiDocument() {
        Set<String> operations = new TreeSet<>();
        for (FakeRequest r : cloud.fake.requests()) {
            operations.add(ApiDocument.hcloud().check(r).operation());
        }
        assertThat(operations).as("operations the contract run used (run the whole class: this test checks what the "
                        + "others sent)")
                .contains("POST /servers", "DELETE /servers/{id}", "PUT /servers/{id}", "POST /ssh_keys",
                        "POST /networks", "POST /networks/{id}/actions/add_subnet",
                        "POST /networks/{id}/actions/delete_subnet", "POST /firewalls",
                        "POST /firewalls/{id}/actions/set_rules", "POST /firewalls/{id}/actions/remove_from_resources",
                        "POST /volumes", "PUT /volumes/{id}", "POST /volumes/{id}/actions/detach",
                        "POST /volumes/{id}/actions/resize",
                        "POST /primary_ips", "GET /actions/{id}", "GET /server_types", "GET /locations");
        assertThat(cloud.requestProblems()).as("requests that do not match the Hetzner Cloud API document").isEmpty();
    }
}
