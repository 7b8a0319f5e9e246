package io.kombify.plugin.opentofu;

import static io.kombify.plugin.opentofu.FakeTofu.error;
import static io.kombify.plugin.opentofu.FakeTofu.hook;
import static io.kombify.plugin.opentofu.FakeTofu.planned;
import static io.kombify.plugin.opentofu.FakeTofu.summary;
import static io.kombify.plugin.opentofu.FakeTofu.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.Cancellation;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.ExportApproval;
import io.kombify.deploy.spi.ExportChange;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import io.kombify.deploy.spi.ExportRun;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter running tofu: a test double named {@code tofu} ({@link FakeTofu}) on the runner's
 * {@code PATH} replays documented output, and the test checks the commands run, the changes and
 * events that come out, the approvals asked, how failures and standard error reach the user, and
 * how tofu is stopped when the export is cancelled, interrupted or out of time.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the tofu test double is a POSIX shell script")
class TofuRunnerTest {

    /** The local sample: containers on an existing host, planned in one step. */
    private static final String LOCAL = "single-node-homelab.yaml";
    /** The hybrid sample: containers on a new Hetzner server, planned in two steps. */
    private static final String HYBRID = "hybrid-hetzner-headscale.yaml";
    private static final String POSTGRES = "docker_container.postgres";
    private static final String NEXTCLOUD = "docker_container.nextcloud";
    private static final String SERVER = "hcloud_server.edge-vps";
    private static final String TRAEFIK = "docker_container.traefik";
    private static final ResourceId POSTGRES_ID = ResourceId.parse("container.postgres");
    private static final ResourceId NEXTCLOUD_ID = ResourceId.parse("container.nextcloud");
    private static final ResourceId MACHINE_ID = ResourceId.parse("machine.edge-vps");
    private static final ResourceId TRAEFIK_ID = ResourceId.parse("container.traefik");

    @TempDir
    Path tmp;
    Path out;
    FakeTofu tofu;
    final List<DeployEvent> events = new CopyOnWriteArrayList<>();
    final List<ExportRun> asked = new CopyOnWriteArrayList<>();
    final Cancellation cancellation = new Cancellation();

    @BeforeEach
    void fake() {
        out = tmp.resolve("out");
        tofu = FakeTofu.in(tmp.resolve("bin"));
    }

    private ExportRequest request(String sample, ExportMode mode) {
        return ExportRequest.of(Samples.graph(sample), out).withMode(mode)
                .withEnvironment(Map.of("PATH", tofu.dir + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/bin"))
                .withListener(events::add)
                .withCancellation(cancellation)
                .withApproval(plan -> {
                    asked.add(plan);
                    return true;
                });
    }

    private ExportResult export(String sample, ExportMode mode) {
        return new OpenTofuExporter().export(request(sample, mode));
    }

    private FakeTofu planTwoCreates() {
        return tofu.plan(version(), planned(POSTGRES, "create"), planned(NEXTCLOUD, "create"), summary("plan", 2, 0, 0));
    }

    private String cwd() throws IOException {
        return out.toRealPath().toString();
    }

    @Test
    void planInitialisesThenPlansInTheExportDirectoryAndReportsTheChanges() throws IOException {
        planTwoCreates();

        ExportResult result = export(LOCAL, ExportMode.PLAN);

        assertThat(tofu.calls()).containsExactly(
                "init -input=false -no-color | cwd=" + cwd() + " | TF_IN_AUTOMATION=1",
                "plan -json -input=false -out=kombify.tfplan | cwd=" + cwd() + " | TF_IN_AUTOMATION=1");
        ExportRun run = result.run().orElseThrow();
        assertThat(run.mode()).isEqualTo(ExportMode.PLAN);
        assertThat(run.tool()).isEqualTo("OpenTofu 1.10.6");
        assertThat(run.changes()).containsExactly(new ExportChange(POSTGRES, POSTGRES_ID, Action.CREATE, ""),
                new ExportChange(NEXTCLOUD, NEXTCLOUD_ID, Action.CREATE, ""));
        assertThat(run.summary()).isEqualTo("2 to create, 0 to update in place, 0 to replace, 0 to delete");
        assertThat(run.status()).isEmpty();
        assertThat(result.succeeded()).isTrue();
        assertThat(asked).as("a plan asks no approval").isEmpty();
        assertThat(events).singleElement().isInstanceOfSatisfying(DeployEvent.PlanReady.class,
                e -> assertThat(e.counts()).containsEntry(Action.CREATE, 2));
        assertThat(out.resolve(TofuRunner.PLAN_FILE)).as("the saved plan stays for tofu apply").isRegularFile();
        assertThat(result.nextSteps()).last().asString().startsWith("Apply the saved plan in " + out)
                .contains("delete it afterwards (it holds the values of the sensitive variables)");
    }

    @Test
    void applyShowsThePlanToTheApprovalThenAppliesItReportingEachStepAndDeletesTheSavedPlan() {
        planTwoCreates().apply(version(), planned(POSTGRES, "create"), planned(NEXTCLOUD, "create"),
                hook("apply_start", POSTGRES, "create", 0), hook("apply_complete", POSTGRES, "create", 3),
                hook("apply_start", NEXTCLOUD, "create", 0), hook("apply_complete", NEXTCLOUD, "create", 4),
                summary("apply", 2, 0, 0));

        ExportResult result = export(LOCAL, ExportMode.APPLY);

        assertThat(tofu.calls()).last().asString().startsWith("apply -json -input=false kombify.tfplan | cwd=");
        assertThat(asked).singleElement().satisfies(plan -> {
            assertThat(plan.mode()).isEqualTo(ExportMode.PLAN);
            assertThat(plan.changes()).extracting(ExportChange::address).containsExactly(POSTGRES, NEXTCLOUD);
        });
        assertThat(result.run().orElseThrow().status()).contains(ApplyStatus.SUCCEEDED);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.nextSteps()).as("nothing left to do after a successful apply").isEmpty();
        assertThat(out.resolve(TofuRunner.PLAN_FILE)).as("the applied plan, which holds secrets, is gone").doesNotExist();
        assertThat(events.subList(1, events.size() - 1)).containsExactly(
                new DeployEvent.ApplyStarted(2, 10),
                new DeployEvent.StepStarted(POSTGRES_ID, Action.CREATE, 1),
                new DeployEvent.StepSucceeded(POSTGRES_ID, Action.CREATE, Duration.ofSeconds(3)),
                new DeployEvent.StepStarted(NEXTCLOUD_ID, Action.CREATE, 1),
                new DeployEvent.StepSucceeded(NEXTCLOUD_ID, Action.CREATE, Duration.ofSeconds(4)));
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(DeployEvent.ApplyFinished.class,
                e -> assertThat(e.status()).isEqualTo(ApplyStatus.SUCCEEDED));
    }

    @Test
    void aDeclinedPlanIsNotAppliedAndItsSavedPlanIsDeleted() {
        planTwoCreates();

        ExportResult result = new OpenTofuExporter().export(request(LOCAL, ExportMode.APPLY)
                .withApproval(ExportApproval.NEVER));

        assertThat(tofu.calls()).extracting(c -> c.substring(0, c.indexOf(' '))).containsExactly("init", "plan");
        ExportRun run = result.run().orElseThrow();
        assertThat(run.status()).contains(ApplyStatus.CANCELLED);
        assertThat(result.succeeded()).isFalse();
        assertThat(run.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("TOFU_APPLY_DECLINED");
            assertThat(d.message()).isEqualTo("the plan was not approved: nothing was applied");
        });
        assertThat(out.resolve(TofuRunner.PLAN_FILE)).doesNotExist();
    }

    @Test
    void containersOnANewServerAreAppliedInTwoApprovedStepsServerFirst() throws IOException {
        tofu.planTargeted(version(), planned(SERVER, "create"), summary("plan", 1, 0, 0))
                .applyTargeted(version(), hook("apply_start", SERVER, "create", 0),
                        hook("apply_complete", SERVER, "create", 41), summary("apply", 1, 0, 0))
                .plan(version(), planned(TRAEFIK, "create"), summary("plan", 1, 0, 0))
                .apply(version(), hook("apply_start", TRAEFIK, "create", 0), hook("apply_complete", TRAEFIK, "create", 5),
                        summary("apply", 1, 0, 0));

        ExportResult result = export(HYBRID, ExportMode.APPLY);

        assertThat(tofu.calls()).containsExactly(
                "init -input=false -no-color | cwd=" + cwd() + " | TF_IN_AUTOMATION=1",
                "plan -json -input=false -out=kombify.tfplan -target=" + SERVER + " | cwd=" + cwd() + " | TF_IN_AUTOMATION=1",
                "apply -json -input=false kombify.tfplan | cwd=" + cwd() + " | TF_IN_AUTOMATION=1",
                "plan -json -input=false -out=kombify.tfplan | cwd=" + cwd() + " | TF_IN_AUTOMATION=1",
                "apply -json -input=false kombify.tfplan | cwd=" + cwd() + " | TF_IN_AUTOMATION=1");
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0).changes()).extracting(ExportChange::address).containsExactly(SERVER);
        assertThat(asked.get(0).diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("OPENTOFU_TWO_STEPS");
            assertThat(d.message()).isEqualTo("this plan covers " + SERVER + " and what it needs: the docker provider "
                    + "connects to that server, so the containers, networks and volumes on it are planned once it exists");
            assertThat(d.hint()).isEqualTo("once this plan is applied, the rest is planned and shown for approval");
        });
        assertThat(asked.get(1).changes()).extracting(ExportChange::address).containsExactly(TRAEFIK);
        ExportRun run = result.run().orElseThrow();
        assertThat(run.status()).contains(ApplyStatus.SUCCEEDED);
        assertThat(run.changes()).extracting(ExportChange::resource).containsExactly(MACHINE_ID, TRAEFIK_ID);
        assertThat(events).filteredOn(e -> e instanceof DeployEvent.StepSucceeded).extracting(e ->
                ((DeployEvent.StepSucceeded) e).id()).containsExactly(MACHINE_ID, TRAEFIK_ID);
        assertThat(out.resolve(TofuRunner.PLAN_FILE)).doesNotExist();
    }

    @Test
    void aPlanOfContainersOnANewServerPlansTheServerAndSaysWhyTheRestWaits() {
        tofu.planTargeted(version(), planned(SERVER, "create"), summary("plan", 1, 0, 0));

        ExportRun run = export(HYBRID, ExportMode.PLAN).run().orElseThrow();

        assertThat(tofu.calls()).hasSize(2).last().asString().contains("-target=" + SERVER);
        assertThat(run.changes()).extracting(ExportChange::address).containsExactly(SERVER);
        assertThat(run.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("OPENTOFU_TWO_STEPS");
            assertThat(d.isError()).isFalse();
            assertThat(d.hint()).startsWith("export with --apply (it applies this plan, then plans and applies the rest)");
        });
        assertThat(run.succeeded()).isTrue();
    }

    @Test
    void onceTheServerExistsThePlanCoversEverything() {
        tofu.planTargeted(version(), summary("plan", 0, 0, 0))
                .plan(version(), planned(TRAEFIK, "create"), summary("plan", 1, 0, 0));

        ExportRun run = export(HYBRID, ExportMode.PLAN).run().orElseThrow();

        assertThat(tofu.calls()).hasSize(3).last().asString().startsWith("plan -json -input=false -out=kombify.tfplan | ");
        assertThat(run.changes()).extracting(ExportChange::address).containsExactly(TRAEFIK);
        assertThat(run.diagnostics()).isEmpty();
    }

    @Test
    void aFailedApplyIsAFailedResultWithTofusErrorsAndTheStepsItNeverReached() {
        planTwoCreates().apply(version(), hook("apply_start", POSTGRES, "create", 0),
                hook("apply_errored", POSTGRES, "create", 3),
                error(POSTGRES, "Unable to create container", "image not found: postgres:17 (pull access denied)"))
                .exits("apply", 1, "");

        ExportResult result = export(LOCAL, ExportMode.APPLY);

        ExportRun run = result.run().orElseThrow();
        assertThat(run.status()).contains(ApplyStatus.FAILED);
        assertThat(result.succeeded()).isFalse();
        assertThat(run.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.message()).isEqualTo(POSTGRES + ": Unable to create container: image not found: postgres:17 "
                    + "(pull access denied)");
        });
        assertThat(events).contains(
                new DeployEvent.StepFailed(POSTGRES_ID, Action.CREATE, "TOFU_APPLY_ERRORED", POSTGRES + ": apply_errored"),
                new DeployEvent.StepSkipped(NEXTCLOUD_ID, Action.CREATE, "not applied: OpenTofu stopped after an error"));
        assertThat(out.resolve(TofuRunner.PLAN_FILE)).doesNotExist();
    }

    @Test
    void anApplyThatDiesWithoutDiagnosticsCarriesItsStandardError() {
        planTwoCreates().exits("apply", 2, "panic: runtime error: invalid memory address\ngoroutine 1 [running]:\n");

        ExportRun run = export(LOCAL, ExportMode.APPLY).run().orElseThrow();

        assertThat(run.status()).contains(ApplyStatus.FAILED);
        assertThat(run.diagnostics()).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo(
                "tofu apply exited with status 2; standard error: panic: runtime error: invalid memory address "
                        + "| goroutine 1 [running]:"));
    }

    @Test
    void aFailedPlanIsAnErrorWithTofusDiagnosticItsStandardErrorAndWhereTheFilesAre() {
        tofu.plan(version(), error(null, "No value for required variable",
                        "The root module input variable \\\"ssh_source_ips\\\" is not set, and has no default value."))
                .exits("plan", 1, "Error: exit status 1\n");

        assertThatThrownBy(() -> export(LOCAL, ExportMode.PLAN)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("TOFU_PLAN_FAILED");
            assertThat(e.getMessage()).isEqualTo("tofu plan failed (exit status 1): No value for required variable: The "
                    + "root module input variable \"ssh_source_ips\" is not set, and has no default value.; standard error: "
                    + "Error: exit status 1");
            assertThat(e.diagnostics()).extracting(Diagnostic::code).containsExactly("TOFU_ERROR", "TOFU_PLAN_FAILED");
            assertThat(e.diagnostics().get(1).hint()).startsWith("the files in " + out + " are written; ")
                    .contains("TF_VAR_NAME");
        });
        assertThat(tofu.calls()).hasSize(2);
    }

    @Test
    void aFailedInitStopsBeforeThePlanWithTofusOutput() {
        tofu.initFails();

        assertThatThrownBy(() -> export(LOCAL, ExportMode.APPLY)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("TOFU_INIT_FAILED");
            assertThat(e.getMessage()).isEqualTo("tofu init failed (exit status 1): Initializing provider plugins...; "
                    + "standard error: Error: Failed to query available provider packages");
        });
        assertThat(tofu.calls()).singleElement().asString().startsWith("init ");
    }

    @Test
    void theSettingNamesTheBinaryWhenItIsNotOnThePathEvenAsARelativePath() {
        planTwoCreates();
        String relative = Path.of("").toAbsolutePath().relativize(tofu.binary).toString();
        assertThat(Path.of(relative).isAbsolute()).isFalse();

        ExportResult result = new OpenTofuExporter().export(ExportRequest.of(Samples.graph(LOCAL), out)
                .withMode(ExportMode.PLAN).withSettings(Map.of("opentofu.binary", relative))
                .withEnvironment(Map.of("PATH", "/usr/bin" + File.pathSeparator + "/bin")));

        assertThat(result.run().orElseThrow().changes()).hasSize(2);
        assertThat(Files.exists(out.resolve(OpenTofuExporter.VARS_FILE))).isTrue();
    }

    @Test
    void aPlanThatRunsLongerThanTheTimeoutIsStoppedWithOneSignal() {
        tofu.sleeps("plan", 30);
        long start = System.nanoTime();

        assertThatThrownBy(() -> new OpenTofuExporter().export(request(LOCAL, ExportMode.PLAN)
                .withSettings(Map.of("opentofu.timeout", "1s")))).isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("TOFU_TIMEOUT");
                    assertThat(e.getMessage()).isEqualTo("tofu plan ran longer than 1s (opentofu.timeout) and was "
                            + "stopped; nothing was applied");
                    assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.hint())
                            .startsWith("raise the limit with --setting opentofu.timeout=2h"));
                });

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(tofu.signals()).isEqualTo(1);
        assertThat(out.resolve(TofuRunner.PLAN_FILE)).doesNotExist();
    }

    @Test
    void cancellingAnApplyAsksTofuOnceToStopAndReportsWhatItNeverStarted() {
        planTwoCreates().apply(version(), hook("apply_start", POSTGRES, "create", 0)).sleeps("apply", 30);
        events.clear();
        ExportRequest request = request(LOCAL, ExportMode.APPLY).withListener(e -> {
            events.add(e);
            if (e instanceof DeployEvent.StepStarted) {
                cancellation.cancel();
            }
        });

        ExportResult result = new OpenTofuExporter().export(request);

        ExportRun run = result.run().orElseThrow();
        assertThat(run.status()).contains(ApplyStatus.CANCELLED);
        assertThat(run.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("TOFU_INTERRUPTED");
            assertThat(d.message()).isEqualTo("tofu apply was cancelled and was stopped: it finished the changes in "
                    + "flight and saved its state; the changes it had not started were not applied");
        });
        assertThat(tofu.signals()).isEqualTo(1);
        assertThat(events).contains(new DeployEvent.StepSkipped(NEXTCLOUD_ID, Action.CREATE,
                "not applied: OpenTofu was stopped"));
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(DeployEvent.ApplyFinished.class,
                e -> assertThat(e.status()).isEqualTo(ApplyStatus.CANCELLED));
    }

    @Test
    void whenTheInterruptAlreadyReachedTofuNoSecondSignalMakesItExitAtOnce() throws Exception {
        planTwoCreates().apply(version(), hook("apply_start", POSTGRES, "create", 0)).sleeps("apply", 30).finishesWithin(1);
        AtomicReference<ExportResult> result = new AtomicReference<>();
        Thread export = new Thread(() -> result.set(export(LOCAL, ExportMode.APPLY)));
        export.start();
        long tofuPid = awaitChild("apply");

        // Ctrl-C at a terminal: the signal reaches tofu and kombify at once
        ProcessHandle.of(parentOf(tofuPid)).orElseThrow().destroy();
        cancellation.cancel();
        export.join(20_000);

        assertThat(export.isAlive()).isFalse();
        assertThat(tofu.signals()).as("tofu got the terminal's signal only").isEqualTo(1);
        assertThat(result.get().run().orElseThrow().status()).contains(ApplyStatus.CANCELLED);
    }

    @Test
    void aTofuThatDoesNotStopIsKilledWithTheProcessesItStartedAfterTheGracePeriod() throws Exception {
        planTwoCreates().apply(version(), hook("apply_start", POSTGRES, "create", 0)).sleeps("apply", 60).deaf();
        ExportRequest request = request(LOCAL, ExportMode.APPLY).withListener(e -> {
            if (e instanceof DeployEvent.StepStarted) {
                cancellation.cancel();
            }
        });

        ExportResult result = new OpenTofuExporter(Duration.ofMillis(500)).export(request);

        ExportRun run = result.run().orElseThrow();
        assertThat(run.status()).contains(ApplyStatus.CANCELLED);
        assertThat(run.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("TOFU_INTERRUPTED");
            assertThat(d.message()).isEqualTo("tofu apply was cancelled, did not stop within 500ms of being asked and "
                    + "was killed; its state may lack changes it made");
        });
        assertThat(tofu.signals()).isEqualTo(1);
        long sleeper = tofu.child("apply").orElseThrow();
        awaitGone(sleeper);
        assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false))
                .as("the process tofu started is killed too").isFalse();
    }

    @Test
    void interruptingTheExportingThreadStopsTofuAndKeepsTheInterrupt() throws Exception {
        tofu.sleeps("plan", 30);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread export = new Thread(() -> {
            try {
                export(LOCAL, ExportMode.PLAN);
            } catch (Throwable t) {
                thrown.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        export.start();
        awaitChild("plan");

        export.interrupt();
        export.join(20_000);

        assertThat(export.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("TOFU_INTERRUPTED");
            assertThat(e.getMessage()).isEqualTo("tofu plan was interrupted and was stopped; nothing was applied");
        });
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(tofu.signals()).isEqualTo(1);
    }

    /** Waits until the fake's variant sleeps in its child process, and returns the child's process id. */
    private long awaitChild(String variant) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            var child = tofu.child(variant);
            if (child.isPresent() && ProcessHandle.of(child.get()).isPresent()) {
                return child.get();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the fake tofu never started its " + variant);
    }

    private static long parentOf(long pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                .orElseThrow(() -> new AssertionError("no parent of " + pid));
    }

    private static void awaitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 200 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(25);
        }
    }
}
