package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.core.Secret;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.InMemoryStateStore;
import io.kombify.sim.cloud.hetzner.FakeResource;
import io.kombify.sim.deploy.SimulatedProvider;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec with a Hetzner node, applied through a {@link Deployer}: the plugin's provider makes what
 * the node needs at Hetzner (key, network, subnet, server, firewall) on the fake, the simulated
 * provider stands in for the rest (Docker, the local host, DNS). Applying again plans nothing;
 * destroying leaves nothing labelled with the stack at Hetzner.
 */
class HetznerSpecApplyTest {

    private static final String STACK = "edge-lab";

    @Test
    void aSpecWithAHetznerNodeAppliesPlansNothingMoreAndDestroysClean(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("id_ed25519");
        Files.writeString(key.resolveSibling("id_ed25519.pub"),
                TestKeys.ed25519("sam@laptop") + "\n");
        ResolvedSpec spec = SpecResolver.create().resolve(SpecReader.defaults().readString("edge-lab.yaml", """
                name: %s
                version: "1.0"
                nodes:
                  - name: edge
                    type: main
                    provider: hetzner
                    ssh:
                      host: 203.0.113.10
                      user: root
                      key_path: %s
                    resources:
                      cpu: 2
                      memory: 4Gi
                      disk: 40Gi
                    labels:
                      site: nbg1
                      image: debian-12
                  - name: home
                    type: worker
                    provider: local
                    ssh:
                      host: home.lan
                      user: sam
                services:
                  - name: whoami
                    type: service
                    node: edge
                    config:
                      image: traefik/whoami:v1.10
                    ports:
                      - container: 80
                        host: 8080
                security:
                  firewall:
                    enabled: true
                    defaultInbound: deny
                    rules:
                      - port: 443
                        comment: HTTPS
                      - port: 22
                        source: vpn
                        comment: SSH over the tailnet
                network:
                  internal:
                    subnet: 10.42.0.0/16
                    gateway: 10.42.0.1
                """.formatted(STACK, key)));
        ResourceGraph graph = ResourceGraph.of(spec);
        assertThat(graph.resources()).filteredOn(r -> r.provider().equals("hetzner")).extracting(Resource::type)
                .contains(ResourceType.SSH_KEY, ResourceType.NETWORK, ResourceType.SUBNET, ResourceType.MACHINE,
                        ResourceType.FIREWALL);

        try (FakeCloud cloud = new FakeCloud(1); HetznerProvider hetzner = cloud.provider()) {
            SimulatedProvider sim = SimulatedProvider.inMemory();
            // The simulated Docker engine needs a node to run the containers on: its world gets a
            // machine standing for the Hetzner server of node edge.
            sim.create(new CreateRequest(ResourceId.of(ResourceType.MACHINE, "edge"), Map.of("name", "edge", "role", "main"),
                    Set.of(), "stand-in-for-hetzner", new ProviderContext(STACK, Map.of(), SecretResolver.NONE)));
            Set<String> others = new LinkedHashSet<>();
            graph.resources().forEach(r -> others.add(r.provider()));
            others.remove("hetzner");
            List<Provider> providers = new ArrayList<>();
            providers.add(hetzner);
            others.forEach(n -> providers.add(sim.named(n)));
            Deployer deployer = Deployer.builder().providers(Providers.of(providers)).stateStore(new InMemoryStateStore())
                    .secrets(ref -> Secret.of(ref, "value-of-" + ref.name()))
                    .owner("hetzner spec test").build();

            ApplyResult applied = deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults());

            assertThat(applied.failures()).isEmpty();
            assertThat(applied.succeeded()).isTrue();
            assertThat(names(cloud, "ssh_keys")).containsExactly("kombify-" + STACK);
            assertThat(names(cloud, "networks")).containsExactly("kombify-" + STACK);
            assertThat(names(cloud, "servers")).containsExactly("edge");
            assertThat(names(cloud, "firewalls")).containsExactly("kombify-" + STACK + "-edge");
            FakeResource network = cloud.fake.resources("networks").get(0);
            assertThat(network.json()).contains("\"ip_range\":\"10.42.0.0/16\"", "\"gateway\":\"10.42.0.1\"",
                    "\"network_zone\":\"eu-central\"");
            FakeResource server = cloud.fake.resources("servers").get(0);
            assertThat(server.json()).contains("\"name\":\"cx22\"", "\"status\":\"running\"", "\"network\":" + network.id());
            assertThat(server.labels()).containsEntry(ProviderContext.LABEL_STACK, STACK)
                    .containsEntry(ProviderContext.LABEL_RESOURCE, "machine.edge").containsEntry("site", "nbg1");
            FakeResource firewall = cloud.fake.resources("firewalls").get(0);
            assertThat(firewall.json()).contains("\"port\":\"443\"", "\"port\":\"22\"", "100.64.0.0/10",
                    "\"server\":{\"id\":" + server.id() + "}");
            assertThat(firewall.json()).doesNotContain("\"port\":\"8080\"");

            Plan again = deployer.plan(graph, PlanOptions.DEFAULT);
            assertThat(again.effectiveChanges()).as("changes planned right after the apply").isEmpty();

            ApplyResult destroyed = deployer.destroy(PlanOptions.DEFAULT.forDestroy(), ApplyOptions.defaults());
            assertThat(destroyed.failures()).isEmpty();
            assertThat(cloud.inventory(STACK)).as("what Hetzner still holds for the stack").isEmpty();
            for (String collection : List.of("servers", "ssh_keys", "networks", "firewalls", "volumes", "primary_ips")) {
                assertThat(cloud.fake.resources(collection)).as(collection).isEmpty();
            }
        }
    }

    private static List<String> names(FakeCloud cloud, String collection) {
        return cloud.fake.resources(collection).stream().filter(r -> STACK.equals(r.labels().get(ProviderContext.LABEL_STACK)))
                .map(FakeResource::name).toList();
    }
}
