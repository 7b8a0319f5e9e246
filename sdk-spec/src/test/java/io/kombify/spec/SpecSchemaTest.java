package io.kombify.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class SpecSchemaTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(Map.of(SpecSchema.ID, SpecSchema.jsonSchema()))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));
    private static final Schema SCHEMA = REGISTRY.getSchema(SchemaLocation.of(SpecSchema.ID));

    private static final String NODE = "nodes:\n  - name: server\n    type: main\n    provider: local\n";

    @Test
    void isValidAgainstTheDraft202012MetaSchema() {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecSchema.DIALECT));

        assertThat(meta.validate(SpecSchema.jsonSchema(), InputFormat.JSON)).isEmpty();
        assertThat(meta.validate("{\"type\": \"objekt\", \"required\": \"name\"}", InputFormat.JSON)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(JSON.readTree(SpecSchema.jsonSchema()).path("$schema").asString()).isEqualTo(SpecSchema.DIALECT);
    }

    @Test
    void isTheSameTextOnEveryCall() {
        assertThat(SpecSchema.jsonSchema()).isSameAs(SpecSchema.jsonSchema()).endsWith("}\n");
    }

    static Stream<Named<Path>> validSpecs() throws IOException, URISyntaxException {
        List<Path> specs = new ArrayList<>(specsIn(Path.of(SpecSchemaTest.class.getResource("/schema/valid").toURI())));
        specs.addAll(specsIn(repositoryRoot().resolve("samples/specs")));
        return specs.stream().map(p -> Named.of(p.getParent().getFileName() + "/" + p.getFileName(), p));
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("validSpecs")
    void acceptsEveryValidSpec(Path spec) throws IOException {
        List<Error> errors = SCHEMA.validate(Files.readString(spec, StandardCharsets.UTF_8), InputFormat.YAML);

        assertThat(errors).as(spec.toString()).isEmpty();
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("a missing name", NODE, "", "required"),
                Arguments.of("a name that is not a DNS label", "name: My_Lab\n" + NODE, "/name", "pattern"),
                Arguments.of("no nodes", "name: lab\nnodes: []\n", "/nodes", "minItems"),
                Arguments.of("an unknown top-level field", "name: lab\n" + NODE + "servces: []\n", "", "additionalProperties"),
                Arguments.of("an unknown node type", "name: lab\nnodes:\n  - name: server\n    type: master\n    provider: local\n",
                        "/nodes/0/type", "enum"),
                Arguments.of("a node without a provider", "name: lab\nnodes:\n  - name: server\n    type: main\n", "/nodes/0", "required"),
                Arguments.of("an ssh block without host", "name: lab\n" + NODE + "    ssh:\n      port: 22\n", "/nodes/0/ssh", "required"),
                Arguments.of("snake_case spelled in camel case", "name: lab\n" + NODE + "    ssh:\n      host: h1\n      keyPath: /k\n",
                        "/nodes/0/ssh", "additionalProperties"),
                Arguments.of("a port out of range", "name: lab\n" + NODE
                        + "services:\n  - name: web\n    type: custom\n    ports:\n      - container: 70000\n",
                        "/services/0/ports/0/container", "maximum"),
                Arguments.of("an sshd maxAuthTries above ten", "name: lab\n" + NODE + "security:\n  ssh:\n    maxAuthTries: 11\n",
                        "/security/ssh/maxAuthTries", "maximum"),
                Arguments.of("a plain value among environment secrets", "name: lab\n" + NODE
                        + "services:\n  - name: db\n    type: database\n    environmentSecrets:\n      PASSWORD: hunter2\n",
                        "/services/0/environmentSecrets/PASSWORD", "pattern"),
                Arguments.of("a domain longer than 253 characters", "name: lab\n" + NODE + "network:\n  domain: " + "a".repeat(254) + "\n",
                        "/network/domain", "maxLength"),
                Arguments.of("an unknown intent", "name: lab\n" + NODE + "intents:\n  - world-domination\n", "/intents/0", "oneOf"),
                Arguments.of("a detailed intent without its goal", "name: lab\n" + NODE + "intents:\n  - priority: high\n",
                        "/intents/0", "oneOf"),
                Arguments.of("a label that is not a string", "name: lab\n" + NODE + "    labels:\n      disks: 4\n",
                        "/nodes/0/labels/disks", "type"),
                Arguments.of("a memory size in bytes", "name: lab\n" + NODE + "    resources:\n      memory: 4096\n",
                        "/nodes/0/resources/memory", "type"),
                Arguments.of("an unknown field in a closed object inside an open one", "name: lab\n" + NODE
                        + "identity:\n  owner:\n    source: local\n  recovery:\n    passphraseHashRef: vault://x\n",
                        "/identity/recovery/passphraseHashRef", "pattern"),
                Arguments.of("a backup include of an unknown kind", "name: lab\n" + NODE
                        + "observability:\n  backup:\n    include: [photos]\n", "/observability/backup/include/0", "enum"));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("invalidSpecs")
    void rejectsInvalidSpecsAtTheOffendingValue(String what, String yaml, String pointer, String keyword) {
        List<Error> errors = SCHEMA.validate(yaml, InputFormat.YAML);

        assertThat(errors).as(what)
                .anySatisfy(e -> {
                    assertThat(e.getInstanceLocation().toString()).isEqualTo(pointer);
                    assertThat(e.getKeyword()).isEqualTo(keyword);
                });
    }

    @Test
    void leavesOpenObjectsOpenAndKeepsTheirNamedFieldsChecked() {
        String yaml = "name: lab\n" + NODE
                + "metadata:\n  rack: basement\n  environment: staging\n"
                + "identity:\n  sso: {provider: zitadel}\n  owner:\n    source: cloud\n    team: ops\n"
                + "services:\n  - name: app\n    type: custom\n    config: {image: nginx:1.27, replicas: 2}\n";

        assertThat(SCHEMA.validate(yaml, InputFormat.YAML)).isEmpty();
        assertThat(SCHEMA.validate(yaml.replace("environment: staging", "environment: prod"), InputFormat.YAML))
                .extracting(e -> e.getInstanceLocation().toString()).containsExactly("/metadata/environment");
    }

    @Test
    void describesEveryFieldAndUsesTheSpecsSpelling() {
        JsonNode root = JSON.readTree(SpecSchema.jsonSchema());
        JsonNode ssh = root.at("/$defs/SshConfig/properties");

        assertThat(ssh.has("key_path")).isTrue();
        assertThat(ssh.has("keyPath")).isFalse();
        assertThat(root.at("/$defs/Metadata/properties").has("created_by")).isTrue();
        assertThat(root.at("/$defs/RecoveryBootstrap/properties").has("passphrase_hash")).isTrue();
        assertThat(root.at("/$defs/RestartPolicy").isMissingNode()).isTrue();
        forEachProperty(root, (pointer, property) ->
                assertThat(property.path("description").asString()).as(pointer).isNotBlank());
    }

    @Test
    void carriesUpstreamDefaultsThatSatisfyTheirOwnField() {
        JsonNode root = JSON.readTree(SpecSchema.jsonSchema());
        List<String> withDefaults = new ArrayList<>();

        forEachProperty(root, (pointer, property) -> {
            if (property.has("default")) {
                withDefaults.add(pointer);
                Schema field = REGISTRY.getSchema(SchemaLocation.of(SpecSchema.ID + "#" + pointer));
                assertThat(field.validate(property.get("default"))).as(pointer).isEmpty();
            }
        });

        assertThat(withDefaults).hasSizeGreaterThan(50)
                .contains("/$defs/Service/properties/restartPolicy", "/$defs/DnsConfig/properties/servers",
                        "/$defs/MetricsConfig/properties/nodeExporter", "/properties/version");
        assertThat(root.at("/$defs/Service/properties/restartPolicy/default").asString()).isEqualTo("unless-stopped");
        assertThat(root.at("/$defs/MetricsConfig/properties/cadvisor/default/enabled").asBoolean(true)).isFalse();
    }

    @Test
    void takesEnumerationsFromTheSpellingsOfTheModel() {
        JsonNode root = JSON.readTree(SpecSchema.jsonSchema());

        assertThat(JSON.convertValue(root.at("/$defs/Service/properties/restartPolicy/enum"), List.class))
                .containsExactly("always", "unless-stopped", "on-failure", "no");
        assertThat(JSON.convertValue(root.at("/$defs/Node/properties/provider/enum"), List.class))
                .contains("hetzner", "digitalocean-managed").hasSize(11);
    }

    private interface PropertyVisitor {
        void visit(String pointer, JsonNode property);
    }

    private static void forEachProperty(JsonNode root, PropertyVisitor visitor) {
        visitProperties("", root, visitor);
        for (Iterator<Map.Entry<String, JsonNode>> defs = root.path("$defs").properties().iterator(); defs.hasNext(); ) {
            Map.Entry<String, JsonNode> def = defs.next();
            visitProperties("/$defs/" + def.getKey(), def.getValue(), visitor);
        }
    }

    private static void visitProperties(String base, JsonNode object, PropertyVisitor visitor) {
        for (Map.Entry<String, JsonNode> p : object.path("properties").properties()) {
            visitor.visit(base + "/properties/" + p.getKey(), p.getValue());
        }
    }

    private static List<Path> specsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Path repositoryRoot() {
        String root = System.getProperty("kombify.root");
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    }
}
