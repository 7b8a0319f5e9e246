package io.kombify.deploy.internal;

import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.deploy.Action;
import io.kombify.deploy.AttributeChange;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.PlannedChange;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanFilesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final String SECRET_VALUE = "s3cr3t-value-never-shown";

    private static final ResourceId HOST = ResourceId.parse("host.h");
    private static final ResourceId NET = ResourceId.parse("container_network.h");
    private static final ResourceId VOLUME = ResourceId.parse("volume.app-data");
    private static final ResourceId DB = ResourceId.parse("container.db");
    private static final ResourceId APP = ResourceId.parse("container.app");
    private static final ResourceId CACHE = ResourceId.parse("container.cache");
    private static final ResourceId OLD = ResourceId.parse("volume.old");

    @TempDir
    Path dir;

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Resource host() {
        return new Resource(HOST, "local", map("host", "10.0.0.5", "port", 22, "user", "ops"), Set.of());
    }

    private static Resource db(String passwordRef) {
        return new Resource(DB, "docker", map("image", "postgres:17", "secretEnvironment", map("POSTGRES_PASSWORD", passwordRef)),
                Set.of("secretEnvironment"), Set.of(HOST, NET));
    }

    private static Resource app(String tz) {
        return new Resource(APP, "docker", map("image", "ghcr.io/acme/app:1", "cpuLimit", 0.5,
                "environment", map("TZ", tz), "ports", List.of(map("container", 80, "host", 8080, "protocol", "tcp"))),
                Set.of(HOST, NET, VOLUME, DB));
    }

    /** A plan with one change of every kind: no-op, create, create again, update, replace, delete. */
    private static Plan mixedPlan() {
        ResourceGraph was = ResourceGraph.builder("lab", "old-hash")
                .add(host())
                .add(new Resource(NET, "docker", map("name", "lab"), Set.of(HOST)))
                .add(new Resource(VOLUME, "docker", map("name", "app-data"), Set.of(HOST)))
                .add(db("secret://db-password"))
                .add(app("UTC"))
                .build();
        Map<ResourceId, ResourceRecord> records = new TreeMap<>();
        was.resources().forEach(r -> records.put(r.id(), FakeProvider.recordOf(r)));
        records.put(OLD, new ResourceRecord(OLD, "docker", "vol-9", map("name", "old"), Set.of(), map("mountpoint", "/var/lib/x"),
                Set.of(HOST), "key-old"));
        State state = new State(State.FORMAT_VERSION, "lineage-1", 7, "lab", "old-hash", NOW, records);

        FakeProvider local = FakeProvider.named("local", Map.of(ResourceType.HOST, Set.of()));
        FakeProvider docker = FakeProvider.named("docker", Map.of(ResourceType.CONTAINER, Set.of("environment"),
                ResourceType.CONTAINER_NETWORK, Set.of(), ResourceType.VOLUME, Set.of()));
        state.resources().values().stream().filter(r -> !r.id().equals(VOLUME))
                .forEach(r -> (r.provider().equals("local") ? local : docker).holds(r));

        ResourceGraph now = ResourceGraph.builder("lab", "0123456789abcdef0123")
                .add(host())
                .add(new Resource(NET, "docker", map("name", "lab"), Set.of(HOST)))
                .add(new Resource(VOLUME, "docker", map("name", "app-data"), Set.of(HOST)))
                .add(db("secret://db-password-2"))
                .add(app("Europe/Berlin"))
                .add(new Resource(CACHE, "docker", map("image", "valkey:8", "ratio", 1.25, "note", null), Set.of(HOST)))
                .build();
        return new Planner(Providers.of(local, docker), ref -> Secret.of(ref, SECRET_VALUE), null)
                .plan(now, state, PlanOptions.DEFAULT);
    }

    @Test
    void textShowsEachChangeWithItsDiffsLikeOtherPlanTools() {
        assertThat(mixedPlan().toText()).isEqualTo("""
                Plan for stack lab (spec 0123456789ab, state serial 7)

                Resources are shown with these symbols:
                  + create
                  ~ update in place
                -/+ replace
                  - delete

                  + volume.app-data (deleted outside kombify)
                -/+ container.db (secretEnvironment changed; secretEnvironment cannot be changed in place)
                      secretEnvironment.POSTGRES_PASSWORD: (sensitive) -> (sensitive) (forces replacement)
                  ~ container.app (environment changed)
                      environment.TZ: "UTC" -> "Europe/Berlin"
                  + container.cache (not yet created)
                  - volume.old (not in the spec)

                Plan: 2 to create, 1 to update in place, 1 to replace, 1 to delete; 2 unchanged.
                """);
    }

    @Test
    void textOfAPlanWithoutChangesSaysSo() {
        ResourceGraph graph = ResourceGraph.builder("lab", "h").add(host()).build();
        Plan plan = new Plan("lab", "h", "l", 3, false, graph, List.of(new PlannedChange(HOST, Action.NOOP,
                Optional.of(host()), Optional.of(FakeProvider.recordOf(host())), List.of(), "")));

        assertThat(plan.toText()).isEqualTo("""
                Plan for stack lab (spec h, state serial 3)

                No changes: the infrastructure matches the spec.

                Plan: 0 to create, 0 to update in place, 0 to replace, 0 to delete; 1 unchanged.
                """);
    }

    @Test
    void jsonHoldsTheGraphTheChangesAndThePriorRecordsInAFixedOrder() {
        Plan plan = mixedPlan();
        String json = plan.toJson();

        assertThat(json).startsWith("""
                {
                  "format": "kombify-plan/1",
                  "stack": "lab",
                  "specHash": "0123456789abcdef0123",
                  "lineage": "lineage-1",
                  "stateSerial": 7,
                  "destroy": false,
                  "summary": {
                    "create": 2,
                    "update": 1,
                    "replace": 1,
                    "delete": 1,
                    "noop": 2
                  },
                  "resources": [
                    {
                      "address": "host.h",
                      "provider": "local",
                      "dependsOn": [],
                      "sensitive": [],
                      "attributes": {
                        "host": "10.0.0.5",
                        "port": 22,
                        "user": "ops"
                      }
                    },
                """);
        assertThat(json).contains("""
                    {
                      "address": "container.app",
                      "action": "update",
                      "reason": "environment changed",
                      "attributeChanges": [
                        {
                          "path": "environment.TZ",
                          "before": "UTC",
                          "after": "Europe/Berlin",
                          "sensitive": false,
                          "forcesReplacement": false
                        }
                      ],
                      "prior": {
                        "address": "container.app",
                        "provider": "docker",
                        "providerId": "pid-app",
                        "idempotencyKey": "key-container.app",
                        "dependsOn": [
                          "container.db",
                          "container_network.h",
                          "host.h",
                          "volume.app-data"
                        ],
                """);
        assertThat(json).endsWith("}\n").doesNotContain("\r").doesNotContain(SECRET_VALUE);
        assertThat(mixedPlan().toJson()).isEqualTo(json);
    }

    @Test
    void savedPlanLoadsBackEqual() throws IOException {
        Plan plan = mixedPlan();
        Path file = dir.resolve("plans").resolve("lab.plan.json");

        plan.save(file);
        Plan loaded = Plan.load(file);

        assertThat(loaded).isEqualTo(plan);
        assertThat(loaded.graph().resources()).containsExactlyElementsOf(plan.graph().resources());
        assertThat(loaded.changes()).containsExactlyElementsOf(plan.changes());
        assertThat(loaded.toText()).isEqualTo(plan.toText());
        assertThat(Files.readString(file)).isEqualTo(plan.toJson());
        // The cache's attributes keep their kinds: a fraction, a null.
        assertThat(loaded.graph().resource(CACHE).orElseThrow().attributes()).containsEntry("ratio", 1.25).containsEntry("note", null);
    }

    @Test
    void destroyPlansAndChangesWithTheirOwnDesiredResourceLoadBackEqual() {
        Plan mixed = mixedPlan();
        Plan destroy = new Planner(Providers.of(FakeProvider.named("local", Map.of(ResourceType.HOST, Set.of())),
                FakeProvider.named("docker", Map.of(ResourceType.CONTAINER, Set.of(), ResourceType.CONTAINER_NETWORK, Set.of(),
                        ResourceType.VOLUME, Set.of()))), null, null)
                .planDestroy(new State(State.FORMAT_VERSION, "l", 2, "lab", "h", NOW, Map.of(
                        HOST, FakeProvider.recordOf(host()), DB, FakeProvider.recordOf(db("secret://x")),
                        NET, FakeProvider.recordOf(new Resource(NET, "docker", map(), Set.of(HOST))))), PlanOptions.DEFAULT.withRefresh(false));
        // A change may carry a desired resource other than the graph's; the file keeps it.
        Resource other = new Resource(APP, "docker", map("image", "other:1", "list", List.of(1, 2.5, "x", map("k", List.of()))),
                Set.of(HOST));
        Plan custom = new Plan(mixed.stack(), mixed.specHash(), mixed.lineage(), mixed.stateSerial(), false, mixed.graph(),
                List.of(new PlannedChange(APP, Action.CREATE, Optional.of(other), Optional.empty(), List.of(), "custom")));

        for (Plan plan : List.of(destroy, custom)) {
            Path file = dir.resolve("p-" + plan.destroy() + ".json");
            plan.save(file);
            assertThat(Plan.load(file)).isEqualTo(plan);
        }
        assertThat(destroy.toText()).startsWith("Destroy plan for stack lab (state serial 2)\n")
                .contains("  - container.db (destroy)\n");
    }

    @Test
    void saveReplacesAnExistingFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = dir.resolve("lab.plan.json");
        Files.writeString(file, "an older plan");

        mixedPlan().save(file);

        assertThat(Files.readString(file)).startsWith("{\n  \"format\": \"kombify-plan/1\"");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("lab.plan.json");
        }
    }

    @Test
    void saveThatCannotWriteIsAnIoErrorAndCleansUp() throws IOException {
        Path blocked = dir.resolve("lab.plan.json");
        Files.createDirectories(blocked.resolve("inside"));

        assertThatThrownBy(() -> mixedPlan().save(blocked)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("IO_ERROR");
            assertThat(e.getMessage()).startsWith("cannot write plan file " + blocked);
        });
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("lab.plan.json");
        }
    }

    @Test
    void sensitiveValuesThatAreNotReferencesNeverReachTheFile() {
        // A record written by a faulty provider, holding a value where a reference belongs.
        ResourceRecord leaky = new ResourceRecord(DB, "docker", "c-1", map("secretEnvironment", map("PW", SECRET_VALUE)),
                Set.of("secretEnvironment"), Map.of(), Set.of(), "k");
        Plan plan = new Plan("lab", "", "l", 1, true, ResourceGraph.builder("lab", "").build(),
                List.of(new PlannedChange(DB, Action.DELETE, Optional.empty(), Optional.of(leaky),
                        List.of(new AttributeChange("secretEnvironment.PW", SECRET_VALUE, null, true, false)), "destroy")));

        assertThat(plan.toJson()).doesNotContain(SECRET_VALUE).contains("\"secretEnvironment\": \"(sensitive)\"");
        assertThat(plan.toText()).doesNotContain(SECRET_VALUE).contains("secretEnvironment.PW: (sensitive) -> (none)");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private void assertInvalid(String text, String reason) throws IOException {
        Path file = write("bad.json", text);
        assertThatThrownBy(() -> Plan.load(file)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("PLAN_FILE_INVALID");
            assertThat(e.getMessage()).startsWith(file + " is not a kombify plan file: ").contains(reason);
        });
    }

    @Test
    void filesThatAreNoPlansAreRefusedWithTheReason() throws IOException {
        String valid = mixedPlan().toJson();

        assertInvalid("{ \"format\": ", "it is not valid JSON at line 1");
        assertInvalid("", "it is empty");
        assertInvalid("[1, 2]", "it is not a JSON object");
        assertInvalid("{\"stack\": \"lab\"}", "it has no format field (expected kombify-plan/1)");
        assertInvalid(valid.replace("kombify-plan/1", "kombify-plan/9"),
                "format \"kombify-plan/9\" is not supported (this kombify reads kombify-plan/1)");
        assertInvalid(valid.replace("\"stack\": \"lab\",", ""), "the field stack is missing");
        assertInvalid(valid.replace("\"stateSerial\": 7", "\"stateSerial\": -1"), "stateSerial must be a whole number");
        assertInvalid(valid.replace("\"action\": \"update\"", "\"action\": \"frobnicate\""),
                "changes[4].action: 'frobnicate' is not one of create, update, replace, delete, noop");
        assertInvalid(valid.replace("\"address\": \"host.h\",\n      \"provider\"", "\"address\": \"host\",\n      \"provider\""),
                "resources[0].address: 'host' is not a resource address");
        assertInvalid(valid.replaceFirst("\"dependsOn\": \\[\n        \"host.h\"", "\"dependsOn\": [\n        \"machine.gone\""),
                "resources[1]: container_network.h depends on [machine.gone], which the graph does not hold yet");
        assertInvalid(valid.replace("\"address\": \"container.cache\",\n      \"action\"", "\"address\": \"container.nope\",\n      \"action\""),
                "changes[5]: create of container.nope names a resource the plan does not hold");
        assertInvalid(valid.replace("\"destroy\": false,", "\"destroy\": false, \"destroy\": true,"), "Duplicate Object property \"destroy\"");
        assertInvalid(valid.replace("\"attributeChanges\": [],", "\"attributeChanges\": {},"), "changes[0].attributeChanges must be an array");
    }

    @Test
    void missingPlanFileIsAnIoError() {
        Path missing = dir.resolve("nowhere.json");

        assertThatThrownBy(() -> Plan.load(missing)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("IO_ERROR");
            assertThat(e.getMessage()).isEqualTo("plan file " + missing + " does not exist");
        });
    }
}
