package io.kombify.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.state.LocalDirectoryStateStore;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import io.kombify.deploy.state.StateLock;
import io.kombify.sim.deploy.SimulatedResource;
import io.kombify.sim.deploy.SimulatedWorld;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code plan}, {@code apply}, {@code destroy}, {@code drift} and {@code state} on the hybrid sample,
 * rehearsed with {@code --simulate} in a temporary directory, the way a user runs them.
 */
class DeployCommandsTest {

    static final String STACK = "hybrid-lab";
    /** Resources of the hybrid sample's graph. */
    static final int RESOURCES = 47;
    static final String CANARY = "canary-7f3a9c-do-not-print";
    /** The values of the sample's secret:// references; every one contains the canary. */
    static final Map<String, String> SECRETS = Map.of(
            "KOMBIFY_SECRET_HEADSCALE_OIDC_CLIENT_SECRET", CANARY + "-oidc",
            "KOMBIFY_SECRET_HEADPLANE_COOKIE_SECRET", CANARY + "-cookie",
            "KOMBIFY_SECRET_HEADSCALE_API_KEY", CANARY + "-api",
            "KOMBIFY_SECRET_IMMICH_DB_PASSWORD", CANARY + "-db",
            "KOMBIFY_SECRET_PAPERLESS_SECRET_KEY", CANARY + "-paperless");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    Path spec;
    Path stateDir;
    /** Everything the commands printed, to look for secrets in. */
    final List<Run> runs = new ArrayList<>();

    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void copySample() throws IOException {
        spec = dir.resolve("kombination.yaml");
        Files.copy(Path.of(System.getProperty("kombify.root", "..")).resolve("samples/specs/hybrid-hetzner-headscale.yaml"), spec);
        stateDir = dir.resolve(".kombify");
    }

    Run kombify(String... args) {
        return kombifyWith(SECRETS, "", args);
    }

    Run kombifyWith(Map<String, String> environment, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KombifyCommand.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), environment);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        Run run = new Run(status, out.toString(), err.toString());
        synchronized (runs) {
            runs.add(run);
        }
        return run;
    }

    Run applied() {
        Run r = kombify("apply", spec.toString(), "--simulate", "--auto-approve");
        assertThat(r.status()).as(r.err()).isZero();
        return r;
    }

    SimulatedWorld world() {
        return SimulatedWorld.load(stateDir);
    }

    State state() {
        return new LocalDirectoryStateStore(stateDir).read().orElseThrow();
    }

    /** Every address of the stack in the simulated world, with how many resources carry it. */
    Map<ResourceId, List<SimulatedResource>> inWorld() {
        return world().byAddress(STACK);
    }

    static ResourceId id(String address) {
        return ResourceId.parse(address);
    }

    // ------------------------------------------------------------------ plan and apply

    @Test
    void planListsEveryCreateWithTheSummaryAndWritesNoState() {
        Run r = kombify("plan", spec.toString(), "--simulate");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Plan for stack hybrid-lab (spec ")
                .contains("\nResources are shown with these symbols:\n  + create\n")
                .contains("\n  + machine.edge-vps (not yet created)\n")
                .contains("\n  + container.paperless (not yet created)\n")
                .contains("\n  + dns_record.docs.example.net (not yet created)\n")
                .endsWith("\nPlan: 47 to create, 0 to update in place, 0 to replace, 0 to delete.\n");
        assertThat(stateDir).as("a plan leaves no state directory behind").doesNotExist();
        assertThat(inWorld()).isEmpty();
    }

    @Test
    void aSavedPlanIsAppliedExactlyAndTheNextPlanIsEmpty() {
        Path planFile = dir.resolve("paperless.plan.json");
        Run plan = kombify("plan", spec.toString(), "--simulate", "--target", "container.paperless", "--out", planFile.toString());
        assertThat(plan.status()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Plan: 6 to create, 0 to update in place, 0 to replace, 0 to delete.\n")
                .endsWith("Saved the plan to " + planFile + "; apply it with `kombify apply " + planFile + " --simulate`.\n");

        Run apply = kombify("apply", planFile.toString(), "--simulate", "--auto-approve");

        assertThat(apply.status()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("\nApply complete: 6 created, 0 updated, 0 deleted (state serial 1).\n");
        assertThat(state().resources().keySet()).containsExactlyInAnyOrder(id("host.mini-pc"),
                id("container_network.mini-pc"), id("container.paperless-redis"), id("volume.paperless-paperless-data"),
                id("volume.paperless-paperless-media"), id("container.paperless"));
        assertThat(inWorld()).hasSize(6);

        applied();
        Run again = kombify("plan", spec.toString(), "--simulate");
        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("\nNo changes: the infrastructure matches the spec.\n")
                .endsWith("\nPlan: 0 to create, 0 to update in place, 0 to replace, 0 to delete; 47 unchanged.\n");
        assertThat(inWorld()).hasSize(RESOURCES).allSatisfy((address, made) -> assertThat(made).hasSize(1));
    }

    @Test
    void applyingWhenNothingChangedSaysSoAndWritesNothing() {
        applied();

        Run r = kombify("apply", spec.toString(), "--simulate", "--auto-approve");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("No changes: the infrastructure matches the spec.");
        assertThat(state().serial()).isEqualTo(1);
    }

    @Test
    void applyAsksAndOnlyYesApplies() {
        Run no = kombifyWith(SECRETS, "no\n", "apply", spec.toString(), "--simulate");
        Run silent = kombifyWith(SECRETS, "", "apply", spec.toString(), "--simulate");

        for (Run r : List.of(no, silent)) {
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).contains("Plan: 47 to create").endsWith("Apply these changes? Only 'yes' will be accepted: \n");
            assertThat(r.err()).isEqualTo("kombify apply: cancelled; nothing was changed. Pass --auto-approve to apply "
                    + "without asking.\n");
        }
        assertThat(stateDir.resolve("state.json")).doesNotExist();
        assertThat(inWorld()).isEmpty();

        Run yes = kombifyWith(SECRETS, "yes\n", "apply", spec.toString(), "--simulate");

        assertThat(yes.status()).as(yes.err()).isZero();
        assertThat(yes.out()).contains("Apply these changes? Only 'yes' will be accepted: \n")
                .endsWith("\nApply complete: 47 created, 0 updated, 0 deleted (state serial 1).\n");
        assertThat(inWorld()).hasSize(RESOURCES);
    }

    @Test
    void aSpecFromStandardInputCannotAlsoAnswerTheConfirmation() {
        Run r = kombify("apply", "-", "--simulate");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("kombify apply: a spec read from standard input needs --auto-approve");
    }

    @Test
    void aSavedPlanIsRefusedOnceTheStateChanged() throws IOException {
        Path planFile = dir.resolve("plan.json");
        assertThat(kombify("plan", spec.toString(), "--simulate", "--out", planFile.toString()).status()).isZero();
        applied();

        Run r = kombify("apply", planFile.toString(), "--simulate", "--auto-approve");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("kombify apply: the state changed since this plan was made (serial 0, now 1; "
                + "there was no state when it was made, and one has been written since). Run `kombify plan` again\n");
        assertThat(inWorld()).hasSize(RESOURCES).allSatisfy((address, made) -> assertThat(made).hasSize(1));
        assertThat(state().serial()).isEqualTo(1);
        assertThat(Files.readString(planFile)).contains("\"format\": \"kombify-plan/1\"");
    }

    @Test
    void aSavedPlanIsRefusedOnceItsSpecChangedAndNothingIsApplied() throws IOException {
        Path planFile = dir.resolve("plan.json");
        assertThat(kombify("plan", spec.toString(), "--simulate", "--out", planFile.toString()).status()).isZero();
        Files.writeString(spec, Files.readString(spec).replaceFirst("(?m)^name: (.*)$", "name: $1-renamed"));

        Run r = kombify("apply", planFile.toString(), "--simulate", "--auto-approve");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("kombify apply: the spec " + spec.toAbsolutePath().normalize()
                + " changed since this plan was made (plan hash ").contains("Run `kombify plan` again");
        assertThat(inWorld()).isEmpty();
        assertThat(stateDir.resolve("state.json")).doesNotExist();
    }

    @Test
    void aSavedPlanIsRefusedWhenItsSpecIsGone() throws IOException {
        Path planFile = dir.resolve("plan.json");
        assertThat(kombify("plan", spec.toString(), "--simulate", "--out", planFile.toString()).status()).isZero();
        Files.delete(spec);

        Run r = kombify("apply", planFile.toString(), "--simulate", "--auto-approve");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("the spec this plan was made from, " + spec.toAbsolutePath().normalize() + ", is gone");
        assertThat(stateDir.resolve("state.json")).doesNotExist();
    }

    @Test
    void aSavedPlanFindsTheStateBesideTheSpecWhenSavedElsewhere() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("plans"));
        Path planFile = elsewhere.resolve("p.json");

        Run plan = kombify("plan", spec.toString(), "--simulate", "--out", planFile.toString());

        assertThat(plan.out()).endsWith("apply it with `kombify apply " + planFile + " --state-dir " + stateDir + " --simulate`.\n");
        Run apply = kombify("apply", planFile.toString(), "--state-dir", stateDir.toString(), "--simulate", "--auto-approve");
        assertThat(apply.status()).as(apply.err()).isZero();
        assertThat(state().resources()).hasSize(RESOURCES);
        assertThat(elsewhere.resolve(".kombify")).doesNotExist();
    }

    // ------------------------------------------------------------------ drift

    @Test
    void driftFindsWhatWasDeletedOrChangedBehindOurBackAndApplyPutsItBack() {
        applied();
        Run clean = kombify("drift", spec.toString(), "--simulate");
        assertThat(clean.status()).isZero();
        assertThat(clean.out()).isEqualTo("No drift: all 47 recorded resource(s) match.\n");

        SimulatedWorld world = world();
        String paperless = state().resource(id("container.paperless")).orElseThrow().providerId();
        String whoami = state().resource(id("container.whoami")).orElseThrow().providerId();
        assertThat(world.deleteBehindOurBack(paperless)).isTrue();
        world.changeBehindOurBack(whoami, Map.of("memoryLimit", "128Mi"));

        Run drift = kombify("drift", spec.toString(), "--simulate");

        assertThat(drift.status()).isEqualTo(3);
        assertThat(drift.out()).isEqualTo("""
                Drift in 2 of 47 recorded resource(s):
                  - container.paperless: deleted outside kombify
                  ~ container.whoami: changed outside kombify
                      memoryLimit: recorded "64Mi", actual "128Mi"
                Run `kombify apply` to bring them back in line with the spec.
                """);

        Run apply = kombify("apply", spec.toString(), "--simulate", "--auto-approve");

        assertThat(apply.status()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("\n  + container.paperless (deleted outside kombify)\n")
                .contains("\n  ~ container.whoami")
                .contains("Apply complete: 1 created, 1 updated, 0 deleted (state serial 2).");
        assertThat(kombify("drift", spec.toString(), "--simulate").status()).isZero();
        assertThat(inWorld()).hasSize(RESOURCES).allSatisfy((address, made) -> assertThat(made).hasSize(1));
        assertThat(world().resource(whoami).orElseThrow().attributes()).containsEntry("memoryLimit", "64Mi");
    }

    // ------------------------------------------------------------------ destroy and state

    @Test
    void destroyEmptiesTheStateAndTheSimulatedWorld() {
        applied();

        Run r = kombify("destroy", spec.toString(), "--simulate", "--auto-approve");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Destroy plan for stack hybrid-lab (state serial 1)\n")
                .contains("\n  - container.paperless (destroy)\n")
                .endsWith("\nDestroy complete: 0 created, 0 updated, 47 deleted (state serial 2).\n");
        assertThat(state().resources()).isEmpty();
        assertThat(inWorld()).isEmpty();
        assertThat(world().resources()).isEmpty();

        Run again = kombify("destroy", "--state-dir", stateDir.toString(), "--simulate", "--auto-approve");
        assertThat(again.status()).isZero();
        assertThat(again.out()).isEqualTo("Nothing to destroy: the state in " + stateDir + " records no resources.\n");
    }

    @Test
    void destroyAsksAndAnythingButYesKeepsEverything() {
        applied();

        Run r = kombifyWith(SECRETS, "y\n", "destroy", spec.toString(), "--simulate");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).endsWith("Destroy these resources? Only 'yes' will be accepted: \n");
        assertThat(r.err()).endsWith("\nkombify destroy: cancelled; nothing was changed. Pass --auto-approve to destroy "
                + "without asking.\n");
        assertThat(state().resources()).hasSize(RESOURCES);
        assertThat(inWorld()).hasSize(RESOURCES);
    }

    @Test
    void stateListAndShowPrintTheRecord() {
        applied();
        ResourceRecord paperless = state().resource(id("container.paperless")).orElseThrow();

        Run list = kombify("state", "list", "--state-dir", stateDir.toString());
        Run show = kombify("state", "show", "container.paperless", "--state-dir", stateDir.toString());

        assertThat(list.status()).isZero();
        assertThat(list.out()).startsWith("Stack hybrid-lab, serial 1, lineage " + state().lineage() + ", 47 resource(s)\n")
                .contains(String.format("%n  %-35s  %-10s  %s%n", "container.paperless", "docker", paperless.providerId()))
                .contains(String.format("%n  %-35s  %-10s  %s%n", "machine.edge-vps", "hetzner", "sim-machine-1"));
        assertThat(list.out().lines()).hasSize(RESOURCES + 1);
        assertThat(show.status()).isZero();
        assertThat(show.out()).startsWith("container.paperless\n"
                        + "  provider:        docker\n"
                        + "  provider id:     " + paperless.providerId() + "\n"
                        + "  idempotency key: " + paperless.idempotencyKey() + "\n"
                        + "  depends on:      [container.paperless-redis, container_network.mini-pc, host.mini-pc, "
                        + "volume.paperless-paperless-data, volume.paperless-paperless-media]\n"
                        + "  attributes:\n")
                .contains("\n    image = \"ghcr.io/paperless-ngx/paperless-ngx:2.18\"\n")
                .contains("\n    secretEnvironment = {PAPERLESS_SECRET_KEY: \"secret://paperless-secret-key\"}"
                        + "  (secret references; values are never stored)\n")
                .contains("\n  outputs:\n    container_id = ");
    }

    @Test
    void stateCommandsExplainWhatIsMissing() {
        Run none = kombify("state", "list", "--state-dir", stateDir.toString());
        applied();
        Run unknown = kombify("state", "show", "container.nope", "--state-dir", stateDir.toString());
        Run malformed = kombify("state", "show", "nope", "--state-dir", stateDir.toString());

        assertThat(none.status()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("kombify state list: there is no state in " + stateDir + "; nothing was applied "
                + "there yet (choose another directory with --state-dir)\n");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("kombify state show: the state records no container.nope; "
                + "`kombify state list` shows what it records\n");
        assertThat(malformed.status()).isEqualTo(2);
        assertThat(malformed.err()).startsWith("kombify state show: 'nope' is not a resource address");
    }

    // ------------------------------------------------------------------ crashes and locks

    @Test
    void aCrashStopsTheApplyAndTheNextApplyRecoversWithoutDuplicates() throws IOException {
        Run crash = kombify("apply", spec.toString(), "--simulate", "--auto-approve", "--fault", "crash-after-step:3");

        assertThat(crash.status()).isEqualTo(1);
        assertThat(crash.err()).contains("\nkombify apply: the simulated process died after step 3 "
                        + "(--fault crash-after-step:3), as if it had been killed\n")
                .endsWith("  hint: the simulated process stopped as if killed, leaving the journal as a killed process "
                        + "leaves it; run apply again (without the fault): it first reconciles the steps that were in "
                        + "flight, so nothing is created twice.\n");
        assertThat(crash.out()).doesNotContain("Apply complete");
        // the engine releases its lock on the way out; the journal stays as a killed process leaves it
        assertThat(stateDir.resolve("lock.json")).doesNotExist();
        assertThat(stateDir.resolve("journal.jsonl")).isNotEmptyFile();
        assertThat(world().resources()).hasSizeGreaterThanOrEqualTo(3);

        Run list = kombify("state", "list", "--state-dir", stateDir.toString());
        assertThat(list.status()).isZero();
        assertThat(list.out()).startsWith("No state in " + stateDir + " yet.\nAn interrupted apply left ")
                .contains(" step(s) in the journal; the next apply or destroy reconciles them first.\n");
        Run plan = kombify("plan", spec.toString(), "--simulate");
        assertThat(plan.err()).startsWith("kombify: warning: an interrupted apply left ")
                .contains("; this plan does not include them. The next `kombify apply` or `kombify destroy` reconciles them first.");

        Run recovered = kombify("apply", spec.toString(), "--simulate", "--auto-approve");

        assertThat(recovered.status()).as(recovered.err()).isZero();
        assertThat(recovered.err()).startsWith("Reconciling ").contains(" step(s) an interrupted apply left in flight\n")
                .contains(": found by its idempotency key as ");
        assertThat(recovered.out()).contains("Apply complete: 44 created, 0 updated, 0 deleted (state serial 2).");
        assertThat(inWorld()).hasSize(RESOURCES).allSatisfy((address, made) -> assertThat(made).hasSize(1));
        assertThat(world().resources()).hasSize(RESOURCES);
        assertThat(state().resources()).hasSize(RESOURCES);
        assertThat(stateDir.resolve("journal.jsonl")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
        assertThat(kombify("drift", spec.toString(), "--simulate").status()).isZero();
    }

    @Test
    void destroyAfterACrashAlsoDeletesWhatTheInterruptedApplyMade() {
        assertThat(kombify("apply", spec.toString(), "--simulate", "--auto-approve", "--fault", "crash-after-step:5").status())
                .isEqualTo(1);

        Run r = kombify("destroy", spec.toString(), "--simulate", "--auto-approve");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("Reconciling ");
        assertThat(r.out()).contains("Destroy complete: 0 created, 0 updated, 5 deleted");
        assertThat(world().resources()).isEmpty();
    }

    @Test
    void aLockLeftBehindIsNamedAndReleasedByItsId() {
        LocalDirectoryStateStore store = new LocalDirectoryStateStore(stateDir);
        StateLock stale = store.lock("apply", "sam@nas (pid 4242)");
        String lockId = stale.info().id();

        Run locked = kombify("apply", spec.toString(), "--simulate", "--auto-approve");
        Run list = kombify("state", "list", "--state-dir", stateDir.toString());
        Run wrong = kombify("state", "unlock", "not-the-id", "--state-dir", stateDir.toString());
        Run unlock = kombify("state", "unlock", lockId, "--state-dir", stateDir.toString());
        Run unlocked = kombify("apply", spec.toString(), "--simulate", "--auto-approve");

        assertThat(locked.status()).isEqualTo(2);
        assertThat(locked.err()).startsWith("kombify apply: the state in " + stateDir + " is locked by sam@nas (pid 4242) "
                        + "for apply since ")
                .endsWith(" (lock ID " + lockId + "). Wait for it to finish; if that process is gone, release the lock "
                        + "with `kombify state unlock " + lockId + "`\n");
        assertThat(list.out()).startsWith("No state in " + stateDir + " yet.\nLocked by sam@nas (pid 4242) for apply since ").endsWith(" (lock ID " + lockId + ")\n");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.err()).startsWith("kombify state unlock: the lock on the state in " + stateDir + " has ID " + lockId
                + ", not not-the-id");
        assertThat(unlock.status()).isZero();
        assertThat(unlock.out()).isEqualTo("Released lock " + lockId + " on " + stateDir + ".\n");
        assertThat(unlocked.status()).as(unlocked.err()).isZero();
        assertThat(unlocked.out()).contains("Apply complete: 47 created, 0 updated, 0 deleted (state serial 1).");
    }

    @Test
    void aLockOfAProcessOfThisMachineThatIsGoneIsCalledStale() throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(gone.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String lockId = new LocalDirectoryStateStore(stateDir)
                .lock("apply", "sam@" + Errors.hostName() + " (pid " + gone.pid() + ")").info().id();

        Run r = kombify("apply", spec.toString(), "--simulate", "--auto-approve");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(" (lock ID " + lockId + "). Wait for it to finish; ")
                .endsWith("\n  hint: process " + gone.pid() + " on this machine is no longer running, so this lock is "
                        + "stale: `kombify state unlock " + lockId + "` releases it, and the next apply reconciles what "
                        + "that process left in flight\n");
    }

    @Test
    void aSecondApplyOnTheSameStateFailsFastWhileTheFirstRuns() throws Exception {
        CompletableFuture<Run> first = CompletableFuture.supplyAsync(() ->
                kombify("apply", spec.toString(), "--simulate", "--auto-approve", "--fault", "latency:300ms"));
        Path lock = stateDir.resolve("lock.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(lock) && !first.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(lock).as("the first apply holds the lock").exists();

        Run second = kombify("apply", spec.toString(), "--simulate", "--auto-approve");
        boolean firstStillRunning = !first.isDone();
        Run done = first.get(120, TimeUnit.SECONDS);

        assertThat(second.status()).isEqualTo(2);
        assertThat(second.err()).startsWith("kombify apply: the state in " + stateDir + " is locked by ")
                .contains(" for apply since ").contains("release the lock with `kombify state unlock ");
        assertThat(firstStillRunning).as("the second apply did not wait for the first").isTrue();
        assertThat(done.status()).as(done.err()).isZero();
        assertThat(done.out()).contains("Apply complete: 47 created");
        assertThat(inWorld()).hasSize(RESOURCES).allSatisfy((address, made) -> assertThat(made).hasSize(1));
    }

    // ------------------------------------------------------------------ selection

    @Test
    void aTargetLimitsThePlanToItAndItsDependencies() {
        Run r = kombify("plan", spec.toString(), "--simulate", "--target", "container.paperless");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("  + container.paperless (not yet created)\n")
                .contains("  + container.paperless-redis (not yet created)\n")
                .contains("  + host.mini-pc (not yet created)\n")
                .doesNotContain("container.immich-server").doesNotContain("machine.edge-vps")
                .endsWith("Plan: 6 to create, 0 to update in place, 0 to replace, 0 to delete.\n");
    }

    @Test
    void anExcludeDropsTheResourceAndWhatDependsOnIt() {
        Run r = kombify("plan", spec.toString(), "--simulate", "--exclude", "container.headscale");

        assertThat(r.status()).isZero();
        assertThat(r.out()).doesNotContain("container.headscale ").doesNotContain("container.headplane")
                .doesNotContain("vpn_member.").contains("  + container.paperless (not yet created)\n");
    }

    @Test
    void anUnknownTargetIsAnErrorWithTheCloseMatch() {
        Run unknown = kombify("plan", spec.toString(), "--simulate", "--target", "container.paperles");
        Run malformed = kombify("plan", spec.toString(), "--simulate", "--target", "paperless");

        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("kombify plan: stack hybrid-lab has no resource container.paperles; "
                + "did you mean container.paperless?\n");
        assertThat(malformed.status()).isEqualTo(2);
        assertThat(malformed.err()).startsWith("kombify plan: Invalid value for option '--target': 'paperless' is not a "
                + "resource address; write it as type.name, for example container.nextcloud\n");
    }

    // ------------------------------------------------------------------ options

    @Test
    void badFaultsAreUsageErrors() {
        Run notDeploy = kombify("apply", spec.toString(), "--simulate", "--auto-approve", "--fault", "node-crash:mini-pc@10m");
        Run bad = kombify("apply", spec.toString(), "--simulate", "--auto-approve", "--fault", "crash-after-step:x");
        Run real = kombify("apply", spec.toString(), "--auto-approve", "--fault", "crash-after-step:3");

        assertThat(notDeploy.status()).isEqualTo(2);
        assertThat(notDeploy.err()).startsWith("kombify apply: Invalid value for option '--fault': 'node-crash:mini-pc@10m' "
                + "is a fault of `kombify simulate`, at a virtual time; a simulated apply takes");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).startsWith("kombify apply: Invalid value for option '--fault': ")
                .contains("see `kombify apply --help` for the faults of a simulated apply");
        assertThat(real.status()).isEqualTo(2);
        assertThat(real.err()).startsWith("kombify apply: --fault needs --simulate");
        assertThat(world().resources()).isEmpty();
    }

    @Test
    void helpListsTheFaultsOfASimulatedApply() {
        Run r = kombify("apply", "--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Faults of the simulated provider (--simulate --fault SPEC):")
                .contains("crash-after-step:3").contains("provider-timeout:PROVIDER@chance(10%)");
    }

    @Test
    void withoutAPluginTheProviderIsMissing() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));

        Run r = kombify("plan", spec.toString(), "--plugins-dir", plugins.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("kombify plan: no providers named dns, docker, headscale, hetzner, local; available: none\n"
                + "  hint: install the plugin that provides dns, docker, headscale, hetzner, local with "
                + "'kombify plugins install FILE', or rehearse with --simulate\n");
    }

    // ------------------------------------------------------------------ JSON

    @Test
    void jsonOutputsParse() throws Exception {
        JsonNode plan = JSON.readTree(kombify("plan", spec.toString(), "--simulate", "--format", "json").out());
        assertThat(plan.get("format").asString()).isEqualTo("kombify-plan/1");
        assertThat(plan.get("summary").get("create").asInt()).isEqualTo(RESOURCES);

        Run applyRun = kombify("apply", spec.toString(), "--simulate", "--auto-approve", "--format", "json");
        assertThat(applyRun.out()).startsWith("{\n  \"status\": \"SUCCEEDED\",\n").endsWith("\n}\n");
        JsonNode apply = JSON.readTree(applyRun.out());
        assertThat(apply.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(apply.get("created").asInt()).isEqualTo(RESOURCES);
        assertThat(apply.get("serial").asLong()).isEqualTo(1);
        assertThat(apply.get("failures")).isEmpty();

        JsonNode nothing = JSON.readTree(kombify("apply", spec.toString(), "--simulate", "--auto-approve", "--format", "json").out());
        assertThat(nothing.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(nothing.get("created").asInt()).isZero();
        assertThat(nothing.get("serial").asLong()).isEqualTo(1);

        world().deleteBehindOurBack(state().resource(id("container.whoami")).orElseThrow().providerId());
        Run driftRun = kombify("drift", spec.toString(), "--simulate", "--format", "json");
        assertThat(driftRun.status()).isEqualTo(3);
        assertThat(driftRun.out()).endsWith("\n}\n");
        JsonNode drift = JSON.readTree(driftRun.out());
        assertThat(drift.get("drift").asBoolean()).isTrue();
        assertThat(drift.get("checked").asInt()).isEqualTo(RESOURCES);
        assertThat(drift.get("items").get(0).get("address").asString()).isEqualTo("container.whoami");
        assertThat(drift.get("items").get(0).get("kind").asString()).isEqualTo("MISSING");

        JsonNode destroy = JSON.readTree(kombify("destroy", spec.toString(), "--simulate", "--auto-approve", "--format", "json").out());
        assertThat(destroy.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(destroy.get("deleted").asInt()).isEqualTo(RESOURCES);

        Run unapproved = kombify("apply", spec.toString(), "--simulate", "--format", "json");
        assertThat(unapproved.status()).isEqualTo(2);
        assertThat(unapproved.out()).isEmpty();
        assertThat(unapproved.err()).startsWith("kombify apply: --format json needs --auto-approve");
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void secretValuesNeverAppearInOutputStatePlanOrJournal() throws IOException {
        Path planFile = dir.resolve("plan.json");
        kombify("plan", spec.toString(), "--simulate", "--out", planFile.toString());
        kombify("plan", spec.toString(), "--simulate", "--format", "json");
        applied();
        kombify("state", "show", "container.paperless", "--state-dir", stateDir.toString());
        world().changeBehindOurBack(state().resource(id("container.immich-postgres")).orElseThrow().providerId(),
                Map.of("memoryLimit", "3Gi"));
        kombify("drift", spec.toString(), "--simulate", "--format", "json");
        kombify("apply", spec.toString(), "--simulate", "--auto-approve", "--format", "json");
        kombify("destroy", spec.toString(), "--simulate", "--auto-approve");
        // an interrupted apply keeps its journal, with the secret references of the containers in flight
        kombify("apply", spec.toString(), "--simulate", "--auto-approve", "--fault", "crash-after-step:30");
        assertThat(stateDir.resolve("journal.jsonl")).content().contains("secret://");

        assertThat(runs).hasSizeGreaterThanOrEqualTo(8).allSatisfy(r -> {
            assertThat(r.out()).doesNotContain(CANARY);
            assertThat(r.err()).doesNotContain(CANARY);
        });
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("plan.json", "state.json", "state.json.backup", "journal.jsonl", "simulated-world.json");
        for (Path f : files) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain(CANARY);
        }
    }

    @Test
    void aMissingSecretStopsTheApplyBeforeAnythingChanges() {
        Map<String, String> partial = Map.of("KOMBIFY_SECRET_HEADSCALE_OIDC_CLIENT_SECRET", CANARY,
                "KOMBIFY_SECRET_HEADPLANE_COOKIE_SECRET", CANARY, "KOMBIFY_SECRET_HEADSCALE_API_KEY", CANARY);

        Run plan = kombifyWith(partial, "", "plan", spec.toString(), "--simulate");
        Run apply = kombifyWith(partial, "", "apply", spec.toString(), "--simulate", "--auto-approve");

        assertThat(plan.status()).isZero();
        assertThat(plan.err()).isEqualTo("kombify plan: warning: no values for secret://immich-db-password, "
                + "secret://paperless-secret-key; apply will refuse this plan until you set the environment variables "
                + "KOMBIFY_SECRET_IMMICH_DB_PASSWORD, KOMBIFY_SECRET_PAPERLESS_SECRET_KEY to the secret's value\n");
        assertThat(apply.status()).isEqualTo(1);
        assertThat(apply.err()).isEqualTo("kombify apply: no values for secret://immich-db-password, "
                + "secret://paperless-secret-key; nothing was changed\n"
                + "  hint: set the environment variables KOMBIFY_SECRET_IMMICH_DB_PASSWORD, "
                + "KOMBIFY_SECRET_PAPERLESS_SECRET_KEY to the secret's value\n");
        assertThat(world().resources()).isEmpty();
        assertThat(stateDir.resolve("state.json")).doesNotExist();
    }

    // ------------------------------------------------------------------ plugins

    @Test
    void pluginsListsAnEmptyDirectory() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));

        Run r = kombify("plugins", "list", "--plugins-dir", plugins.toString());

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("Plugins in " + plugins + ": none\nProviders: none\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void installingSomethingThatIsNoPluginIsAClearError() throws IOException {
        Path plugins = dir.resolve("plugins");
        Path bad = Files.writeString(dir.resolve("docker-provider.jar"), "not a jar");

        Run r = kombify("plugins", "install", bad.toString(), "--plugins-dir", plugins.toString());
        Run missing = kombify("plugins", "install", dir.resolve("nothing.jar").toString(), "--plugins-dir", plugins.toString());
        Run remove = kombify("plugins", "remove", "docker", "--plugins-dir", plugins.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kombify plugins install: docker-provider.jar is not a valid jar or zip archive")
                .endsWith("\n  hint: the file is damaged or not a plugin: download or build it again\n");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).startsWith("kombify plugins install: " + dir.resolve("nothing.jar") + " does not exist\n");
        assertThat(remove.status()).isEqualTo(1);
        assertThat(remove.err()).startsWith("kombify plugins remove: no plugin docker is installed in " + plugins);
        assertThat(Files.exists(plugins) ? Files.list(plugins).toList() : List.of()).isEmpty();
    }
}
