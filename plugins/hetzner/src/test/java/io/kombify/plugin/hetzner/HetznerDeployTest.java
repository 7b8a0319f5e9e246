package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.StepFailure;
import io.kombify.deploy.state.InMemoryStateStore;
import io.kombify.sim.cloud.hetzner.FakeRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees of the API's refusals and failures when applying through a {@link Deployer}. */
class HetznerDeployTest {

    private static final ResourceId KEY = ResourceId.of(ResourceType.SSH_KEY, "lab");
    private static final ResourceId WEB = ResourceId.of(ResourceType.MACHINE, "web");

    @Test
    void aCallRefusedWithRetryAfterIsRetriedOnceTheWaitIsOver() {
        try (FakeCloud cloud = new FakeCloud(1); HetznerProvider provider = cloud.provider()) {
            List<DeployEvent> events = new CopyOnWriteArrayList<>();
            Deployer deployer = deployer(provider, events);
            cloud.fake.faults().rateLimitNext(1, Duration.ofSeconds(1));

            long start = System.nanoTime();
            ApplyResult result = deployer.apply(graph("rate-limited", key()), PlanOptions.DEFAULT, ApplyOptions.defaults());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.failures()).isEmpty();
            assertThat(result.succeeded()).isTrue();
            assertThat(result.created()).isEqualTo(1);
            List<DeployEvent.StepRetrying> retries = events.stream().filter(DeployEvent.StepRetrying.class::isInstance)
                    .map(DeployEvent.StepRetrying.class::cast).toList();
            assertThat(retries).singleElement().satisfies(r -> {
                assertThat(r.code()).isEqualTo("PROVIDER_RATE_LIMITED");
                assertThat(r.delay()).as("the executor's wait, which honours Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                assertThat(r.message()).contains("rate_limit_exceeded", "HTTP 429");
            });
            assertThat(took).as("the apply waited out the Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            List<FakeRequest> sent = cloud.fake.requests();
            assertThat(sent.get(0).status()).isEqualTo(429);
            assertThat(sent.subList(1, sent.size())).allSatisfy(r -> assertThat(r.status()).isLessThan(300));
            assertThat(sent).filteredOn(r -> r.method().equals("POST")).singleElement()
                    .satisfies(r -> assertThat(r.path()).isEqualTo("/v1/ssh_keys"));
            assertThat(cloud.fake.resources("ssh_keys")).hasSize(1);
        }
    }

    @Test
    void anActionThatFailsIsReportedWithTheApisMessageAndLeavesNothingBehind() {
        try (FakeCloud cloud = new FakeCloud(2); HetznerProvider provider = cloud.provider()) {
            List<DeployEvent> events = new CopyOnWriteArrayList<>();
            Deployer deployer = deployer(provider, events);
            cloud.fake.faults().failNextAction("create_server", "placement_error", "no capacity for cx22 in nbg1 right now");
            Resource server = new Resource(WEB, "hetzner", Map.of("name", "web", "serverType", "cx22",
                    "image", "debian-12", "location", "nbg1", "sshKey", KEY.toString()), Set.of(KEY));

            ApplyResult result = deployer.apply(graph("failing", key(), server), PlanOptions.DEFAULT, ApplyOptions.defaults());

            assertThat(result.succeeded()).isFalse();
            assertThat(result.created()).as("the key was made").isEqualTo(1);
            StepFailure failure = result.failures().stream().filter(f -> f.id().equals(WEB)).findFirst().orElseThrow();
            assertThat(failure.action()).isEqualTo(Action.CREATE);
            assertThat(failure.code()).isEqualTo("HETZNER_ACTION_FAILED");
            assertThat(failure.message()).contains("create_server", "no capacity for cx22 in nbg1 right now", "placement_error");
            assertThat(failure.attempts()).as("an action's failure is not retried").isEqualTo(1);
            assertThat(events).filteredOn(DeployEvent.StepFailed.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((DeployEvent.StepFailed) e).message()).contains("no capacity"));
            assertThat(result.state().resources()).containsOnlyKeys(KEY);
            assertThat(cloud.fake.resources("servers")).as("the server whose creation failed was removed").isEmpty();
        }
    }

    @Test
    void anInvalidRequestIsReportedWithTheFieldsTheApiNamed() {
        try (FakeCloud cloud = new FakeCloud(1); HetznerProvider provider = cloud.provider()) {
            Deployer deployer = deployer(provider, new CopyOnWriteArrayList<>());
            Resource server = new Resource(WEB, "hetzner", Map.of("name", "web", "serverType", "cx22",
                    "image", "no-such-image", "location", "nbg1"), Set.of());

            ApplyResult result = deployer.apply(graph("invalid", server), PlanOptions.DEFAULT, ApplyOptions.defaults());

            assertThat(result.failures()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("PROVIDER_REQUEST_INVALID");
                assertThat(f.message()).contains("POST /servers", "invalid_input", "field image", "no-such-image");
                assertThat(f.attempts()).isEqualTo(1);
            });
        }
    }

    @Test
    void changesMadeOutsideKombifyAreRepairedByTheNextApply() {
        try (FakeCloud cloud = new FakeCloud(1); HetznerProvider provider = cloud.provider();
             HetznerClient console = new HetznerClient(HetznerSettings.from(cloud.config()),
                     ApiToken.of(FakeCloud.TOKEN.toCharArray()), "console")) {
            Deployer deployer = deployer(provider, new CopyOnWriteArrayList<>());
            Resource server = new Resource(WEB, "hetzner", Map.of("name", "web", "serverType", "cx22", "labels",
                    Map.of("tier", "front")), Set.of());
            Resource firewall = new Resource(ResourceId.of(ResourceType.FIREWALL, "web"), "hetzner", Map.of("node", "web",
                    "rules", List.of(Map.of("port", 443, "protocol", "tcp", "source", "any"))), Set.of(WEB));
            ResourceGraph graph = graph("drifting", server, firewall);
            assertThat(deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults()).succeeded()).isTrue();
            long serverId = cloud.fake.resources("servers").get(0).id();
            long firewallId = cloud.fake.resources("firewalls").get(0).id();

            // What someone does in the console: rename the server, drop its label, open SSH to the world.
            Map<String, Object> labels = new HashMap<>(cloud.fake.resources("servers").get(0).labels());
            labels.remove("tier");
            console.put("servers/" + serverId, Map.of("name", "web-old", "labels", labels));
            console.awaitAll(Json.objects(console.post("firewalls/" + firewallId + "/actions/set_rules", Map.of("rules",
                    List.of(Map.of("direction", "in", "protocol", "tcp", "port", "22", "source_ips", List.of("0.0.0.0/0"))))),
                    "actions"));

            Plan repair = deployer.plan(graph, PlanOptions.DEFAULT);
            assertThat(repair.effectiveChanges()).extracting(c -> c.id() + " " + c.action())
                    .containsExactlyInAnyOrder("machine.web UPDATE", "firewall.web UPDATE");
            ApplyResult repaired = deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults());

            assertThat(repaired.failures()).isEmpty();
            assertThat(cloud.fake.resources("servers").get(0).name()).isEqualTo("web");
            assertThat(cloud.fake.resources("servers").get(0).labels()).containsEntry("tier", "front");
            assertThat(cloud.fake.resources("firewalls").get(0).json()).contains("\"port\":\"443\"").doesNotContain("\"port\":\"22\"");
            assertThat(deployer.plan(graph, PlanOptions.DEFAULT).effectiveChanges()).isEmpty();
        }
    }

    @Test
    void aTakenNameFailsAtOnceInsteadOfBeingRetried() {
        try (FakeCloud cloud = new FakeCloud(1); HetznerProvider provider = cloud.provider(); HetznerClient console = console(cloud)) {
            console.post("ssh_keys", Map.of("name", "lab-key", "public_key", TestKeys.ed25519("someone@else")));
            Deployer deployer = deployer(provider, new CopyOnWriteArrayList<>());

            ApplyResult result = deployer.apply(graph("taken", key()), PlanOptions.DEFAULT, ApplyOptions.defaults());

            assertThat(result.failures()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("HETZNER_NAME_TAKEN");
                assertThat(f.attempts()).as("waiting does not free a name").isEqualTo(1);
                assertThat(f.message()).contains("uniqueness_error", "named lab-key", "hcloud ssh-key list");
            });
        }
    }

    @Test
    void labelsHetznerHoldsHashedOrAsTextPlanNothingAfterTheApply() {
        try (FakeCloud cloud = new FakeCloud(0); HetznerProvider provider = cloud.provider()) {
            Deployer deployer = deployer(provider, new CopyOnWriteArrayList<>());
            String note = "reviewed by the platform team on 2026-03-01, see ticket OPS-1234 for the details";
            Resource network = new Resource(ResourceId.of(ResourceType.NETWORK, "lan"), "hetzner", Map.of("name", "lan",
                    "ipRange", "10.60.0.0/16", "labels", Map.of("note", note, "replicas", 3, "public", true)), Set.of());
            ResourceGraph graph = graph("labelled", network);

            assertThat(deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();

            assertThat(cloud.fake.resources("networks").get(0).labels()).containsEntry("replicas", "3")
                    .hasEntrySatisfying("note", v -> assertThat(v).startsWith("h_"));
            assertThat(deployer.plan(graph, PlanOptions.DEFAULT).effectiveChanges()).isEmpty();
        }
    }

    @Test
    void aServerTypeInCapitalsAndAnImageGivenByIdPlanNothingAfterTheApply() {
        try (FakeCloud cloud = new FakeCloud(0); HetznerProvider provider = cloud.provider()) {
            Deployer deployer = deployer(provider, new CopyOnWriteArrayList<>());
            Resource server = new Resource(WEB, "hetzner", Map.of("name", "web", "serverType", "CX22", "image", "67794396",
                    "location", "nbg1"), Set.of());
            ResourceGraph graph = graph("by-id", server);

            assertThat(deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();

            assertThat(cloud.fake.resources("servers").get(0).json()).contains("\"name\":\"ubuntu-22.04\"", "\"name\":\"cx22\"");
            assertThat(deployer.plan(graph, PlanOptions.DEFAULT).effectiveChanges()).isEmpty();
        }
    }

    @Test
    void aServerDetachedFromItsSubnetsNetworkIsAttachedAgainInPlace() {
        try (FakeCloud cloud = new FakeCloud(0); HetznerProvider provider = cloud.provider(); HetznerClient console = console(cloud)) {
            Deployer deployer = deployer(provider, new CopyOnWriteArrayList<>());
            ResourceGraph graph = graph("detached", network(), subnet(Map.of()), serverInSubnet());
            assertThat(deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();
            long serverId = cloud.fake.resources("servers").get(0).id();
            long networkId = cloud.fake.resources("networks").get(0).id();

            console.await(Json.obj(console.post("servers/" + serverId + "/actions/detach_from_network",
                    Map.of("network", networkId)), "action"));

            Plan repair = deployer.plan(graph, PlanOptions.DEFAULT);
            assertThat(repair.effectiveChanges()).extracting(c -> c.id() + " " + c.action()).containsExactly("machine.web UPDATE");
            assertThat(deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();
            assertThat(cloud.fake.resources("servers").get(0).id()).as("the same server").isEqualTo(serverId);
            assertThat(cloud.fake.resources("servers").get(0).json()).contains("\"network\":" + networkId);
            assertThat(deployer.plan(graph, PlanOptions.DEFAULT).effectiveChanges()).isEmpty();
        }
    }

    @Test
    void aSubnetsGatewayAndLocationInItsZoneChangeInPlaceWithoutACall() {
        try (FakeCloud cloud = new FakeCloud(0); HetznerProvider provider = cloud.provider()) {
            Deployer deployer = deployer(provider, new CopyOnWriteArrayList<>());
            assertThat(deployer.apply(graph("zones", network(), subnet(Map.of("location", "nbg1")), serverInSubnet()),
                    PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();
            int sent = cloud.fake.requests().size();

            ResourceGraph moved = graph("zones", network(), subnet(Map.of("location", "fsn1", "gateway", "10.70.0.1")), serverInSubnet());
            assertThat(deployer.plan(moved, PlanOptions.DEFAULT).effectiveChanges()).extracting(c -> c.id() + " " + c.action())
                    .containsExactly("subnet.lan UPDATE");
            assertThat(deployer.apply(moved, PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();
            assertThat(cloud.fake.requests().subList(sent, cloud.fake.requests().size()))
                    .noneMatch(r -> r.method().equals("POST") || r.method().equals("PUT") || r.method().equals("DELETE"));
            assertThat(deployer.plan(moved, PlanOptions.DEFAULT).effectiveChanges()).isEmpty();

            ApplyResult otherZone = deployer.apply(graph("zones", network(), subnet(Map.of("location", "ash")), serverInSubnet()),
                    PlanOptions.DEFAULT, ApplyOptions.defaults());
            assertThat(otherZone.failures()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("PROVIDER_REQUEST_INVALID");
                assertThat(f.message()).contains("subnet.lan", "eu-central", "us-east", "cannot move", "new ipRange");
            });
        }
    }

    @Test
    void aKeyFileHoldingAnotherKeyThanTheRegisteredOneReplacesIt(@TempDir Path dir) throws IOException {
        try (FakeCloud cloud = new FakeCloud(0); HetznerProvider provider = cloud.provider()) {
            Deployer deployer = deployer(provider, new CopyOnWriteArrayList<>());
            Path pub = dir.resolve("id_ed25519.pub");
            Files.writeString(pub, TestKeys.ed25519("first@laptop") + "\n");
            ResourceGraph graph = graph("key-file", new Resource(KEY, "hetzner", Map.of("name", "lab-key",
                    "publicKeyPath", pub.toString()), Set.of()));
            assertThat(deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();
            assertThat(deployer.plan(graph, PlanOptions.DEFAULT).effectiveChanges()).isEmpty();

            Files.writeString(pub, TestKeys.ed25519("second@laptop") + "\n");

            Plan plan = deployer.plan(graph, PlanOptions.DEFAULT);
            assertThat(plan.effectiveChanges()).singleElement().satisfies(c -> {
                assertThat(c.action()).isEqualTo(Action.REPLACE);
                assertThat(c.reason()).contains("publicKeyPath");
            });
            assertThat(deployer.apply(graph, PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();
            assertThat(cloud.fake.resources("ssh_keys")).singleElement()
                    .satisfies(k -> assertThat(k.json()).contains(TestKeys.ed25519("second@laptop")));
            assertThat(deployer.plan(graph, PlanOptions.DEFAULT).effectiveChanges()).isEmpty();
        }
    }

    @Test
    void aVolumeDetachedByTheReplacementOfItsServerIsAttachedToTheNewOneByTheNextApply() {
        try (FakeCloud cloud = new FakeCloud(0); HetznerProvider provider = cloud.provider()) {
            Deployer deployer = deployer(provider, new CopyOnWriteArrayList<>());
            Resource volume = new Resource(ResourceId.of(HetznerProvider.HCLOUD_VOLUME, "data"), "hetzner",
                    Map.of("name", "data", "size", 10, "node", "web"), Set.of(WEB));
            assertThat(deployer.apply(graph("reattach", new Resource(WEB, "hetzner", Map.of("name", "web", "serverType", "cx22"),
                    Set.of()), volume), PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();

            ResourceGraph bigger = graph("reattach", new Resource(WEB, "hetzner", Map.of("name", "web", "serverType", "cx32"),
                    Set.of()), volume);
            assertThat(deployer.apply(bigger, PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();
            long server = cloud.fake.resources("servers").get(0).id();
            assertThat(cloud.fake.resources("volumes").get(0).json()).as("detached with the old server").contains("\"server\":null");

            assertThat(deployer.plan(bigger, PlanOptions.DEFAULT).effectiveChanges()).extracting(c -> c.id() + " " + c.action())
                    .containsExactly("hcloud_volume.data UPDATE");
            assertThat(deployer.apply(bigger, PlanOptions.DEFAULT, ApplyOptions.defaults()).failures()).isEmpty();
            assertThat(cloud.fake.resources("volumes").get(0).json()).contains("\"server\":" + server);
            assertThat(deployer.plan(bigger, PlanOptions.DEFAULT).effectiveChanges()).isEmpty();
        }
    }

    private static Resource network() {
        return new Resource(ResourceId.of(ResourceType.NETWORK, "lan"), "hetzner", Map.of("name", "lan", "ipRange", "10.70.0.0/16"),
                Set.of());
    }

    private static Resource subnet(Map<String, Object> more) {
        Map<String, Object> attributes = new HashMap<>(Map.of("network", "network.lan", "ipRange", "10.70.1.0/24"));
        attributes.putAll(more);
        return new Resource(ResourceId.of(ResourceType.SUBNET, "lan"), "hetzner", attributes,
                Set.of(ResourceId.of(ResourceType.NETWORK, "lan")));
    }

    private static Resource serverInSubnet() {
        return new Resource(WEB, "hetzner", Map.of("name", "web", "serverType", "cx22", "subnet", "subnet.lan"),
                Set.of(ResourceId.of(ResourceType.SUBNET, "lan")));
    }

    private static HetznerClient console(FakeCloud cloud) {
        return new HetznerClient(HetznerSettings.from(cloud.config()), ApiToken.of(FakeCloud.TOKEN.toCharArray()), "console");
    }

    private static Resource key() {
        return new Resource(KEY, "hetzner", Map.of("name", "lab-key",
                "publicKey", TestKeys.ed25519("sam@lab")), Set.of());
    }

    private static ResourceGraph graph(String stack, Resource... resources) {
        ResourceGraph.Builder b = ResourceGraph.builder(stack, "test");
        for (Resource r : resources) {
            b.add(r);
        }
        return b.build();
    }

    private static Deployer deployer(HetznerProvider provider, List<DeployEvent> events) {
        return Deployer.builder().providers(Providers.of(provider)).stateStore(new InMemoryStateStore())
                .listener(events::add).owner("hetzner deploy test").build();
    }
}
