package io.kombify.deploy.internal;

import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.deploy.Action;
import io.kombify.deploy.AttributeChange;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.DriftItem;
import io.kombify.deploy.DriftReport;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.PlannedChange;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.RetryPolicy;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.RateLimit;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final String STACK = "lab";
    /** What the secret store would give; it must never show up in a plan. */
    private static final String SECRET_VALUE = "hunter2-correct-horse";
    private static final SecretResolver SECRETS = ref -> Secret.of(ref, SECRET_VALUE);

    private static final ResourceId HOST = id("host.h");
    private static final ResourceId NET = id("container_network.h");
    private static final ResourceId VOLUME = id("volume.app-data");
    private static final ResourceId DB = id("container.db");
    private static final ResourceId APP = id("container.app");

    private final FakeProvider local = FakeProvider.named("local", Map.of(ResourceType.HOST, Set.of("user")));
    private final FakeProvider docker = FakeProvider.named("docker", Map.of(
            ResourceType.CONTAINER, Set.of("environment", "labels", "restartPolicy"),
            ResourceType.CONTAINER_NETWORK, Set.of(),
            ResourceType.VOLUME, Set.of()));
    private final List<DeployEvent> events = new CopyOnWriteArrayList<>();

    private static ResourceId id(String address) {
        return ResourceId.parse(address);
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** The stack's graph, with the app container's attributes changed by {@code app}. */
    private static ResourceGraph graph(UnaryOperator<Map<String, Object>> app) {
        Map<String, Object> appAttrs = map("image", "ghcr.io/acme/app:1", "environment", map("TZ", "UTC", "MODE", "prod"),
                "ports", List.of(map("container", 80, "host", 8080, "protocol", "tcp")));
        return ResourceGraph.builder(STACK, "hash-1")
                .add(new Resource(HOST, "local", map("host", "10.0.0.5", "port", 22, "user", "ops"), Set.of()))
                .add(new Resource(NET, "docker", map("name", STACK), Set.of(HOST)))
                .add(new Resource(VOLUME, "docker", map("name", "app-data"), Set.of(HOST)))
                .add(new Resource(DB, "docker", map("image", "postgres:17", "environment", map("TZ", "UTC"),
                        "secretEnvironment", map("POSTGRES_PASSWORD", "secret://db-password")),
                        Set.of("secretEnvironment"), Set.of(HOST, NET)))
                .add(new Resource(APP, "docker", app.apply(appAttrs), Set.of(HOST, NET, VOLUME, DB)))
                .build();
    }

    private static ResourceGraph graph() {
        return graph(UnaryOperator.identity());
    }

    /** A state recording every resource of {@code graph}, plus {@code extra}. */
    private static State stateOf(ResourceGraph graph, ResourceRecord... extra) {
        Map<ResourceId, ResourceRecord> records = new TreeMap<>();
        graph.resources().forEach(r -> records.put(r.id(), FakeProvider.recordOf(r)));
        for (ResourceRecord r : extra) {
            records.put(r.id(), r);
        }
        return new State(State.FORMAT_VERSION, "lineage-7", 4, STACK, graph.specHash(), NOW, records);
    }

    /** Makes every record of {@code state} exist at its provider. */
    private State existing(State state) {
        state.resources().values().forEach(r -> (r.provider().equals("local") ? local : docker).holds(r));
        return state;
    }

    private Planner planner() {
        return new Planner(Providers.of(local, docker), SECRETS, events::add);
    }

    private static PlannedChange change(Plan plan, ResourceId id) {
        return plan.changes().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void createsEveryResourceOfANewStackInGraphOrder() {
        Plan plan = planner().plan(graph(), State.empty(STACK, NOW), PlanOptions.DEFAULT);

        assertThat(plan.changes()).extracting(PlannedChange::id, PlannedChange::action, PlannedChange::reason).containsExactly(
                tuple(HOST, Action.CREATE, "not yet created"), tuple(NET, Action.CREATE, "not yet created"),
                tuple(VOLUME, Action.CREATE, "not yet created"), tuple(DB, Action.CREATE, "not yet created"),
                tuple(APP, Action.CREATE, "not yet created"));
        assertThat(plan.changes()).allSatisfy(c -> {
            assertThat(c.prior()).isEmpty();
            assertThat(c.changes()).isEmpty();
        });
        assertThat(plan.summary()).isEqualTo("5 to create, 0 to update in place, 0 to replace, 0 to delete");
        assertThat(plan.stateSerial()).isZero();
        assertThat(local.reads.get() + docker.reads.get()).isZero();
    }

    @Test
    void plansNothingWhenSpecStateAndWorldAgree() {
        State state = existing(stateOf(graph()));

        Plan plan = planner().plan(graph(), state, PlanOptions.DEFAULT);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.changes()).extracting(PlannedChange::action).containsOnly(Action.NOOP);
        assertThat(plan.changes()).hasSize(5);
        assertThat(local.reads.get() + docker.reads.get()).isEqualTo(5);
    }

    @Test
    void updatesInPlaceWhenOnlyUpdatableAttributesChange() {
        State state = existing(stateOf(graph()));

        Plan plan = planner().plan(graph(app -> {
            app.put("environment", map("TZ", "Europe/Berlin", "MODE", "prod", "DEBUG", "1"));
            return app;
        }), state, PlanOptions.DEFAULT);

        PlannedChange c = change(plan, APP);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.reason()).isEqualTo("environment changed");
        assertThat(c.changes()).containsExactly(
                new AttributeChange("environment.DEBUG", null, "1", false, false),
                new AttributeChange("environment.TZ", "UTC", "Europe/Berlin", false, false));
        assertThat(plan.counts().get(Action.UPDATE)).isEqualTo(1);
        assertThat(plan.counts().get(Action.NOOP)).isEqualTo(4);
    }

    @Test
    void replacesWhenAnAttributeCannotChangeInPlace() {
        State state = existing(stateOf(graph()));

        Plan plan = planner().plan(graph(app -> {
            app.put("image", "ghcr.io/acme/app:2");
            app.put("environment", map("TZ", "UTC", "MODE", "test"));
            return app;
        }), state, PlanOptions.DEFAULT);

        PlannedChange c = change(plan, APP);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.changes()).containsExactly(
                new AttributeChange("environment.MODE", "prod", "test", false, false),
                new AttributeChange("image", "ghcr.io/acme/app:1", "ghcr.io/acme/app:2", false, true));
        assertThat(c.reason()).isEqualTo("environment, image changed; image cannot be changed in place");
    }

    @Test
    void diffsOfListsNameTheElement() {
        State state = existing(stateOf(graph()));

        Plan plan = planner().plan(graph(app -> {
            app.put("ports", List.of(map("container", 80, "host", 9090, "protocol", "tcp"),
                    map("container", 443, "host", 8443, "protocol", "tcp")));
            return app;
        }), state, PlanOptions.DEFAULT);

        assertThat(change(plan, APP).changes()).extracting(AttributeChange::path, AttributeChange::before, AttributeChange::after)
                .containsExactly(tuple("ports[0].host", 8080L, 9090L),
                        tuple("ports[1]", null, map("container", 443L, "host", 8443L, "protocol", "tcp")));
    }

    @Test
    void replacesWhenTheProviderChanges() {
        FakeProvider other = FakeProvider.named("podman", Map.of(ResourceType.VOLUME, Set.of()));
        State state = existing(stateOf(graph()));
        ResourceGraph moved = ResourceGraph.builder(STACK, "hash-2")
                .add(graph().resource(HOST).orElseThrow())
                .add(new Resource(VOLUME, "podman", map("name", "app-data"), Set.of(HOST)))
                .build();

        Plan plan = new Planner(Providers.of(local, docker, other), SECRETS, null).plan(moved, state, PlanOptions.DEFAULT);

        PlannedChange c = change(plan, VOLUME);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.reason()).isEqualTo("provider changes from docker to podman");
        assertThat(c.provider()).isEqualTo("podman");
        assertThat(c.prior().orElseThrow().provider()).isEqualTo("docker");
    }

    @Test
    void deletesWhatTheSpecNoLongerHasLastAndDependentsFirst() {
        ResourceRecord oldVolume = new ResourceRecord(id("volume.old-data"), "docker", "v-1", map("name", "old"), Set.of(),
                Map.of(), Set.of(HOST), "k1");
        ResourceRecord oldContainer = new ResourceRecord(id("container.old"), "docker", "c-1", map("image", "old:1"), Set.of(),
                Map.of(), Set.of(HOST, id("volume.old-data")), "k2");
        ResourceRecord sidecar = new ResourceRecord(id("container.aaa-sidecar"), "docker", "c-2", map("image", "side:1"), Set.of(),
                Map.of(), Set.of(id("container.old")), "k3");
        State state = existing(stateOf(graph(), oldVolume, oldContainer, sidecar));

        Plan plan = planner().plan(graph(), state, PlanOptions.DEFAULT);

        assertThat(plan.changes()).extracting(PlannedChange::id).containsExactly(
                HOST, NET, VOLUME, DB, APP, id("container.aaa-sidecar"), id("container.old"), id("volume.old-data"));
        assertThat(plan.changes().subList(5, 8)).allSatisfy(c -> {
            assertThat(c.action()).isEqualTo(Action.DELETE);
            assertThat(c.desired()).isEmpty();
            assertThat(c.reason()).isEqualTo("not in the spec");
        });
        assertThat(change(plan, id("container.old")).prior()).contains(oldContainer);
    }

    @Test
    void recreatesAResourceDeletedOutsideKombify() {
        State state = stateOf(graph());
        state.resources().values().stream().filter(r -> !r.id().equals(VOLUME))
                .forEach(r -> (r.provider().equals("local") ? local : docker).holds(r));

        Plan plan = planner().plan(graph(), state, PlanOptions.DEFAULT);

        PlannedChange c = change(plan, VOLUME);
        assertThat(c.action()).isEqualTo(Action.CREATE);
        assertThat(c.reason()).isEqualTo("deleted outside kombify");
        assertThat(c.prior()).contains(state.resources().get(VOLUME));
        assertThat(events).contains(new DeployEvent.ResourceRefreshed(VOLUME, false), new DeployEvent.ResourceRefreshed(APP, true));
    }

    @Test
    void attributesChangedOutsideKombifyArePlannedBackShowingTheActualValue() {
        State state = existing(stateOf(graph()));
        ResourceRecord app = state.resources().get(APP);
        docker.holds(app, attrs -> {
            attrs.put("environment", map("TZ", "Asia/Tokyo", "MODE", "prod"));
            return attrs;
        });
        ResourceRecord host = state.resources().get(HOST);
        local.holds(host, attrs -> {
            attrs.put("user", "root");
            attrs.put("kernel", "6.12");   // an attribute kombify does not manage is no drift
            return attrs;
        });

        Plan plan = planner().plan(graph(), state, PlanOptions.DEFAULT);

        PlannedChange c = change(plan, APP);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.reason()).isEqualTo("environment changed outside kombify");
        assertThat(c.changes()).containsExactly(new AttributeChange("environment.TZ", "Asia/Tokyo", "UTC", false, false));
        assertThat(change(plan, HOST).changes()).containsExactly(new AttributeChange("user", "root", "ops", false, false));
    }

    @Test
    void withoutRefreshNothingIsReadAndDriftIsNotSeen() {
        State state = stateOf(graph());   // nothing exists at the providers

        Plan plan = planner().plan(graph(), state, PlanOptions.DEFAULT.withRefresh(false));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(local.reads.get() + docker.reads.get()).isZero();
        assertThat(events).noneMatch(e -> e instanceof DeployEvent.RefreshStarted);
    }

    @Test
    void targetPlansTheTargetAndWhatItDependsOn() {
        ResourceGraph g = ResourceGraph.builder(STACK, "h")
                .add(new Resource(HOST, "local", map("host", "h"), Set.of()))
                .add(new Resource(NET, "docker", map(), Set.of(HOST)))
                .add(new Resource(DB, "docker", map("image", "postgres:17"), Set.of(NET)))
                .add(new Resource(APP, "docker", map("image", "app:1"), Set.of(DB)))
                .add(new Resource(id("container.other"), "docker", map("image", "other:1"), Set.of(NET)))
                .build();

        Plan plan = planner().plan(g, State.empty(STACK, NOW), PlanOptions.DEFAULT.withTargets(Set.of(DB)));

        assertThat(plan.changes()).extracting(PlannedChange::id).containsExactly(HOST, NET, DB);
        assertThat(plan.graph()).isEqualTo(g);
    }

    @Test
    void targetOfADeletedResourceTakesTheDeletedResourcesDependingOnItAlong() {
        ResourceRecord oldVolume = new ResourceRecord(id("volume.old-data"), "docker", "v-1", map(), Set.of(), Map.of(),
                Set.of(HOST), "k1");
        ResourceRecord oldContainer = new ResourceRecord(id("container.old"), "docker", "c-1", map(), Set.of(), Map.of(),
                Set.of(id("volume.old-data")), "k2");
        State state = existing(stateOf(graph(), oldVolume, oldContainer));

        Plan plan = planner().plan(graph(), state, PlanOptions.DEFAULT.withTargets(Set.of(id("volume.old-data"))));

        assertThat(plan.changes()).extracting(PlannedChange::id, PlannedChange::action).containsExactly(
                tuple(id("container.old"), Action.DELETE), tuple(id("volume.old-data"), Action.DELETE));
    }

    @Test
    void excludeLeavesOutTheResourceAndEverythingDependingOnIt() {
        Plan plan = planner().plan(graph(), State.empty(STACK, NOW), PlanOptions.DEFAULT.withExcludes(Set.of(NET)));

        assertThat(plan.changes()).extracting(PlannedChange::id).containsExactly(HOST, VOLUME);
    }

    @Test
    void targetsAndExcludesTogether() {
        Plan plan = planner().plan(graph(), State.empty(STACK, NOW),
                PlanOptions.DEFAULT.withTargets(Set.of(APP)).withExcludes(Set.of(DB)));

        assertThat(plan.changes()).extracting(PlannedChange::id).containsExactly(HOST, NET, VOLUME);
    }

    @Test
    void unknownTargetIsRefusedWithCloseMatches() {
        assertThatThrownBy(() -> planner().plan(graph(), State.empty(STACK, NOW),
                PlanOptions.DEFAULT.withTargets(Set.of(id("container.ap")))))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("RESOURCE_ADDRESS_UNKNOWN");
                    assertThat(e.getMessage()).contains("stack lab has no resource container.ap", "did you mean container.app");
                    assertThat(e.diagnostics()).singleElement()
                            .satisfies(d -> assertThat(d.hint()).startsWith("did you mean container.app"));
                });
        assertThatThrownBy(() -> planner().plan(graph(), State.empty(STACK, NOW),
                PlanOptions.DEFAULT.withExcludes(Set.of(id("machine.app")))))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("RESOURCE_ADDRESS_UNKNOWN");
                    assertThat(e.getMessage()).contains("machine.app", "did you mean container.app");
                });
        assertThatThrownBy(() -> planner().plan(graph(), State.empty(STACK, NOW),
                PlanOptions.DEFAULT.withTargets(Set.of(id("dns_record.example.org")))))
                .isInstanceOfSatisfying(KombifyException.class, e ->
                        assertThat(e.getMessage()).contains("kombify plan lists the stack's resources"));
    }

    @Test
    void missingProviderNamesTheResourceTheProviderAndTheWayOut() {
        Planner planner = new Planner(Providers.of(local), SECRETS, null);

        assertThatThrownBy(() -> planner.plan(graph(), State.empty(STACK, NOW), PlanOptions.DEFAULT))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("PROVIDER_MISSING");
                    assertThat(e.getMessage()).isEqualTo("[container_network.h, volume.app-data, container.db] and 1 more need provider "
                            + "'docker', which is not available (available: local)");
                    assertThat(e.diagnostics()).singleElement().satisfies(d ->
                            assertThat(d.hint()).contains("install the plugin that provides 'docker'", "--simulate"));
                });
        assertThatThrownBy(() -> planner.plan(ResourceGraph.builder(STACK, "h")
                        .add(new Resource(id("machine.vps"), "hetzner", map(), Set.of())).build(),
                State.empty(STACK, NOW), PlanOptions.DEFAULT))
                .hasMessage("machine.vps needs provider 'hetzner', which is not available (available: local)");
    }

    @Test
    void providerThatDoesNotHandleTheTypeIsReported() {
        ResourceGraph g = ResourceGraph.builder(STACK, "h").add(new Resource(id("machine.vps"), "docker", map(), Set.of())).build();

        assertThatThrownBy(() -> planner().plan(g, State.empty(STACK, NOW), PlanOptions.DEFAULT))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("PROVIDER_TYPE_UNSUPPORTED");
                    assertThat(e.getMessage()).isEqualTo("machine.vps is of type machine, which provider 'docker' does not handle "
                            + "(it handles container, container_network, volume)");
                });
    }

    @Test
    void sensitiveAttributesCompareByReferenceAndNeverShowAValue() {
        State state = existing(stateOf(graph()));
        ResourceRecord db = state.resources().get(DB);
        // A provider never returns sensitive attributes: their absence is no drift.
        assertThat(docker.read(new ReadRequest(DB, db.providerId(), db.attributes(),
                new ProviderContext(STACK, Map.of(), SECRETS))).orElseThrow().attributes()).doesNotContainKey("secretEnvironment");
        ResourceGraph rotated = ResourceGraph.builder(STACK, "hash-1")
                .add(graph().resource(HOST).orElseThrow())
                .add(graph().resource(NET).orElseThrow())
                .add(new Resource(DB, "docker", map("image", "postgres:17", "environment", map("TZ", "UTC"),
                        "secretEnvironment", map("POSTGRES_PASSWORD", "secret://db-password-2", "REPLICA_PASSWORD", "secret://replica")),
                        Set.of("secretEnvironment"), Set.of(HOST, NET)))
                .build();

        Plan plan = planner().plan(rotated, state, PlanOptions.DEFAULT);

        PlannedChange c = change(plan, DB);
        assertThat(c.action()).isEqualTo(Action.REPLACE);
        assertThat(c.changes()).containsExactly(
                new AttributeChange("secretEnvironment.POSTGRES_PASSWORD", "x", "y", true, true),
                new AttributeChange("secretEnvironment.REPLICA_PASSWORD", null, "y", true, true));
        assertThat(c.changes()).extracting(AttributeChange::after).containsOnly(AttributeChange.REDACTED);
        String text = plan.toText();
        String json = plan.toJson();
        assertThat(text).contains("secretEnvironment.POSTGRES_PASSWORD: (sensitive) -> (sensitive) (forces replacement)")
                .doesNotContain(SECRET_VALUE).doesNotContain("secret://");
        assertThat(json).doesNotContain(SECRET_VALUE);
        // The only secret:// text in the JSON is in the resources' and records' attributes, as references.
        JsonNode dbChange = null;
        for (JsonNode node : JsonMapper.builder().build().readTree(json).get("changes")) {
            assertThat(node.get("attributeChanges").toString()).doesNotContain("secret://");
            if (node.get("address").stringValue().equals("container.db")) {
                dbChange = node;
            }
        }
        assertThat(dbChange.get("attributeChanges").get(0).get("before").stringValue()).isEqualTo("(sensitive)");
        assertThat(dbChange.get("attributeChanges").get(0).get("after").stringValue()).isEqualTo("(sensitive)");
    }

    @Test
    void sensitiveAttributeHoldingAValueIsRefusedWithoutShowingIt() {
        ResourceGraph g = ResourceGraph.builder(STACK, "h")
                .add(new Resource(HOST, "local", map("host", "h"), Set.of()))
                .add(new Resource(DB, "docker", map("secretEnvironment", map("PW", SECRET_VALUE)), Set.of("secretEnvironment"),
                        Set.of(HOST)))
                .build();

        assertThatThrownBy(() -> planner().plan(g, State.empty(STACK, NOW), PlanOptions.DEFAULT))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("SENSITIVE_VALUE_NOT_REFERENCE");
                    assertThat(e.getMessage()).contains("container.db", "secretEnvironment").doesNotContain(SECRET_VALUE);
                });
    }

    @Test
    void readFailureNamesTheResourceAndKeepsTheProviderCode() {
        State state = existing(stateOf(graph()));
        docker.failsToRead(DB, new ProviderException(ErrorKind.UNAUTHORIZED, "the API token was refused"));

        assertThatThrownBy(() -> planner().plan(graph(), state, PlanOptions.DEFAULT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo("PROVIDER_UNAUTHORIZED");
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
                    assertThat(e.getMessage()).isEqualTo("cannot read container.db through provider 'docker': the API token was refused");
                });
    }

    @Test
    void retryableReadFailuresAreReadAgainHonouringRetryAfter() {
        State state = existing(stateOf(graph()));
        docker.failsToRead(DB, ProviderException.rateLimited("slow down", Duration.ofMillis(30)), 2);
        Planner planner = new Planner(Providers.of(local, docker), SECRETS, events::add,
                new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0));

        long start = System.nanoTime();
        Plan plan = planner.plan(graph(), state, PlanOptions.DEFAULT);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
    }

    @Test
    void aReadThatKeepsFailingRetryablyFailsThePlanAfterTheLastAttempt() {
        State state = existing(stateOf(graph()));
        docker.failsToRead(DB, new ProviderException(ErrorKind.UNAVAILABLE, "502 Bad Gateway"));
        Planner planner = new Planner(Providers.of(local, docker), SECRETS, events::add,
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), 2.0, 0.0));
        int before = docker.reads.get();

        assertThatThrownBy(() -> planner.plan(graph(), state, PlanOptions.DEFAULT))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("cannot read container.db through provider 'docker': 502 Bad Gateway"));
        assertThat(docker.reads.get() - before).isGreaterThanOrEqualTo(3);
    }

    @Test
    void unexpectedReadFailureBecomesProviderFailed() {
        State state = existing(stateOf(graph()));
        docker.failsToRead(APP, new IllegalStateException("socket closed"));

        assertThatThrownBy(() -> planner().plan(graph(), state, PlanOptions.DEFAULT))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("PROVIDER_FAILED");
                    assertThat(e.getMessage()).isEqualTo("cannot read container.app through provider 'docker': IllegalStateException: socket closed");
                });
    }

    @Test
    void refreshReadsInParallelOnABoundedPoolAndLeavesNoThreadBehind() throws InterruptedException {
        ResourceGraph.Builder b = ResourceGraph.builder(STACK, "h");
        for (int i = 0; i < 64; i++) {
            b.add(new Resource(id("volume.v" + i), "docker", map("name", "v" + i), Set.of()));
        }
        ResourceGraph g = b.build();
        State state = existing(stateOf(g));
        docker.slowReads(Duration.ofMillis(25));

        Plan plan = planner().plan(g, state, PlanOptions.DEFAULT);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(docker.reads.get()).isEqualTo(64);
        assertThat(docker.maxInFlight.get()).isBetween(2, Planner.MAX_REFRESH_THREADS);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (refreshThreadsAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(refreshThreadsAlive()).as("refresh threads still running").isFalse();
    }

    private static boolean refreshThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("kombify-refresh-") && t.isAlive());
    }

    @Test
    void refreshHonoursTheProvidersConcurrencyLimit() {
        FakeProvider limited = FakeProvider.named("docker", Map.of(ResourceType.VOLUME, Set.of()), new RateLimit(2, 0))
                .slowReads(Duration.ofMillis(10));
        ResourceGraph.Builder b = ResourceGraph.builder(STACK, "h");
        for (int i = 0; i < 12; i++) {
            b.add(new Resource(id("volume.v" + i), "docker", map(), Set.of()));
        }
        ResourceGraph g = b.build();
        State state = stateOf(g);
        state.resources().values().forEach(limited::holds);

        new Planner(Providers.of(limited), SECRETS, null).plan(g, state, PlanOptions.DEFAULT);

        assertThat(limited.reads.get()).isEqualTo(12);
        assertThat(limited.maxInFlight.get()).isBetween(1, 2);
    }

    @Test
    void readsCarryTheStackAndResourceLabels() {
        State state = existing(stateOf(graph()));

        planner().plan(graph(), state, PlanOptions.DEFAULT);

        assertThat(docker.requests).filteredOn(r -> r.id().equals(APP)).singleElement().satisfies(r -> {
            assertThat(r.providerId()).isEqualTo("pid-app");
            assertThat(r.context().stack()).isEqualTo(STACK);
            assertThat(r.context().ownershipLabels()).containsEntry(ProviderContext.LABEL_STACK, STACK)
                    .containsEntry(ProviderContext.LABEL_RESOURCE, "container.app");
            assertThat(r.recorded()).isEqualTo(state.resources().get(APP).attributes());
        });
    }

    @Test
    void reportsRefreshProgressAndTheReadyPlan() {
        State state = existing(stateOf(graph()));

        Plan plan = planner().plan(graph(app -> {
            app.put("image", "ghcr.io/acme/app:2");
            return app;
        }), state, PlanOptions.DEFAULT);

        assertThat(events.get(0)).isEqualTo(new DeployEvent.RefreshStarted(5));
        assertThat(events.subList(1, 6)).extracting(e -> ((DeployEvent.ResourceRefreshed) e).id())
                .containsExactlyInAnyOrder(HOST, NET, VOLUME, DB, APP);
        assertThat(events.get(6)).isEqualTo(new DeployEvent.PlanReady(plan.counts()));
        assertThat(((DeployEvent.PlanReady) events.get(6)).counts()).containsEntry(Action.REPLACE, 1).containsEntry(Action.NOOP, 4);
    }

    @Test
    void aThrowingListenerDoesNotBreakThePlan() {
        DeployListener broken = e -> {
            throw new IllegalStateException("display crashed");
        };
        State state = existing(stateOf(graph()));

        Plan plan = new Planner(Providers.of(local, docker), SECRETS, broken).plan(graph(), state, PlanOptions.DEFAULT);

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void planRemembersTheStateAndSpecItWasMadeAgainst() {
        State state = existing(stateOf(graph()));

        Plan plan = planner().plan(graph(), state, PlanOptions.DEFAULT);

        assertThat(plan.stack()).isEqualTo(STACK);
        assertThat(plan.specHash()).isEqualTo("hash-1");
        assertThat(plan.lineage()).isEqualTo("lineage-7");
        assertThat(plan.stateSerial()).isEqualTo(4);
        assertThat(plan.destroy()).isFalse();
    }

    @Test
    void stateOfAnotherStackIsRefused() {
        assertThatThrownBy(() -> planner().plan(graph(), State.empty("other", NOW), PlanOptions.DEFAULT))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.code()).isEqualTo("STATE_STACK_MISMATCH"));
    }

    @Test
    void sameInputsGiveEqualPlans() {
        ResourceRecord orphan = new ResourceRecord(id("volume.old"), "docker", "v", map(), Set.of(), Map.of(), Set.of(), "k");
        State state = existing(stateOf(graph(), orphan));
        UnaryOperator<Map<String, Object>> edit = app -> {
            app.put("image", "ghcr.io/acme/app:3");
            return app;
        };

        Plan first = planner().plan(graph(edit), state, PlanOptions.DEFAULT);
        Plan second = planner().plan(graph(edit), state, PlanOptions.DEFAULT);

        assertThat(second).isEqualTo(first);
        assertThat(second.toJson()).isEqualTo(first.toJson());
        assertThat(second.toText()).isEqualTo(first.toText());
    }

    @Test
    void destroyDeletesEveryRecordDependentsFirst() {
        State state = existing(stateOf(graph()));

        Plan plan = planner().planDestroy(state, PlanOptions.DEFAULT);

        assertThat(plan.destroy()).isTrue();
        assertThat(plan.specHash()).isEmpty();
        assertThat(plan.changes()).extracting(PlannedChange::action).containsOnly(Action.DELETE);
        assertThat(plan.changes()).extracting(PlannedChange::id).containsExactly(APP, DB, NET, VOLUME, HOST);
        assertThat(plan.changes()).extracting(PlannedChange::reason).containsOnly("destroy");
        assertThat(plan.graph().resources()).extracting(Resource::id).containsExactlyInAnyOrder(HOST, NET, VOLUME, DB, APP);
        assertThat(plan.graph().dependencies(APP)).containsExactlyInAnyOrder(HOST, NET, VOLUME, DB);
        assertThat(planner().plan(graph(), state, PlanOptions.DEFAULT.forDestroy())).isEqualTo(plan);
    }

    @Test
    void destroyOfATargetTakesItsDependentsAndAnExclusionKeepsWhatItNeeds() {
        State state = existing(stateOf(graph()));

        Plan targeted = planner().planDestroy(state, PlanOptions.DEFAULT.withTargets(Set.of(NET)));
        Plan excluded = planner().planDestroy(state, PlanOptions.DEFAULT.withExcludes(Set.of(DB)));

        assertThat(targeted.changes()).extracting(PlannedChange::id).containsExactly(APP, DB, NET);
        assertThat(excluded.changes()).extracting(PlannedChange::id).containsExactly(APP, VOLUME);
    }

    @Test
    void destroyOfResourcesAlreadyGoneSaysSo() {
        State state = stateOf(graph());

        Plan plan = planner().planDestroy(state, PlanOptions.DEFAULT);

        assertThat(plan.changes()).extracting(PlannedChange::reason).containsOnly("destroy (already gone)");
    }

    @Test
    void driftReportsMissingAndChangedResources() {
        State state = stateOf(graph());
        local.holds(state.resources().get(HOST));
        docker.holds(state.resources().get(NET));
        docker.holds(state.resources().get(DB), attrs -> {
            attrs.put("image", "postgres:18");
            return attrs;
        });
        docker.holds(state.resources().get(APP), attrs -> {
            attrs.put("ports", List.of(map("container", 80, "host", 8081, "protocol", "tcp")));
            return attrs;
        });

        DriftReport report = planner().drift(state);

        assertThat(report.stack()).isEqualTo(STACK);
        assertThat(report.checked()).isEqualTo(5);
        assertThat(report.hasDrift()).isTrue();
        assertThat(report.items()).extracting(DriftItem::id, DriftItem::kind).containsExactly(
                tuple(APP, DriftItem.Kind.CHANGED), tuple(DB, DriftItem.Kind.CHANGED), tuple(VOLUME, DriftItem.Kind.MISSING));
        assertThat(report.items().get(0).changes()).containsExactly(new AttributeChange("ports[0].host", 8080L, 8081L, false, false));
        assertThat(report.items().get(1).changes()).containsExactly(new AttributeChange("image", "postgres:17", "postgres:18", false, false));
    }

    @Test
    void noDriftWhenTheWorldMatchesTheState() {
        State state = existing(stateOf(graph()));

        assertThat(planner().drift(state).hasDrift()).isFalse();
    }

    @Test
    void attributeNamesThatAreNotPlainNamesAreQuotedInPaths() {
        List<AttributeChange> out = new ArrayList<>();
        Planner.diffValue(Planner.topPath("labels"), map("kombify.io/stack", "a", "plain", "x"),
                map("kombify.io/stack", "b", "plain", "x"), false, false, out);
        Planner.diffValue(Planner.topPath("odd key"), 1, 2, false, false, out);

        assertThat(out).extracting(AttributeChange::path).containsExactly("labels[\"kombify.io/stack\"]", "[\"odd key\"]");
    }

    @Test
    void deleteOrderFollowsRecordedDependenciesBackwards() {
        ResourceRecord a = new ResourceRecord(id("volume.a"), "docker", "1", map(), Set.of(), Map.of(), Set.of(), "k");
        ResourceRecord b = new ResourceRecord(id("container.b"), "docker", "2", map(), Set.of(), Map.of(), Set.of(id("volume.a")), "k");
        ResourceRecord c = new ResourceRecord(id("proxy_route.c"), "docker", "3", map(), Set.of(), Map.of(),
                Set.of(id("container.b"), id("machine.gone")), "k");

        assertThat(Planner.deleteOrder(List.of(a, b, c))).extracting(ResourceRecord::id)
                .containsExactly(id("proxy_route.c"), id("container.b"), id("volume.a"));
        assertThat(Planner.deleteOrder(List.of(c, a, b))).extracting(ResourceRecord::id)
                .containsExactly(id("proxy_route.c"), id("container.b"), id("volume.a"));
    }

    @Test
    void plansARealSampleAgainstAnEmptyState() {
        ResourceGraph g = ResourceGraph.of(SpecResolver.create().resolve(
                SpecReader.defaults().read(samples().resolve("single-node-homelab.yaml"))));
        FakeProvider dockerAll = FakeProvider.named("docker", Map.of(ResourceType.CONTAINER, Set.of(), ResourceType.CONTAINER_NETWORK,
                Set.of(), ResourceType.VOLUME, Set.of(), ResourceType.PROXY_ROUTE, Set.of()));
        FakeProvider localAll = FakeProvider.named("local", Map.of(ResourceType.HOST, Set.of(), ResourceType.FIREWALL, Set.of("rules")));
        FakeProvider dns = FakeProvider.named("dns", Map.of(ResourceType.DNS_RECORD, Set.of()));

        Plan plan = new Planner(Providers.of(dockerAll, localAll, dns), SECRETS, null).plan(g, State.empty("closet-lab", NOW),
                PlanOptions.DEFAULT);

        assertThat(plan.counts().get(Action.CREATE)).isEqualTo(g.size());
        assertThat(plan.changes()).extracting(PlannedChange::id).containsExactlyElementsOf(
                g.resources().stream().map(Resource::id).toList());
        assertThat(plan.toText()).contains("  + container.nextcloud (not yet created)").doesNotContain("secret://");
    }

    static Path samples() {
        return Path.of(System.getProperty("kombify.root", "..")).resolve("samples").resolve("specs");
    }

    @Test
    void optionalsOfTheChangesMatchTheirActions() {
        ResourceRecord orphan = new ResourceRecord(id("volume.old"), "docker", "v", map(), Set.of(), Map.of(), Set.of(), "k");
        State state = existing(stateOf(graph(), orphan));

        Plan plan = planner().plan(graph(), state, PlanOptions.DEFAULT);

        assertThat(change(plan, id("volume.old")).desired()).isEqualTo(Optional.empty());
        assertThat(change(plan, APP).desired()).isEqualTo(graph().resource(APP));
    }
}
