package io.kombify.spec;

import io.kombify.core.Diagnostic;
import io.kombify.core.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every diagnostic code of the validator, through real YAML: the code, the path, and the
 * line and column of the offending value (or of the object that lacks a field).
 */
class SpecValidatorTest {
    private static final SpecValidator VALIDATOR = SpecValidator.create();

    static final String NODE = """
            name: lab
            nodes:
              - name: server
                type: main
                provider: local
            """;

    static ValidationResult validate(String yaml) {
        return VALIDATOR.validate(SpecReader.defaults().readString("kombination.yaml", yaml));
    }

    /** Line and column of the {@code occurrence}-th (1-based) appearance of {@code needle}. */
    static SourcePosition at(String yaml, String needle, int occurrence) {
        int index = -1;
        for (int i = 0; i < occurrence; i++) {
            index = yaml.indexOf(needle, index + 1);
            if (index < 0) {
                throw new IllegalArgumentException("`" + needle + "` occurs fewer than " + occurrence + " times");
            }
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (yaml.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(line, index - lineStart + 1);
    }

    static Stream<Arguments> everyCode() {
        return Stream.of(
                Arguments.of("SPEC_REQUIRED_FIELD", Severity.ERROR, "/nodes/0/type", "name: server", 1, """
                        name: lab
                        nodes:
                          - name: server
                            provider: local
                        """),
                Arguments.of("SPEC_REQUIRED_FIELD", Severity.ERROR, "/nodes", "name: lab", 1, """
                        name: lab
                        """),
                Arguments.of("SPEC_MIN_ITEMS", Severity.ERROR, "/nodes", "[]", 1, """
                        name: lab
                        nodes: []
                        """),
                Arguments.of("SPEC_PATTERN_MISMATCH", Severity.ERROR, "/nodes/0/resources/memory", "4GB", 1, NODE + """
                            resources:
                              memory: 4GB
                        """),
                Arguments.of("SPEC_RANGE", Severity.ERROR, "/nodes/0/ssh/port", "70000", 1, NODE + """
                            ssh:
                              host: 192.168.1.10
                              port: 70000
                        """),
                Arguments.of("SPEC_MAX_LENGTH", Severity.ERROR, "/network/domain", "home", 1, NODE + """
                        network:
                          domain: home%s.example.com
                        """.formatted("x".repeat(250))),
                Arguments.of("SPEC_NAME_INVALID", Severity.ERROR, "/name", "My_Lab", 1, """
                        name: My_Lab
                        nodes:
                          - {name: server, type: main, provider: local}
                        """),
                Arguments.of("SPEC_SECRET_REF_INVALID", Severity.ERROR, "/services/0/environmentSecrets/DB_PASSWORD", "hunter2", 1, NODE + """
                        services:
                          - name: app
                            type: backend
                            config: {image: "app:1"}
                            environmentSecrets:
                              DB_PASSWORD: hunter2
                        """),
                Arguments.of("NODE_EDGE_PROVIDER", Severity.ERROR, "/nodes/1/provider", "hetzner", 1, NODE + """
                          - name: pi
                            type: edge
                            provider: hetzner
                        """),
                Arguments.of("NODE_NAME_DUPLICATE", Severity.ERROR, "/nodes/1/name", "server", 2, NODE + """
                          - name: server
                            type: worker
                            provider: local
                        """),
                Arguments.of("NODE_SSH_HOST_MISSING", Severity.ERROR, "/nodes/0/ssh/host", "user: admin", 1, NODE + """
                            ssh:
                              user: admin
                        """),
                Arguments.of("SERVICE_NAME_DUPLICATE", Severity.ERROR, "/services/1/name", "web", 2, NODE + """
                        services:
                          - {name: web, type: service, config: {image: "nginx:1.27"}}
                          - {name: web, type: service, config: {image: "nginx:1.27"}}
                        """),
                Arguments.of("SERVICE_NODE_UNKNOWN", Severity.ERROR, "/services/0/node", "srever", 1, NODE + """
                        services:
                          - name: web
                            type: service
                            node: srever
                            config: {image: "nginx:1.27"}
                        """),
                Arguments.of("SERVICE_NEEDS_UNKNOWN", Severity.ERROR, "/services/1/needs/0", "postgress", 1, NODE + """
                        services:
                          - {name: postgres, type: database, config: {image: "postgres:16"}}
                          - {name: app, type: backend, needs: [postgress], config: {image: "app:1"}}
                        """),
                Arguments.of("SERVICE_NEEDS_SELF", Severity.ERROR, "/services/0/needs/0", "app]", 1, NODE + """
                        services:
                          - {name: app, type: backend, needs: [app], config: {image: "app:1"}}
                        """),
                Arguments.of("SERVICE_NEEDS_CYCLE", Severity.ERROR, "/services/1/needs/0", "api]", 1, NODE + """
                        services:
                          - {name: api, type: backend, needs: [db], config: {image: "api:1"}}
                          - {name: db, type: database, needs: [api], config: {image: "postgres:16"}}
                        """),
                Arguments.of("SERVICE_NEEDS_DISABLED", Severity.WARNING, "/services/1/needs/0", "db]", 1, NODE + """
                        services:
                          - {name: db, type: database, enabled: false, config: {image: "postgres:16"}}
                          - {name: app, type: backend, needs: [db], config: {image: "app:1"}}
                        """),
                Arguments.of("SERVICE_PORT_RESERVED", Severity.ERROR, "/services/0/ports/0/host", "443", 2, NODE + """
                        services:
                          - name: app
                            type: custom
                            config: {image: "app:1"}
                            ports:
                              - {container: 8443, host: 443}
                        """),
                Arguments.of("SERVICE_PORT_CONFLICT", Severity.ERROR, "/services/1/ports/0/host", "8080", 2, NODE + """
                        services:
                          - {name: web, type: service, config: {image: "nginx:1.27"}, ports: [{container: 80, host: 8080}]}
                          - {name: api, type: backend, config: {image: "api:1"}, ports: [{container: 3000, host: 8080}]}
                        """),
                Arguments.of("SERVICE_IMAGE_UNKNOWN", Severity.WARNING, "/services/0", "name: mystery", 1, NODE + """
                        services:
                          - name: mystery
                            type: service
                        """),
                Arguments.of("SERVICE_PULL_POLICY_INVALID", Severity.WARNING, "/services/0/config/pullPolicy", "sometimes", 1,
                        NODE + """
                        services:
                          - name: web
                            type: service
                            config: {image: "nginx:1.27", pullPolicy: sometimes}
                        """),
                Arguments.of("NETWORK_SUBNET_NOT_PRIVATE", Severity.ERROR, "/network/internal/subnet", "8.8.0.0/16", 1, NODE + """
                        network:
                          internal:
                            subnet: 8.8.0.0/16
                        """),
                Arguments.of("NETWORK_GATEWAY_INVALID", Severity.ERROR, "/network/internal/gateway", "10.20.0.300", 1, NODE + """
                        network:
                          internal:
                            subnet: 10.20.0.0/16
                            gateway: 10.20.0.300
                        """),
                Arguments.of("NETWORK_GATEWAY_OUTSIDE_SUBNET", Severity.WARNING, "/network/internal/gateway", "10.30.0.1", 1, NODE + """
                        network:
                          internal:
                            subnet: 10.20.0.0/16
                            gateway: 10.30.0.1
                        """),
                Arguments.of("FIREWALL_SOURCE_INVALID", Severity.ERROR, "/security/firewall/rules/0/source", "10.0.0.0/40", 1, NODE + """
                        security:
                          firewall:
                            rules:
                              - port: 8080
                                source: 10.0.0.0/40
                        """),
                Arguments.of("SPEC_KIT_INVALID", Severity.ERROR, "/kit", "../kits/evil", 1, """
                        name: lab
                        kit: ../kits/evil
                        nodes:
                          - {name: server, type: main, provider: local}
                        """),
                Arguments.of("KIT_UNKNOWN", Severity.ERROR, "/kit", "modern-homelap", 1, """
                        name: lab
                        kit: modern-homelap
                        nodes:
                          - {name: server, type: main, provider: local}
                        """),
                Arguments.of("KIT_HA_TOO_FEW_NODES", Severity.ERROR, "/nodes", "- name: server", 1, """
                        name: lab
                        kit: ha-homelab
                        nodes:
                          - name: server
                            type: main
                            provider: local
                            resources: {cpu: 32, memory: 128Gi, disk: 4Ti}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCode")
    void reportsEachCodeAtTheOffendingValue(String code, Severity severity, String path, String needle, int occurrence, String yaml) {
        ValidationResult result = validate(yaml);
        SourcePosition expected = at(yaml, needle, occurrence);

        List<Diagnostic> found = result.all().stream().filter(d -> d.code().equals(code)).toList();
        assertThat(found).as(result.all().toString()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(severity);
            assertThat(d.path()).isEqualTo(path);
            assertThat(d.line()).as("line").isEqualTo(expected.line());
            assertThat(d.column()).as("column").isEqualTo(expected.column());
            assertThat(d.message()).isNotBlank();
            assertThat(d.hint()).isNotBlank();
        });
        // Each example breaks exactly one rule and must not drag others along (the kit's own
        // node-count gate comes with the high-availability one by design).
        assertThat(result.all()).as("other findings")
                .filteredOn(d -> !(code.startsWith("KIT_HA") && d.code().startsWith("KIT_REQUIREMENT")))
                .extracting(Diagnostic::code).containsOnly(code);
        assertThat(result.valid()).isEqualTo(severity == Severity.WARNING);
    }

    @Test
    void sizeLimitsOfThePolicyPointAtTheLists() {
        String yaml = """
                name: lab
                nodes:
                  - {name: one, type: main, provider: local}
                  - {name: two, type: worker, provider: local}
                services:
                  - {name: web, type: service, config: {image: "nginx:1.27"}}
                  - {name: api, type: backend, config: {image: "api:1"}}
                """;
        SpecValidator small = SpecValidator.builder().policy(new ValidationPolicy("tiny", 1, 1)).build();

        ValidationResult result = small.validate(SpecReader.defaults().readString("kombination.yaml", yaml));

        assertThat(result.errors()).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::line, Diagnostic::column)
                .containsExactly(
                        tuple("SPEC_TOO_MANY_NODES", "/nodes", 3, 3),
                        tuple("SPEC_TOO_MANY_SERVICES", "/services", 6, 3));
        assertThat(result.errors().get(1).message()).isEqualTo("the spec has 2 services; policy `tiny` allows at most 1");
    }

    @Test
    void aValueTheReaderRejectedIsNotReportedAgain() {
        ValidationResult result = validate("""
                name: lab
                nodes:
                  - name: server
                    type: mian
                    provider: local
                """);

        assertThat(result.errors()).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::line, Diagnostic::column)
                .containsExactly(tuple("SPEC_ENUM_INVALID", "/nodes/0/type", 4, 11));
    }

    @Test
    void anUnreadableDocumentYieldsTheReadersDiagnosticsOnly() {
        ValidationResult result = validate("");

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(Diagnostic::code).containsExactly("SPEC_EMPTY");
        assertThat(result.resolvedKit()).isNull();
    }

    @Test
    void messagesNameTheFirstOccurrenceByLine() {
        ValidationResult result = validate(NODE + """
                  - name: server
                    type: worker
                    provider: local
                """);

        assertThat(result.errors()).singleElement().extracting(Diagnostic::message)
                .isEqualTo("duplicate node name `server`: already used by the node at line 3");
    }

    @Test
    void aPlainSecretIsNeverRepeatedInTheMessage() {
        ValidationResult result = validate(NODE + """
                services:
                  - name: app
                    type: backend
                    config: {image: "app:1"}
                    environmentSecrets: {DB_PASSWORD: "s3cr3t-hunter2"}
                """);

        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("SPEC_SECRET_REF_INVALID");
            assertThat(d.toString() + d.hint()).doesNotContain("s3cr3t-hunter2");
        });
    }

    @Test
    void aTrailingLineBreakDoesNotSneakPastAnAnchoredPattern() {
        // RE2's `$` matches only at the end; Java's also before a final line break.
        ValidationResult result = validate(NODE + """
                network:
                  domain: "home.lan\\n"
                """);

        assertThat(result.errors()).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("SPEC_PATTERN_MISMATCH", "/network/domain"));
    }

    @Test
    void diagnosticsComeInDocumentOrder() {
        ValidationResult result = validate("""
                name: Lab
                nodes:
                  - {name: server, type: edge, provider: aws}
                services:
                  - {name: web, type: service, node: nowhere, config: {image: "nginx:1.27"}}
                network:
                  internal: {subnet: 1.2.3.0/24}
                """);

        assertThat(result.errors()).extracting(Diagnostic::code, Diagnostic::line).containsSubsequence(
                tuple("SPEC_NAME_INVALID", 1), tuple("NODE_EDGE_PROVIDER", 3),
                tuple("SERVICE_NODE_UNKNOWN", 5), tuple("NETWORK_SUBNET_NOT_PRIVATE", 7));
        assertThat(result.errors()).isSortedAccordingTo(java.util.Comparator.comparingInt(Diagnostic::line)
                .thenComparingInt(Diagnostic::column));
    }

    @Test
    void samplesAreValid() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("kombify.root", ".."), "samples", "specs");
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> s = java.nio.file.Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (java.nio.file.Path file : files) {
            ValidationResult result = VALIDATOR.validate(SpecReader.defaults().read(file));
            assertThat(result.errors()).as(file.getFileName().toString()).isEmpty();
            assertThat(result.valid()).isTrue();
            assertThat(result.resolvedKit()).isNotNull();
        }
    }
}
