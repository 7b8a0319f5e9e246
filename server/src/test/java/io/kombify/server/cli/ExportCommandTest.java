package io.kombify.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kombify export} run in-process with the exporters on the test class path
 * ({@link ServerTestExporter}, which only writes, and {@link ServerToolTestExporter}, which also
 * plans and applies); the OpenTofu plugin's own test runs the command with the installed plugin
 * archive.
 */
class ExportCommandTest {

    @TempDir
    Path dir;
    Path spec;
    Path plugins;
    Path out;

    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void copySample() throws IOException {
        spec = dir.resolve("kombination.yaml");
        Files.copy(Path.of(System.getProperty("kombify.root", "..")).resolve("samples/specs/single-node-homelab.yaml"), spec);
        plugins = Files.createDirectories(dir.resolve("plugins"));
        out = dir.resolve("out");
    }

    Run kombify(String... args) {
        return kombifyAnswering("", args);
    }

    Run kombifyAnswering(String stdin, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = KombifyCommand.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Map.of("PATH", dir.toString()));
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        return new Run(cl.execute(args), o.toString(), e.toString());
    }

    Run export(String... extra) {
        List<String> args = new ArrayList<>(List.of("export", ServerTestExporter.FORMAT, spec.toString(),
                "--out", out.toString(), "--plugins-dir", plugins.toString()));
        args.addAll(List.of(extra));
        return kombify(args.toArray(String[]::new));
    }

    @Test
    void writesTheFilesAndPrintsThemWithTheWarningsAndWhatToDoNext() throws IOException {
        Run r = export();

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("Exported stack closet-lab as server-test into " + out + ":\n"
                + "  " + out.resolve("resources.txt") + "\n\n"
                + "3 warnings:\n"
                + "  warning TEST_NOT_EXPORTED: dns_record.status.home.example.org: no DNS in this format\n"
                + "    hint: create the record at your DNS provider\n"
                + "  warning TEST_NOT_EXPORTED: dns_record.cloud.home.example.org: no DNS in this format\n"
                + "    hint: create the record at your DNS provider\n"
                + "  warning TEST_NOT_EXPORTED: dns_record.vault.home.example.org: no DNS in this format\n"
                + "    hint: create the record at your DNS provider\n\n"
                + "Next:\n  - Read resources.txt.\n");
        assertThat(Files.readAllLines(out.resolve("resources.txt"))).contains("host.homeserver", "container.nextcloud");
    }

    @Test
    void jsonOutputCarriesTheFilesWarningsAndNextSteps() {
        Run r = export("--format", "json");

        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("stack").asString()).isEqualTo("closet-lab");
        assertThat(json.get("format").asString()).isEqualTo("server-test");
        assertThat(json.get("files").get(0).asString()).isEqualTo(out.resolve("resources.txt").toString());
        assertThat(json.get("warnings")).hasSize(3);
        assertThat(json.get("warnings").get(0).get("code").asString()).isEqualTo("TEST_NOT_EXPORTED");
        assertThat(json.get("warnings").get(0).get("severity").asString()).isEqualTo("warning");
        assertThat(json.get("nextSteps").get(0).asString()).isEqualTo("Read resources.txt.");
        assertThat(json.get("succeeded").asBoolean()).isTrue();
        assertThat(json.has("run")).isFalse();
    }

    @Test
    void anUnknownFormatIsExitStatusOneNamingTheFormatsAndHowToInstallOne() {
        Run r = kombify("export", "opentofu", spec.toString(), "--out", out.toString(), "--plugins-dir", plugins.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kombify export: no exporter writes the format 'opentofu'; formats there are: "
                + "server-test, server-tool-test\n  hint: install the plugin that exports opentofu with 'kombify plugins install FILE' "
                + "(kombify's OpenTofu exporter is the plugin archive kombify-opentofu-VERSION-plugin.zip), and pass "
                + "--plugins-dir when it is installed elsewhere than ~/.kombify/plugins\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void anInvalidSpecIsExitStatusOneWithItsDiagnosticsAndNothingWritten() throws IOException {
        Files.writeString(spec, "name: Not A Valid Name\nversion: \"1.0\"\nnodes: []\n");

        Run r = export();

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("SPEC_NAME_INVALID").contains(": invalid, ").endsWith("; nothing exported\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void aModeTheExporterCannotDoIsExitStatusOne() {
        Run r = export("--plan");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("kombify export: the server-test exporter (class path) cannot plan; it can: write\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void usageErrorsAreExitStatusTwo() {
        Run both = export("--plan", "--apply");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).startsWith("kombify export: --plan and --apply cannot be used together");

        Run noOut = kombify("export", "opentofu", spec.toString());
        assertThat(noOut.status()).isEqualTo(2);
        assertThat(noOut.err()).startsWith("kombify export: Missing required option: '--out=DIR'");

        Run badSetting = export("--setting", "binary=/x");
        assertThat(badSetting.status()).isEqualTo(2);
        assertThat(badSetting.err()).contains("expected FORMAT.KEY=VALUE");

        Run missingSpec = kombify("export", ServerTestExporter.FORMAT, dir.resolve("none.yaml").toString(), "--out",
                out.toString(), "--plugins-dir", plugins.toString());
        assertThat(missingSpec.status()).isEqualTo(2);
        assertThat(missingSpec.err()).startsWith("kombify export: ");
    }

    Run tool(String stdin, String... extra) {
        List<String> args = new ArrayList<>(List.of("export", ServerToolTestExporter.FORMAT, spec.toString(),
                "--out", out.toString(), "--plugins-dir", plugins.toString()));
        args.addAll(List.of(extra));
        return kombifyAnswering(stdin, args.toArray(String[]::new));
    }

    @Test
    void applyShowsThePlanAndAppliesItOnlyAfterYes() {
        Run r = tool("yes\n", "--apply");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("\nTool 1.0 planned: 9 to create, 0 to update in place, 0 to replace, 0 to delete\n"
                + "  + tool_container.traefik (container.traefik)\n")
                .contains("\nApply these changes? Only 'yes' will be accepted: \nExported stack closet-lab as "
                        + "server-tool-test into " + out + ":\n")
                .contains("\nApply succeeded after ");
        assertThat(out.resolve("applied.txt")).isRegularFile();
    }

    @Test
    void anApplyNotConfirmedIsExitStatusOneAndAppliesNothing() {
        Run r = tool("no\n", "--apply");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("Apply these changes? Only 'yes' will be accepted: ").contains("\nApply cancelled after ");
        assertThat(r.err()).isEqualTo("kombify export: cancelled; the plan was not applied. Pass --auto-approve to apply "
                + "without asking.\n");
        assertThat(out.resolve("applied.txt")).doesNotExist();
        assertThat(tool("", "--apply").status()).as("no answer at all is no").isEqualTo(1);
    }

    @Test
    void autoApproveAppliesWithoutAsking() {
        Run r = tool("", "--apply", "--auto-approve", "--format", "json");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("Apply these changes?");
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("run").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(out.resolve("applied.txt")).isRegularFile();
    }

    @Test
    void applyingWithoutAWayToConfirmNeedsAutoApprove() {
        Run json = tool("yes\n", "--apply", "--format", "json");
        assertThat(json.status()).isEqualTo(2);
        assertThat(json.err()).startsWith("kombify export: --format json needs --auto-approve with --apply");

        Run stdin = kombifyAnswering("", "export", ServerToolTestExporter.FORMAT, "-", "--out", out.toString(),
                "--plugins-dir", plugins.toString(), "--apply");
        assertThat(stdin.status()).isEqualTo(2);
        assertThat(stdin.err()).startsWith("kombify export: a spec read from standard input needs --auto-approve");

        Run alone = tool("", "--plan", "--auto-approve");
        assertThat(alone.status()).isEqualTo(2);
        assertThat(alone.err()).startsWith("kombify export: --auto-approve goes with --apply");
        assertThat(out).doesNotExist();
    }

    @Test
    void aSettingTheExporterRefusesIsAUsageError() {
        Run r = tool("", "--plan", "--setting", "server-tool-test.fail=yes");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("kombify export: the setting server-tool-test.fail makes no sense\n  hint: leave it out");
    }

    @Test
    void theCommandIsListedInTheHelp() {
        Run r = kombify("--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("  export ").contains("Write the spec's resources as another tool's configuration");
    }
}
