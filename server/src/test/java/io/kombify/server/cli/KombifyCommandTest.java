package io.kombify.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class KombifyCommandTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    record Run(int status, String out, String err) {
    }

    static Run withInput(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KombifyCommand.commandLine(in);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return withInput("", args);
    }

    /** The same through the fast path, or {@code null} when it declines the arguments. */
    static Run fast(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Integer status = ValidateCommand.fastPath(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return status == null ? null : new Run(status, out.toString(), err.toString());
    }

    static String spec(String name) {
        try {
            return Path.of(KombifyCommandTest.class.getResource("/specs/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sample() {
        Path samples = Path.of(System.getProperty("kombify.root", "..")).resolve("samples/specs/single-node-homelab.yaml");
        return Files.exists(samples) ? samples.toString() : spec("valid-minimal.yaml");
    }

    @Test
    void validatesAValidSpecWithStatusZeroAndASummary() {
        Run r = run("validate", sample());

        assertThat(r.status()).isZero();
        assertThat(r.out()).containsPattern("\\.yaml: valid, kit [a-z-]+");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void reportsEveryErrorWithPositionSourceLineCaretAndHint() {
        String file = spec("invalid-three-errors.yaml");

        Run r = run("validate", file);

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains(file + ":4:11: error SPEC_ENUM_INVALID: ")
                .contains(file + ":13:13: error SERVICE_NEEDS_UNKNOWN: ")
                .contains(file + ":15:20: error SPEC_RANGE: ")
                .contains(file + ": invalid, 3 errors");
        List<String> lines = r.out().lines().toList();
        int range = lines.indexOf(lines.stream().filter(l -> l.contains("error SPEC_RANGE")).findFirst().orElseThrow());
        assertThat(lines.get(range + 1)).isEqualTo(" 15 |       - container: 70000");
        assertThat(lines.get(range + 2)).isEqualTo("    |                    ^");
        assertThat(lines.get(range + 3)).startsWith("  hint: ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void printsOneJsonObjectPerFile() {
        String bad = spec("invalid-three-errors.yaml");

        Run r = run("validate", "--format", "json", sample(), bad);

        assertThat(r.status()).isEqualTo(1);
        JsonNode reports = JSON.readTree(r.out());
        assertThat(reports.isArray()).isTrue();
        assertThat(reports.size()).isEqualTo(2);
        assertThat(reports.get(0).get("valid").asBoolean()).isTrue();
        assertThat(reports.get(0).get("resolvedKit").asString()).isNotBlank();
        JsonNode invalid = reports.get(1);
        assertThat(invalid.get("file").asString()).isEqualTo(bad);
        assertThat(invalid.get("valid").asBoolean()).isFalse();
        assertThat(invalid.get("warnings").isArray()).isTrue();
        JsonNode range = invalid.get("errors").valueStream().filter(e -> e.get("code").asString().equals("SPEC_RANGE"))
                .findFirst().orElseThrow();
        assertThat(range.get("path").asString()).isEqualTo("/services/0/ports/0/container");
        assertThat(range.get("line").asInt()).isEqualTo(15);
        assertThat(range.get("column").asInt()).isEqualTo(20);
        assertThat(range.get("message").asString()).isNotBlank();
        assertThat(range.has("hint")).isTrue();
        assertThat(invalid.get("errors").valueStream().map(e -> e.get("code").asString()).toList())
                .contains("SPEC_ENUM_INVALID", "SERVICE_NEEDS_UNKNOWN");
    }

    @Test
    void readsStandardInputForDash() {
        Run r = withInput("name: lab\nnodes:\n  - name: server\n    type: master\n    provider: local\n", "validate", "-");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("<stdin>:4:11: error SPEC_ENUM_INVALID: ").contains(" 4 |     type: master").contains("<stdin>: invalid, 1 error");
    }

    @Test
    void missingFileIsAnIoErrorWithOneCleanLine() {
        Run r = run("validate", "does-not-exist.yaml");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kombify validate: cannot read does-not-exist.yaml: no such file" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void keepsValidatingTheOtherFilesWhenOneIsMissing() {
        Run r = run("validate", "does-not-exist.yaml", sample());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).contains(": valid");
        assertThat(r.err()).contains("does-not-exist.yaml").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void directoryIsAnIoError(@TempDir Path dir) {
        Run r = run("validate", dir.toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("is a directory").doesNotContain("Exception");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("validate", "--strict", sample());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--strict'").contains("kombify validate --help");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionValuesAndMissingArgumentsAreUsageErrors() {
        assertThat(run("validate", "--format", "xml", sample()).status()).isEqualTo(2);
        assertThat(run("validate", "--policy", "huge", sample()).err()).contains("default, unbounded");
        assertThat(run("validate").err()).startsWith("kombify validate: Missing required parameter");
        assertThat(run("frobnicate").status()).isEqualTo(2);
        assertThat(run().err()).contains("Missing command");
    }

    @Test
    void unboundedPolicyAcceptsWhatTheDefaultPolicyRejects() {
        StringBuilder yaml = new StringBuilder("name: big\nnodes:\n");
        for (int i = 0; i < 101; i++) {
            yaml.append("  - {name: node-").append(i).append(", type: ").append(i == 0 ? "main" : "worker").append(", provider: local}\n");
        }

        assertThat(withInput(yaml.toString(), "validate", "-").status()).isEqualTo(1);
        assertThat(withInput(yaml.toString(), "validate", "--policy", "unbounded", "-").status()).isZero();
    }

    @Test
    void fastPathAnswersExactlyAsTheFullCommandLine() {
        String bad = spec("invalid-three-errors.yaml");
        String stdin = "name: lab\nnodes: []\n";
        List<String[]> cases = List.of(
                new String[] {"validate", sample()},
                new String[] {"validate", "--format", "json", sample(), bad},
                new String[] {"validate", "--format=json", "--policy=unbounded", bad},
                new String[] {"validate", "--policy", "unbounded", "does-not-exist.yaml", sample()},
                new String[] {"validate", "-"});

        for (String[] args : cases) {
            Run full = withInput(stdin, args);

            assertThat(fast(stdin, args)).as(String.join(" ", args)).isEqualTo(full);
        }
    }

    @Test
    void fastPathLeavesEverythingElseToTheFullCommandLine() {
        assertThat(fast("", "validate", "--help")).isNull();
        assertThat(fast("", "validate", "--version", sample())).isNull();
        assertThat(fast("", "validate")).isNull();
        assertThat(fast("", "validate", "--format", "xml", sample())).isNull();
        assertThat(fast("", "validate", "--policy")).isNull();
        assertThat(fast("", "validate", "--strict", sample())).isNull();
        assertThat(fast("", "validate", "@arguments.txt")).isNull();
        assertThat(fast("", "validate", "--", sample())).isNull();
        assertThat(fast("", "resolve", sample())).isNull();
    }

    @Test
    void schemaPrintsValidJson() {
        Run r = run("schema");

        assertThat(r.status()).isZero();
        JsonNode schema = JSON.readTree(r.out());
        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.at("/properties/nodes/minItems").asInt()).isEqualTo(1);
    }

    @Test
    void kitsListsTheBuiltInKits() {
        Run r = run("kits");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("base-homelab (aliases: basement-kit").contains("modern-homelab").contains("ha-homelab")
                .contains("cloud-kit").contains("requires:");
    }

    @Test
    void kitsShowsOneKitByAliasAndRejectsUnknownNames() {
        Run detail = run("kits", "basement-kit");
        Run json = run("kits", "--format", "json", "ha-homelab");
        Run unknown = run("kits", "ha-homelap");
        Run far = run("kits", "nope");

        assertThat(detail.status()).isZero();
        assertThat(detail.out()).startsWith("base-homelab").contains("Services:").contains("traefik");
        JsonNode ha = JSON.readTree(json.out());
        assertThat(ha.at("/metadata/name").asString()).isEqualTo("ha-homelab");
        assertThat(ha.at("/requirements/minimum/memory").asString()).isEqualTo("8Gi");
        assertThat(ha.at("/requirements/minimum/cpu").isNumber()).isTrue();
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("ha-homelap").contains("ha-homelab");
        assertThat(far.status()).isEqualTo(1);
        assertThat(far.err()).isEqualTo("kombify kits: unknown StackKit `nope`" + System.lineSeparator()
                + "  hint: known kits: `base-homelab`, `modern-homelab`, `ha-homelab`, `cloud-kit`" + System.lineSeparator());
    }

    @Test
    void resolvePrintsThePlanHash() {
        Run yaml = run("resolve", sample());
        Run json = run("resolve", "--format", "json", sample());

        assertThat(yaml.status()).isZero();
        assertThat(yaml.out()).containsPattern("(?m)^planHash: [0-9a-f]{64}$");
        JsonNode resolved = JSON.readTree(json.out());
        assertThat(resolved.get("planHash").asString()).matches("[0-9a-f]{64}").isEqualTo(yaml.out().lines().findFirst().orElseThrow().substring(10));
        assertThat(resolved.at("/kit/name").asString()).isNotBlank();
        assertThat(resolved.get("tier").asString()).isIn("high", "standard", "low");
        assertThat(resolved.get("addOns").isArray()).isTrue();
        JsonNode service = resolved.get("services").get(0);
        assertThat(service.get("node").asString()).isNotBlank();
        assertThat(service.get("placement").asString()).isNotBlank();
        assertThat(service.get("image").asString()).isNotBlank();
        assertThat(resolved.at("/nodes/0/cpu").isNumber()).isTrue();
    }

    @Test
    void resolveOfAnInvalidSpecReportsItsErrorsAndStatusOne() {
        Run r = run("resolve", spec("invalid-three-errors.yaml"));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error SERVICE_NEEDS_UNKNOWN").contains("invalid, 3 errors");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void resolveOfAMissingFileIsAnIoError() {
        Run r = run("resolve", "does-not-exist.yaml");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kombify resolve: cannot read does-not-exist.yaml: no such file" + System.lineSeparator());
    }

    @Test
    void helpAndVersionWorkOnEveryCommand() throws IOException {
        for (String command : List.of("validate", "resolve", "schema", "kits")) {
            Run help = run(command, "--help");
            Run version = run(command, "--version");

            assertThat(help.status()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: kombify " + command);
            assertThat(version.out()).as(command).startsWith("kombify ").doesNotContain("unknown");
        }
        Run top = run("--help");
        assertThat(top.out()).contains("validate").contains("resolve").contains("schema").contains("kits");
        assertThat(run("--version").out()).matches("(?s)kombify \\d+\\.\\d+\\.\\d+.*");
    }
}
