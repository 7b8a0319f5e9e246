package io.kombify.plugin.opentofu;

import static io.kombify.plugin.opentofu.FakeTofu.hook;
import static io.kombify.plugin.opentofu.FakeTofu.planned;
import static io.kombify.plugin.opentofu.FakeTofu.summary;
import static io.kombify.plugin.opentofu.FakeTofu.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.plugin.ExporterRegistry;
import io.kombify.deploy.plugin.InstalledPlugin;
import io.kombify.deploy.plugin.PluginHost;
import io.kombify.deploy.plugin.PluginInstaller;
import io.kombify.deploy.plugin.RegisteredExporter;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import io.kombify.deploy.spi.Exporter;
import io.kombify.server.cli.KombifyCommand;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged plugin archive, installed the way {@code kombify plugins install} installs it, and
 * used the way users use it: through the exporter registry, and through {@code kombify export}
 * with {@code --plugins-dir}. Failsafe runs it after {@code package} and passes the archive as
 * {@code plugin.archive}.
 */
class OpenTofuPluginIT {

    private static final String SAMPLE = "hybrid-hetzner-headscale.yaml";

    @TempDir
    Path dir;
    Path plugins;
    Path spec;

    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void install() throws IOException {
        String archive = System.getProperty("plugin.archive");
        if (archive == null || archive.isBlank()) {
            String message = "OpenTofuPluginIT needs the packaged plugin archive, which failsafe passes as the system "
                    + "property plugin.archive after `package`; surefire (such as -Dtest='*Tofu*') runs before packaging. "
                    + "Run it with ./mvnw -pl plugins/opentofu -am verify, and name unit tests explicitly in -Dtest";
            if ("true".equals(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        assertThat(Path.of(archive)).as("the packaged plugin").isRegularFile();
        plugins = dir.resolve("plugins");
        InstalledPlugin installed = new PluginInstaller(plugins).install(Path.of(archive));
        assertThat(installed.id()).isEqualTo("opentofu");
        assertThat(installed.version()).isEqualTo(System.getProperty("plugin.version"));
        spec = Files.copy(Samples.dir().resolve(SAMPLE), dir.resolve("kombination.yaml"));
    }

    private Run kombify(String... args) {
        return kombifyAnswering("", args);
    }

    private Run kombifyAnswering(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KombifyCommand.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void theInstalledArchiveOffersTheOpentofuExporterFromItsOwnClassLoader() throws IOException {
        try (PluginHost host = PluginHost.start(plugins)) {
            ExporterRegistry registry = ExporterRegistry.discover(host, OpenTofuPluginIT.class.getClassLoader());

            assertThat(registry.problems()).isEmpty();
            RegisteredExporter entry = registry.entry("opentofu").orElseThrow();
            assertThat(entry.source()).isEqualTo("plugin opentofu " + System.getProperty("plugin.version"));
            assertThat(entry.modes()).isEqualTo(Set.of(ExportMode.WRITE, ExportMode.PLAN, ExportMode.APPLY));
            Exporter exporter = registry.exporter("opentofu").orElseThrow();
            assertThat(exporter.getClass().getClassLoader()).as("the plugin's class loader, not the test's")
                    .isNotSameAs(OpenTofuPluginIT.class.getClassLoader());

            Path out = dir.resolve("registry-out");
            ExportResult result = registry.export("opentofu", ExportRequest.of(Samples.graph(SAMPLE), out));

            assertThat(result.files()).containsExactly(out.resolve("main.tf.json"), out.resolve("terraform.tfvars.json"),
                    out.resolve(".gitignore"));
            assertThat(TerraformJsonCheck.problems(Json.parse(Files.readString(out.resolve("main.tf.json"))),
                    Json.parse(Files.readString(out.resolve("terraform.tfvars.json"))))).isEmpty();
        }
    }

    @Test
    void kombifyExportWritesTheFilesAndPrintsThemWithTheWarnings() throws IOException {
        Path out = dir.resolve("tofu");

        Run r = kombify("export", "opentofu", spec.toString(), "--out", out.toString(), "--plugins-dir", plugins.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Exported stack hybrid-lab as opentofu into " + out + ":\n  "
                        + out.resolve("main.tf.json") + "\n  " + out.resolve("terraform.tfvars.json") + "\n  "
                        + out.resolve(".gitignore") + "\n")
                .contains("\n20 warnings:\n")
                .contains("  warning OPENTOFU_NOT_EXPORTED: host.home-server: an existing machine that kombify adopts has "
                        + "no OpenTofu resource; OpenTofu reaches its containers through the docker provider at "
                        + "ssh://sam@home-server.lan:22\n    hint: ")
                .contains("\nNext:\n  - Set TF_VAR_hcloud_token (the Hetzner Cloud API token), ");
        assertThat(TerraformJsonCheck.problems(Json.parse(Files.readString(out.resolve("main.tf.json"))),
                Json.parse(Files.readString(out.resolve("terraform.tfvars.json"))))).isEmpty();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the tofu test double is a POSIX shell script")
    void kombifyExportAppliesTheServerThenTheContainersWithTofuAndShowsItsProgress() {
        FakeTofu tofu = twoStepTofu();
        Path out = dir.resolve("tofu");

        Run r = kombify("export", "opentofu", spec.toString(), "--out", out.toString(), "--plugins-dir", plugins.toString(),
                "--apply", "--auto-approve", "--setting", "opentofu.binary=" + tofu.binary);

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\nOpenTofu 1.10.6 planned: 2 to create, 0 to update in place, 0 to replace, "
                        + "0 to delete\n  + hcloud_server.edge-vps (machine.edge-vps)\n  + docker_container.traefik "
                        + "(container.traefik)\nApply succeeded after ");
        assertThat(r.err()).contains("Applying 1 step(s), 10 at a time\n  + machine.edge-vps created (31.0 s)\n"
                + "Applying 1 step(s), 10 at a time\n  + container.traefik created (4.0 s)\n");
        assertThat(tofu.calls()).extracting(c -> c.substring(0, c.indexOf(" |"))).containsExactly(
                "init -input=false -no-color",
                "plan -json -input=false -out=kombify.tfplan -target=hcloud_server.edge-vps",
                "apply -json -input=false kombify.tfplan",
                "plan -json -input=false -out=kombify.tfplan",
                "apply -json -input=false kombify.tfplan");
        assertThat(out.resolve("kombify.tfplan")).doesNotExist();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the tofu test double is a POSIX shell script")
    void kombifyExportShowsEachPlanAndAppliesOnlyWhatIsConfirmed() {
        FakeTofu tofu = twoStepTofu();
        Path out = dir.resolve("tofu");

        Run r = kombifyAnswering("yes\nno\n", "export", "opentofu", spec.toString(), "--out", out.toString(),
                "--plugins-dir", plugins.toString(), "--apply", "--setting", "opentofu.binary=" + tofu.binary);

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).startsWith("\nOpenTofu 1.10.6 planned: 1 to create, 0 to update in place, 0 to replace, "
                + "0 to delete\n  + hcloud_server.edge-vps (machine.edge-vps)\n  warning OPENTOFU_TWO_STEPS: this plan "
                + "covers hcloud_server.edge-vps and what it needs: ")
                .contains("\nApply these changes? Only 'yes' will be accepted: \n"
                        + "\nOpenTofu 1.10.6 planned: 1 to create, 0 to update in place, 0 to replace, 0 to delete\n"
                        + "  + docker_container.traefik (container.traefik)\n"
                        + "Apply these changes? Only 'yes' will be accepted: \n")
                .contains("\nApply cancelled after ")
                .contains("  error TOFU_APPLY_DECLINED: the plan was not approved: the servers of the first step were "
                        + "created; the rest was not applied\n");
        assertThat(r.err()).contains("  + machine.edge-vps created (31.0 s)\n").doesNotContain("container.traefik created")
                .endsWith("kombify export: cancelled; the plan was not applied. Pass --auto-approve to apply without asking.\n");
        assertThat(tofu.calls()).hasSize(4);
        assertThat(out.resolve("kombify.tfplan")).as("the declined plan, which holds secrets, is gone").doesNotExist();
    }

    private FakeTofu twoStepTofu() {
        return FakeTofu.in(dir.resolve("bin"))
                .planTargeted(version(), planned("hcloud_server.edge-vps", "create"), summary("plan", 1, 0, 0))
                .applyTargeted(version(), hook("apply_start", "hcloud_server.edge-vps", "create", 0),
                        hook("apply_complete", "hcloud_server.edge-vps", "create", 31), summary("apply", 1, 0, 0))
                .plan(version(), planned("docker_container.traefik", "create"), summary("plan", 1, 0, 0))
                .apply(version(), hook("apply_start", "docker_container.traefik", "create", 0),
                        hook("apply_complete", "docker_container.traefik", "create", 4), summary("apply", 1, 0, 0));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the tofu test double is a POSIX shell script")
    void aPlanInJsonNamesTheKombifyResourceOfEachChange() {
        FakeTofu tofu = FakeTofu.in(dir.resolve("bin"))
                .planTargeted(version(), planned("hcloud_server.edge-vps", "create"), summary("plan", 1, 0, 0));

        Run r = kombify("export", "opentofu", spec.toString(), "--out", dir.resolve("tofu").toString(),
                "--plugins-dir", plugins.toString(), "--plan", "--format", "json",
                "--setting", "opentofu.binary=" + tofu.binary);

        assertThat(r.status()).as(r.err()).isZero();
        JsonNode run = JsonMapper.builder().build().readTree(r.out()).get("run");
        assertThat(run.get("mode").asString()).isEqualTo("PLAN");
        assertThat(run.get("summary").asString()).isEqualTo("1 to create, 0 to update in place, 0 to replace, 0 to delete");
        assertThat(run.get("changes").get(0).get("address").asString()).isEqualTo("hcloud_server.edge-vps");
        assertThat(run.get("changes").get(0).get("resource").asString()).isEqualTo("machine.edge-vps");
        assertThat(run.get("changes").get(0).get("action").asString()).isEqualTo("CREATE");
        assertThat(run.get("status").isNull()).isTrue();
        assertThat(run.get("diagnostics").get(0).get("code").asString()).isEqualTo("OPENTOFU_TWO_STEPS");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the tofu test double is a POSIX shell script")
    void aFailedTofuPlanIsExitStatusOneWithTofusError() {
        FakeTofu tofu = FakeTofu.in(dir.resolve("bin"))
                .planTargeted(version(), FakeTofu.error(null, "Invalid provider configuration", "hcloud token is missing"))
                .exits("plan-target", 1, "");

        Run r = kombify("export", "opentofu", spec.toString(), "--out", dir.resolve("tofu").toString(),
                "--plugins-dir", plugins.toString(), "--plan", "--setting", "opentofu.binary=" + tofu.binary);

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("kombify export: tofu plan failed (exit status 1): Invalid provider configuration: "
                + "hcloud token is missing\n  hint: the files in " + dir.resolve("tofu") + " are written; fix what tofu reports");
    }

    @Test
    void withoutTofuOnThePathPlanningSaysWhereItLookedAndHowToInstallIt() {
        boolean installed = false;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            installed |= !d.isBlank() && Files.isExecutable(Path.of(d, "tofu"));
        }
        Assumptions.assumeFalse(installed, "tofu is installed on this machine; OpenTofuExporterTest covers a PATH without it");
        Path out = dir.resolve("tofu");

        Run r = kombify("export", "opentofu", spec.toString(), "--out", out.toString(), "--plugins-dir", plugins.toString(),
                "--plan");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("kombify export: OpenTofu's tofu binary is not on PATH (looked in ")
                .contains("\n  hint: install OpenTofu (https://opentofu.org/docs/intro/install/: the standalone installer");
        assertThat(out).doesNotExist();
    }

    @Test
    void pluginsListShowsTheExporterThePluginContributes() {
        Run r = kombify("plugins", "list", "--plugins-dir", plugins.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\nProviders: none\nExporters:\n  opentofu                 plugin opentofu "
                + System.getProperty("plugin.version") + " - OpenTofu configuration (main.tf.json) for the hcloud and "
                + "docker providers; plans and applies it with tofu\n");
    }

    @Test
    void anUnknownFormatNamesTheFormatThePluginOffers() {
        Run r = kombify("export", "terraform", spec.toString(), "--out", dir.resolve("x").toString(),
                "--plugins-dir", plugins.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("kombify export: no exporter writes the format 'terraform'; formats there are: "
                + "opentofu\n  hint: install the plugin that exports terraform with 'kombify plugins install FILE'");
    }
}
