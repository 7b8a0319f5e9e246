package io.kombify.server.cli;

import static io.kombify.server.cli.KombifyCommandTest.run;
import static io.kombify.server.cli.KombifyCommandTest.withInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.kombify.sim.docker.DockerNodeEngine;
import io.kombify.sim.docker.DockerUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulateCommandTest {

    private static String sample(String name) {
        return Path.of(System.getProperty("kombify.root", "..")).resolve("samples/specs").resolve(name).toString();
    }

    @Test
    void aHealthyStackPrintsItsSummaryAndExitsZero() {
        KombifyCommandTest.Run r = run("simulate", sample("hybrid-hetzner-headscale.yaml"), "--seed", "42", "--duration", "2h");

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Stack hybrid-lab: 2h simulated, seed 42\nOK: 14 of 14 services ready at the end, 0 violations")
                .contains("\nNodes\n  edge-vps (hetzner, main, ")
                .contains("\nViolations: none\n")
                .contains("\nCritical path\n");
    }

    @Test
    void faultsThatLeaveServicesDownExitOne() {
        KombifyCommandTest.Run r = run("simulate", sample("hybrid-hetzner-headscale.yaml"), "--duration", "2h",
                "--fault", "node-crash:mini-pc@1h", "--fault", "crash-loop:immich-ml@30m+10m");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("PROBLEMS: 12 of 14 services ready at the end")
                .contains("    paperless        down       first ready at ");
    }

    @Test
    void aFaultCanWaitForAServiceToBecomeHealthy() throws Exception {
        KombifyCommandTest.Run r = run("simulate", sample("single-node-homelab.yaml"), "--format", "json", "--duration", "1h",
                "--fault", "crash-loop:nextcloud@healthy(postgres,1m)");

        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        Duration postgresReady = Duration.parse(json.get("services").get("postgres").get("readyAt").asString());
        JsonNode started = null;
        for (JsonNode e : json.get("events")) {
            if (e.get("kind").asString().equals("crash-loop-started")) {
                started = e;
            }
        }
        assertThat(started).isNotNull();
        assertThat(started.get("subject").asString()).isEqualTo("nextcloud");
        assertThat(Duration.parse(started.get("at").asString())).isEqualTo(postgresReady.plusMinutes(1));
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void aRecoveredFaultEndsReady() {
        KombifyCommandTest.Run r = run("simulate", sample("hybrid-hetzner-headscale.yaml"), "--duration", "6h",
                "--fault", "site-power-loss:home@2h+30m");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("OK: 14 of 14 services ready at the end");
    }

    @Test
    void jsonIsTheReportsJsonAndTheSameForTheSameSeed() throws Exception {
        KombifyCommandTest.Run a = run("simulate", sample("single-node-homelab.yaml"), "--format", "json", "--seed", "7", "--fault",
                "node-crash:homeserver@10m+5m");
        KombifyCommandTest.Run b = run("simulate", sample("single-node-homelab.yaml"), "--format", "json", "--seed", "7", "--fault",
                "node-crash:homeserver@10m+5m");

        assertThat(a.status()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        JsonNode json = JsonMapper.builder().build().readTree(a.out());
        assertThat(json.get("stack").asString()).isEqualTo("closet-lab");
        assertThat(json.get("seed").asLong()).isEqualTo(7);
        assertThat(json.get("duration").asString()).isEqualTo("PT24H");
        assertThat(json.get("services").get("nextcloud").get("state").asString()).isEqualTo("healthy");
        assertThat(json.get("violations")).isEmpty();
    }

    @Test
    void readsTheSpecFromStandardInput() throws Exception {
        String yaml = Files.readString(Path.of(sample("single-node-homelab.yaml")));

        KombifyCommandTest.Run r = withInput(yaml, "simulate", "-", "--duration", "1h");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Stack closet-lab: 1h simulated, seed 0\n");
    }

    @Test
    void aBadFaultIsAUsageErrorThatExplainsTheSyntax() {
        KombifyCommandTest.Run r = run("simulate", sample("single-node-homelab.yaml"), "--fault", "node-crash:homeserver");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kombify simulate: Invalid value for option '--fault': invalid fault 'node-crash:homeserver':"
                + " it needs a time after @, such as @10m\n").contains("Try 'kombify simulate --help'");
    }

    @Test
    void aFaultOnAnUnknownNodeIsAUsageError() {
        KombifyCommandTest.Run r = run("simulate", sample("single-node-homelab.yaml"), "--fault", "node-crash:nas@10m");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("kombify simulate: ").contains("nas");
    }

    @Test
    void badDurationAndFormatAreUsageErrors() {
        assertThat(run("simulate", sample("single-node-homelab.yaml"), "--duration", "a day").err())
                .startsWith("kombify simulate: Invalid value for option '--duration': not a duration: 'a day' (write it like 90s, 10m, 2h30m or 1d)");
        assertThat(run("simulate", sample("single-node-homelab.yaml"), "--duration", "0s").err())
                .startsWith("kombify simulate: Invalid value for option '--duration': it must be positive, got '0s'");
        assertThat(run("simulate", sample("single-node-homelab.yaml"), "--format", "html").status()).isEqualTo(2);
    }

    @Test
    void anInvalidSpecExitsOneWithItsDiagnostics() {
        KombifyCommandTest.Run r = withInput("name: broken\nnodes: []\n", "simulate", "-");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("<stdin>: invalid, ").contains("; nothing simulated");
    }

    @Test
    void reportWritesTheHtmlPageBesideTheTextSummary(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("out.html");
        KombifyCommandTest.Run r = run("simulate", sample("hybrid-hetzner-headscale.yaml"), "--seed", "42", "--duration", "2h",
                "--fault", "node-crash:mini-pc@1h", "--report", page.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).startsWith("Stack hybrid-lab: 2h simulated, seed 42\nPROBLEMS: ");
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h1>Stack hybrid-lab</h1>", "<svg id=\"gantt\"",
                "<svg id=\"resource-bars\"", "<svg id=\"network-map\"", ">node crash mini-pc @ 1h</text>");
        assertThat(run("simulate", sample("hybrid-hetzner-headscale.yaml"), "--seed", "42", "--duration", "2h",
                "--fault", "node-crash:mini-pc@1h", "--report", dir.resolve("again.html").toString()).status()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("again.html"))).isEqualTo(html);
    }

    @Test
    void aReportThatCannotBeWrittenIsAnIoError(@TempDir Path dir) {
        KombifyCommandTest.Run r = run("simulate", sample("single-node-homelab.yaml"), "--report",
                dir.resolve("missing").resolve("out.html").toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kombify simulate: cannot write the report to ").contains("out.html: no such directory");
    }

    @Test
    void helpDocumentsTheFaultSyntaxAndExitStatus() {
        KombifyCommandTest.Run r = run("simulate", "--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--fault=SPEC", "Fault SPEC:", "node-crash:NODE@10m", "site-power-loss:SITE@2h+30m",
                "crash-loop:SERVICE@1h+10m", "memory-pressure:NODE=2Gi@1h", "@healthy(SERVICE,5m)", "Exit status:",
                "every service ready at the end and no violations", "--report=FILE");
    }

    @Test
    void theDockerEngineStartsEveryNodeAsAContainerAndRemovesThemAtTheEnd() throws Exception {
        requireDocker();

        KombifyCommandTest.Run r = run("simulate", sample("hybrid-hetzner-headscale.yaml"), "--seed", "42", "--duration", "2h",
                "--engine", "docker", "--format", "json");

        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("stack").asString()).isEqualTo("hybrid-lab");
        JsonNode docker = json.get("docker");
        String runId = docker.get("runId").asString();
        assertThat(docker.get("livenessCheck").asString()).isEqualTo("busybox true");
        assertThat(docker.get("nodes")).hasSize(json.get("failureImpact").size());
        for (JsonNode node : docker.get("nodes")) {
            assertThat(node.get("container").asString()).isEqualTo("kombify-sim-" + runId + "-" + node.get("node").asString());
            assertThat(node.get("status").asString()).isEqualTo("running");
            assertThat(node.get("alive").asBoolean()).isTrue();
        }
        try (DockerNodeEngine probe = DockerNodeEngine.builder().build()) {
            assertThat(probe.allRunsContainers()).noneMatch(c -> c.runId().equals(runId));
        }
    }

    @Test
    void theDockerEngineListsEachNodesContainerInTheTextSummary() {
        requireDocker();

        KombifyCommandTest.Run r = run("simulate", sample("single-node-homelab.yaml"), "--duration", "1h", "--engine", "docker");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Stack ").contains("OK: ")
                .containsPattern("\nDocker nodes \\(unix://[^,]+, run [a-z0-9_.-]+, liveness check `busybox true`; removed on exit\\)\n"
                        + "  homeserver  kombify-sim-[a-z0-9_.-]+-homeserver  running\n");
    }

    @Test
    void anUnknownEngineIsAUsageError() {
        KombifyCommandTest.Run r = run("simulate", sample("single-node-homelab.yaml"), "--engine", "podman");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("--engine").contains("podman").contains("memory").contains("docker");
    }

    @Test
    void anUnreachableDockerEngineExitsTwoSayingWhatWasTriedAndHowToInstallDocker() {
        String missing = "unix:///nonexistent/kombify-test/docker.sock";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SimulateCommand(new ByteArrayInputStream(new byte[0]),
                () -> DockerNodeEngine.builder().dockerHost(missing).build()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int status = cl.execute(sample("single-node-homelab.yaml"), "--engine", "docker");

        assertThat(status).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("kombify simulate: no Docker Engine answered; tried:\n  - " + missing + ": no such socket\n")
                .contains("apt-get install docker.io").contains("DOCKER_HOST")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpNamesTheEngines() {
        KombifyCommandTest.Run r = run("simulate", "--help");

        assertThat(r.out()).contains("--engine=ENGINE").contains("memory: the in-memory simulation only; docker:")
                .contains("With --engine docker, every node is also started as a real Docker container");
    }

    /** Skips where no Docker Engine answers, except on CI ({@code CI=true}), where that is a failure. */
    private static void requireDocker() {
        try (DockerNodeEngine probe = DockerNodeEngine.builder().build()) {
            assertThat(probe.endpoint()).isNotBlank();
        } catch (DockerUnavailableException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("Docker is required on CI: " + e.getMessage());
            }
            assumeTrue(false, "skipped: --engine docker needs a running Docker Engine. " + e.getMessage());
        }
    }
}
