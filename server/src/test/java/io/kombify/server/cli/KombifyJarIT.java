package io.kombify.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The packaged {@code kombify.jar}, run the way a user runs it. */
class KombifyJarIT {

    @Test
    void theExecutableJarValidatesASampleAndReportsAnInvalidSpec() throws Exception {
        String jar = System.getProperty("kombify.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "kombify.jar is built by 'mvn package'");
        Path sample = Path.of(KombifyJarIT.class.getResource("/specs/valid-minimal.yaml").toURI());
        Path invalid = Path.of(KombifyJarIT.class.getResource("/specs/invalid-three-errors.yaml").toURI());

        Result valid = java(jar, "validate", sample.toString());
        Result bad = java(jar, "validate", "--format", "json", invalid.toString());
        Result missing = java(jar, "validate", "no-such-file.yaml");
        Result version = java(jar, "--version");

        assertThat(valid.status()).isZero();
        assertThat(valid.out()).contains("valid-minimal.yaml: valid, kit base-homelab");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.out()).contains("\"code\": \"SERVICE_NEEDS_UNKNOWN\"");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("kombify validate: cannot read no-such-file.yaml: no such file");
        assertThat(version.out()).startsWith("kombify ");
    }

    @Test
    void theExecutableJarPlansAppliesAndChecksDriftInASimulatedWorld(@TempDir Path dir) throws Exception {
        String jar = System.getProperty("kombify.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "kombify.jar is built by 'mvn package'");
        Path spec = dir.resolve("kombination.yaml");
        Files.copy(Path.of(System.getProperty("kombify.root", "..")).resolve("samples/specs/hybrid-hetzner-headscale.yaml"), spec);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        String canary = "jar-canary-51b0e2";
        Map<String, String> secrets = new HashMap<>();
        for (String name : List.of("HEADSCALE_OIDC_CLIENT_SECRET", "HEADPLANE_COOKIE_SECRET", "HEADSCALE_API_KEY",
                "IMMICH_DB_PASSWORD", "PAPERLESS_SECRET_KEY")) {
            secrets.put("KOMBIFY_SECRET_" + name, canary + "-" + name);
        }

        Result plan = java(jar, secrets, "plan", spec.toString(), "--simulate");
        Result apply = java(jar, secrets, "apply", spec.toString(), "--simulate", "--auto-approve");
        Result drift = java(jar, secrets, "drift", spec.toString(), "--simulate");
        Result list = java(jar, Map.of(), "plugins", "list", "--plugins-dir", plugins.toString());
        Result help = java(jar, Map.of(), "apply", "--help");

        assertThat(plan.status()).as(plan.err()).isZero();
        assertThat(plan.out()).startsWith("Plan for stack hybrid-lab (spec ")
                .endsWith("Plan: 47 to create, 0 to update in place, 0 to replace, 0 to delete.\n");
        assertThat(apply.status()).as(apply.err()).isZero();
        assertThat(apply.err()).startsWith("Applying 47 step(s), 10 at a time\n").contains("  + machine.edge-vps created (");
        assertThat(apply.out()).endsWith("\nApply complete: 47 created, 0 updated, 0 deleted (state serial 1).\n");
        assertThat(drift.status()).as(drift.err()).isZero();
        assertThat(drift.out()).isEqualTo("No drift: all 47 recorded resource(s) match.\n");
        assertThat(dir.resolve(".kombify/state.json")).isNotEmptyFile();
        assertThat(dir.resolve(".kombify/simulated-world.json")).isNotEmptyFile();
        for (Result r : List.of(plan, apply, drift)) {
            assertThat(r.out() + r.err()).doesNotContain(canary);
        }
        for (String file : List.of("state.json", "simulated-world.json")) {
            assertThat(Files.readString(dir.resolve(".kombify").resolve(file))).doesNotContain(canary);
        }
        // PF4J is in the jar, and its logging goes nowhere
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).isEqualTo("Plugins in " + plugins + ": none\nProviders: none\n");
        assertThat(list.err()).isEmpty();
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("crash-after-step:3");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void anApplyKilledMidwayLeavesItsLockAndTheNextApplyRecoversEverythingOnce(@TempDir Path dir) throws Exception {
        String jar = System.getProperty("kombify.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "kombify.jar is built by 'mvn package'");
        Path spec = dir.resolve("kombination.yaml");
        Files.copy(Path.of(System.getProperty("kombify.root", "..")).resolve("samples/specs/hybrid-hetzner-headscale.yaml"), spec);
        Map<String, String> secrets = new HashMap<>();
        for (String name : List.of("HEADSCALE_OIDC_CLIENT_SECRET", "HEADPLANE_COOKIE_SECRET", "HEADSCALE_API_KEY",
                "IMMICH_DB_PASSWORD", "PAPERLESS_SECRET_KEY")) {
            secrets.put("KOMBIFY_SECRET_" + name, "value-of-" + name);
        }
        Path journal = dir.resolve(".kombify/journal.jsonl");

        ProcessBuilder slow = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar, "apply", spec.toString(), "--simulate", "--auto-approve", "--fault", "latency:200ms")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        slow.environment().putAll(secrets);
        Process first = slow.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (first.isAlive() && System.nanoTime() < deadline
                    && (!Files.exists(journal) || Files.readAllLines(journal).size() < 20)) {
                Thread.sleep(20);
            }
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve(".kombify/lock.json")).as("a killed apply leaves its lock").exists();

        Result locked = java(jar, secrets, "apply", spec.toString(), "--simulate", "--auto-approve");
        assertThat(locked.status()).isEqualTo(2);
        Matcher m = Pattern.compile("kombify state unlock ([0-9a-f-]+)`").matcher(locked.err());
        assertThat(m.find()).as(locked.err()).isTrue();
        Result unlock = java(jar, Map.of(), "state", "unlock", m.group(1), "--state-dir", dir.resolve(".kombify").toString());
        Result recovered = java(jar, secrets, "apply", spec.toString(), "--simulate", "--auto-approve");
        Result drift = java(jar, secrets, "drift", spec.toString(), "--simulate");

        assertThat(unlock.status()).as(unlock.err()).isZero();
        assertThat(recovered.status()).as(recovered.err()).isZero();
        assertThat(recovered.err()).startsWith("Reconciling ");
        assertThat(recovered.out()).contains("\nApply complete: ");
        assertThat(drift.out()).isEqualTo("No drift: all 47 recorded resource(s) match.\n");
        // one resource per address in the simulated world: nothing was created twice
        JsonNode world = JsonMapper.builder().build().readTree(dir.resolve(".kombify/simulated-world.json").toFile());
        List<String> addresses = new ArrayList<>();
        world.get("resources").forEach(r -> addresses.add(r.get("labels").get("kombify.io/resource").asString()));
        assertThat(addresses).hasSize(47).doesNotHaveDuplicates();
    }

    @Test
    void anInterruptedApplyFinishesItsRunningStepsRecordsThemAndSaysSo(@TempDir Path dir) throws Exception {
        String jar = System.getProperty("kombify.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "kombify.jar is built by 'mvn package'");
        Path spec = dir.resolve("kombination.yaml");
        Files.copy(Path.of(System.getProperty("kombify.root", "..")).resolve("samples/specs/hybrid-hetzner-headscale.yaml"), spec);
        Map<String, String> secrets = new HashMap<>();
        for (String name : List.of("HEADSCALE_OIDC_CLIENT_SECRET", "HEADPLANE_COOKIE_SECRET", "HEADSCALE_API_KEY",
                "IMMICH_DB_PASSWORD", "PAPERLESS_SECRET_KEY")) {
            secrets.put("KOMBIFY_SECRET_" + name, "value-of-" + name);
        }
        Path journal = dir.resolve(".kombify/journal.jsonl");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder slow = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar, "apply", spec.toString(), "--simulate", "--auto-approve", "--fault", "latency:1s")
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        slow.environment().putAll(secrets);
        Process first = slow.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (first.isAlive() && System.nanoTime() < deadline
                    && (!Files.exists(journal) || !Files.readString(journal).contains("\"phase\":\"done\""))) {
                Thread.sleep(20);
            }
        } finally {
            first.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook runs
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(err)).contains("kombify apply: interrupted; no new step starts, waiting for the "
                + "running ones to finish and be recorded\n").contains(" skipped: the apply was cancelled\n");
        assertThat(Files.readString(out)).contains("\nApply cancelled: ").contains(" (state serial 1).\n");
        assertThat(dir.resolve(".kombify/lock.json")).doesNotExist();
        Result list = java(jar, Map.of(), "state", "list", "--state-dir", dir.resolve(".kombify").toString());
        assertThat(list.out()).startsWith("Stack hybrid-lab, serial 1, ").doesNotContain("interrupted apply");

        Result rest = java(jar, secrets, "apply", spec.toString(), "--simulate", "--auto-approve");
        assertThat(rest.status()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("\nApply complete: ").contains(" (state serial 2).\n");
        JsonNode world = JsonMapper.builder().build().readTree(dir.resolve(".kombify/simulated-world.json").toFile());
        List<String> addresses = new ArrayList<>();
        world.get("resources").forEach(r -> addresses.add(r.get("labels").get("kombify.io/resource").asString()));
        assertThat(addresses).hasSize(47).doesNotHaveDuplicates();
    }

    record Result(int status, String out, String err) {
    }

    private static Result java(String jar, String... args) throws IOException, InterruptedException {
        return java(jar, Map.of(), args);
    }

    private static Result java(String jar, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        Process p = builder.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
