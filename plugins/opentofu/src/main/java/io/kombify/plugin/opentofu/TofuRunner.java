package io.kombify.plugin.opentofu;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.ExportChange;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs {@code tofu} in an export's directory: {@code tofu init -input=false}, then
 * {@code tofu plan -json -input=false -out=kombify.tfplan} and, to apply, asks the request's
 * approval and runs {@code tofu apply -json -input=false kombify.tfplan} (a saved plan applies
 * without asking tofu itself). When the docker provider needs servers the same configuration
 * creates, the plan and apply go in two steps: first {@code -target=} those servers (and what
 * they need), then everything, each plan approved on its own.
 *
 * <p>Standard output and standard error are read on threads of their own, line by line as they
 * come ({@link UiStream}); the calling thread waits for tofu and watches the request's
 * cancellation, its own interruption and the time limit. To stop tofu it sends one signal
 * ({@link Process#destroy()}, SIGTERM), on which tofu finishes the operations in flight, saves its
 * state and exits; a second signal would make tofu exit at once, so none is sent when tofu already
 * said it is stopping (a Ctrl-C at a terminal reaches tofu directly). Only when tofu has not exited
 * after a grace period is it killed, with the processes it started. tofu gets exactly the request's
 * environment, plus {@code TF_IN_AUTOMATION=1}; its standard input is closed. The saved plan, which
 * holds the values of sensitive variables, is deleted once applied (or declined).
 *
 * @see <a href="https://opentofu.org/docs/cli/commands/plan/">tofu plan</a>
 * @see <a href="https://opentofu.org/docs/internals/machine-readable-ui/">machine-readable UI</a>
 */
final class TofuRunner {

    /** The plan file {@code tofu plan} saves and {@code tofu apply} applies, in the export's directory. */
    static final String PLAN_FILE = "kombify.tfplan";
    /** How long one tofu command may run unless {@code opentofu.timeout} says otherwise. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    /**
     * How long tofu gets to stop after it was asked to: shorter than the two minutes the
     * {@code kombify} command holds the process after a Ctrl-C, so the result is still printed.
     */
    static final Duration STOP_GRACE = Duration.ofSeconds(100);
    /** What tofu prints (as a {@code log} message in {@code -json} mode) when a signal reached it. */
    static final String INTERRUPT_ANNOUNCED = "Interrupt received";
    private static final int STDERR_KEPT = 20;
    private static final long POLL_MILLIS = 50;
    private static final Duration ANNOUNCE_WAIT = Duration.ofSeconds(1);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private static final Duration READERS_JOIN = Duration.ofSeconds(2);

    /** Why a tofu process was stopped before it ended on its own. */
    enum Stop { NONE, CANCELLED, INTERRUPTED, TIMED_OUT }

    /** How long a tofu command may run, and how long it gets to stop when asked. */
    record Limits(Duration timeout, Duration stopGrace) {
        static final Limits DEFAULT = new Limits(DEFAULT_TIMEOUT, STOP_GRACE);
    }

    /** What one finished tofu process left. */
    private record Finished(int status, List<String> stderr, Stop stop, boolean killed) {
    }

    /** What a run has planned and applied so far. */
    private static final class Progress {
        String tool = "";
        final Map<String, ExportChange> changes = new LinkedHashMap<>();
        final Map<String, ExportChange> drift = new LinkedHashMap<>();
        final List<Diagnostic> diagnostics = new ArrayList<>();
        boolean applied;

        void planned(UiStream plan) {
            if (tool.isEmpty()) {
                tool = plan.tool();
            }
            plan.changes().forEach(c -> changes.put(c.address(), c));
            plan.drift().forEach(c -> drift.putIfAbsent(c.address(), c));
            diagnostics.addAll(plan.diagnostics());
        }
    }

    private final Path binary;
    private final Path directory;
    private final ExportRequest request;
    private final Map<String, ResourceId> addresses;
    private final Limits limits;

    TofuRunner(Path binary, ExportRequest request, Map<String, ResourceId> addresses, Limits limits) {
        this.binary = binary;
        this.directory = request.directory();
        this.request = request;
        this.addresses = addresses;
        this.limits = limits;
    }

    /**
     * Initialises the directory and plans, and for {@link ExportMode#APPLY} applies what the
     * approval approves.
     *
     * @param firstStep the addresses to create before everything else can be planned (the servers the
     *                  docker provider connects to); empty for one plan and one apply
     * @throws KombifyException {@code TOFU_INIT_FAILED} or {@code TOFU_PLAN_FAILED} (with tofu's
     *                          diagnostics and the end of its standard error), {@code TOFU_FAILED}
     *                          when tofu cannot be run or its output cannot be read,
     *                          {@code TOFU_INTERRUPTED} or {@code TOFU_TIMEOUT} when it was stopped
     *                          before applying anything
     */
    ExportRun run(List<String> firstStep) {
        long start = System.nanoTime();
        List<String> initOutput = new ArrayList<>();
        Finished init = exec(List.of("init", "-input=false", "-no-color"), initOutput::add);
        if (init.stop() != Stop.NONE) {
            throw stopped("tofu init", init);
        }
        if (init.status() != 0) {
            throw failed("TOFU_INIT_FAILED", "tofu init", init.status(), List.of(), initOutput, init.stderr(),
                    "check the provider requirements and that this machine reaches the provider registry; "
                            + "run `tofu init` in " + directory + " to see its full output");
        }
        Progress progress = new Progress();
        boolean apply = request.mode() == ExportMode.APPLY;
        if (!firstStep.isEmpty()) {
            UiStream first = plan(firstStep);
            progress.planned(first);
            if (changes(first) > 0) {
                Diagnostic twoSteps = twoSteps(firstStep, apply);
                if (!apply) {
                    List<Diagnostic> diagnostics = new ArrayList<>(first.diagnostics());
                    diagnostics.add(twoSteps);
                    return new ExportRun(ExportMode.PLAN, first.tool(), first.changes(), first.drift(), Optional.empty(),
                            diagnostics, since(start));
                }
                // shown with the first plan; the run's end does not repeat it
                ExportRun failedOrDeclined = applyApproved(first, progress, twoSteps, start);
                if (failedOrDeclined != null) {
                    return failedOrDeclined;
                }
            }
        }
        UiStream plan = plan(List.of());
        progress.planned(plan);
        if (!apply) {
            return new ExportRun(ExportMode.PLAN, plan.tool(), plan.changes(), plan.drift(), Optional.empty(),
                    plan.diagnostics(), since(start));
        }
        if (changes(plan) == 0) {
            deletePlan();
            return result(progress, ApplyStatus.SUCCEEDED, start);
        }
        ExportRun failedOrDeclined = applyApproved(plan, progress, null, start);
        return failedOrDeclined != null ? failedOrDeclined : result(progress, ApplyStatus.SUCCEEDED, start);
    }

    /**
     * Asks the approval about a plan and applies it when approved.
     *
     * @return the run's end when the apply failed, was stopped or was declined; {@code null} when it
     *         succeeded
     */
    private ExportRun applyApproved(UiStream plan, Progress progress, Diagnostic note, long start) {
        List<Diagnostic> shown = new ArrayList<>(plan.diagnostics());
        if (note != null) {
            shown.add(note);
        }
        ExportRun asked = new ExportRun(ExportMode.PLAN, plan.tool(), plan.changes(), plan.drift(), Optional.empty(),
                shown, since(start));
        Stop stop = stopRequested();
        if (stop != Stop.NONE) {
            deletePlan();
            String code = "TOFU_INTERRUPTED";
            String message = "the export " + why(stop) + " before applying the plan; "
                    + (progress.applied ? "the servers of the first step were created, the rest was not applied"
                    : "nothing was applied");
            Diagnostic d = Diagnostic.error(code, "", message, "export again with --apply to apply it");
            if (!progress.applied) {
                throw new KombifyException(code, message, List.of(d));
            }
            progress.diagnostics.add(d);
            return result(progress, ApplyStatus.CANCELLED, start);
        }
        boolean approved;
        try {
            approved = request.approval().approve(asked);
        } catch (RuntimeException e) {
            approved = false;
        }
        if (!approved) {
            deletePlan();
            String what = progress.applied ? "the servers of the first step were created; the rest was not applied"
                    : "nothing was applied";
            progress.diagnostics.add(Diagnostic.error("TOFU_APPLY_DECLINED", "", "the plan was not approved: " + what,
                    "export again with --apply and answer yes, or pass --auto-approve"));
            return result(progress, ApplyStatus.CANCELLED, start);
        }
        UiStream applied = new UiStream(UiStream.Phase.APPLY, request.listener(), addresses);
        applied.expect(plan.changes());
        long applyStart = System.nanoTime();
        Finished f = exec(List.of("apply", "-json", "-input=false", PLAN_FILE), applied::accept);
        deletePlan();
        ApplyStatus status = applied.finishApply(f.status() == 0, f.stop() != Stop.NONE, since(applyStart));
        progress.applied = true;
        if (progress.tool.isEmpty()) {
            progress.tool = applied.tool();
        }
        progress.diagnostics.addAll(applied.diagnostics());
        if (f.stop() != Stop.NONE) {
            progress.diagnostics.add(stoppedDuringApply(f));
        } else if (f.status() != 0 && (applied.diagnostics().stream().noneMatch(Diagnostic::isError)
                || !f.stderr().isEmpty())) {
            String message = "tofu apply exited with status " + f.status()
                    + (applied.diagnostics().stream().anyMatch(Diagnostic::isError) ? "" : tail(applied.text()))
                    + (f.stderr().isEmpty() ? "" : "; standard error" + tail(f.stderr()));
            progress.diagnostics.add(Diagnostic.error("TOFU_APPLY_FAILED", "", message, "run `tofu plan` in " + directory
                    + " to see what is left to do, and `tofu apply` there to see its full output"));
        }
        return status == ApplyStatus.SUCCEEDED ? null : result(progress, status, start);
    }

    private UiStream plan(List<String> targets) {
        UiStream plan = new UiStream(UiStream.Phase.PLAN, request.listener(), addresses);
        List<String> arguments = new ArrayList<>(List.of("plan", "-json", "-input=false", "-out=" + PLAN_FILE));
        targets.forEach(t -> arguments.add("-target=" + t));
        Finished f = exec(arguments, plan::accept);
        if (f.stop() != Stop.NONE) {
            deletePlan();
            throw stopped("tofu plan", f);
        }
        if (f.status() != 0) {
            throw failed("TOFU_PLAN_FAILED", "tofu plan", f.status(), plan.diagnostics(), plan.text(), f.stderr(),
                    "the files in " + directory + " are written; fix what tofu reports (a variable without a value is "
                            + "set with TF_VAR_NAME or in terraform.tfvars.json), then export again or run tofu plan there");
        }
        return plan;
    }

    private ExportRun result(Progress progress, ApplyStatus status, long start) {
        return new ExportRun(ExportMode.APPLY, progress.tool, List.copyOf(progress.changes.values()),
                List.copyOf(progress.drift.values()), Optional.of(status), progress.diagnostics, since(start));
    }

    private static long changes(UiStream plan) {
        return plan.changes().stream().filter(c -> c.action() != Action.NOOP).count();
    }

    private Diagnostic twoSteps(List<String> firstStep, boolean apply) {
        String message = "this plan covers " + String.join(", ", firstStep) + " and what "
                + (firstStep.size() == 1 ? "it needs" : "they need") + ": the docker provider connects to "
                + (firstStep.size() == 1 ? "that server" : "those servers") + ", so the containers, networks and volumes "
                + "on " + (firstStep.size() == 1 ? "it" : "them") + " are planned once "
                + (firstStep.size() == 1 ? "it exists" : "they exist");
        String hint = apply ? "once this plan is applied, the rest is planned and shown for approval"
                : "export with --apply (it applies this plan, then plans and applies the rest), or run tofu apply "
                + PLAN_FILE + " in " + directory + " and export with --plan again";
        return Diagnostic.warning("OPENTOFU_TWO_STEPS", "", message, hint);
    }

    private Stop stopRequested() {
        if (Thread.currentThread().isInterrupted()) {
            return Stop.INTERRUPTED;
        }
        return request.cancellation().isCancelled() ? Stop.CANCELLED : Stop.NONE;
    }

    // --- running one tofu command ---

    private Finished exec(List<String> arguments, Consumer<String> stdoutLine) {
        Stop before = stopRequested();
        if (before != Stop.NONE) {
            return new Finished(-1, List.of(), before, false);
        }
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile());
        pb.environment().clear();
        pb.environment().putAll(request.environment());
        pb.environment().put("TF_IN_AUTOMATION", "1");
        String what = "tofu " + arguments.get(0);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            String message = "cannot run " + binary + ": " + e.getMessage();
            throw new KombifyException("TOFU_FAILED", message, List.of(Diagnostic.error("TOFU_FAILED", "", message,
                    "check that " + binary + " is OpenTofu's tofu binary for this machine and can be executed")), e);
        }
        AtomicBoolean announced = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Deque<String> stderr = new ArrayDeque<>();
        Thread out = reader(what + " output", process.getInputStream(), line -> {
            if (line.contains(INTERRUPT_ANNOUNCED)) {
                announced.set(true);
            }
            stdoutLine.accept(line);
        }, failure);
        Thread err = reader(what + " errors", process.getErrorStream(), line -> {
            if (line.contains(INTERRUPT_ANNOUNCED)) {
                announced.set(true);
            }
            synchronized (stderr) {
                stderr.addLast(line);
                if (stderr.size() > STDERR_KEPT) {
                    stderr.removeFirst();
                }
            }
        }, new AtomicReference<>());
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // tofu never reads standard input with -input=false; a pipe that is already gone is fine
        }
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        Stop stop = Stop.NONE;
        boolean interrupted = false;
        boolean killed = false;
        while (true) {
            try {
                if (process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                stop = Stop.INTERRUPTED;
            }
            if (stop == Stop.NONE) {
                if (request.cancellation().isCancelled()) {
                    stop = Stop.CANCELLED;
                } else if (System.nanoTime() - deadline > 0) {
                    stop = Stop.TIMED_OUT;
                }
            }
            if (stop != Stop.NONE || failure.get() != null) {
                killed = halt(process, announced);
                break;
            }
        }
        join(out);
        join(err);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable broken = failure.get();
        if (broken != null && stop == Stop.NONE) {
            if (broken instanceof KombifyException k) {
                throw k;
            }
            String message = "lost the output of " + what + ": " + broken;
            throw new KombifyException("TOFU_FAILED", message, List.of(Diagnostic.error("TOFU_FAILED", "", message,
                    "run `" + what + "` in " + directory + " to see its output")), broken);
        }
        synchronized (stderr) {
            return new Finished(process.isAlive() ? -1 : process.exitValue(), List.copyOf(stderr), stop, killed);
        }
    }

    /**
     * Stops tofu: one signal unless it already announced that it is stopping, then the grace period,
     * then a kill of tofu and the processes it started.
     *
     * @return whether it had to be killed
     */
    private boolean halt(Process process, AtomicBoolean announced) {
        List<ProcessHandle> family = process.descendants().toList();
        if (!announced.get()) {
            // A Ctrl-C at a terminal reaches tofu at the same time as kombify; give it a moment to say so.
            Duration wait = limits.stopGrace().compareTo(ANNOUNCE_WAIT) < 0 ? limits.stopGrace() : ANNOUNCE_WAIT;
            if (!await(process, wait, announced) && !announced.get()) {
                process.destroy();
            }
        }
        boolean killed = false;
        if (!await(process, limits.stopGrace(), null)) {
            killed = true;
            process.destroyForcibly();
            family.forEach(ProcessHandle::destroyForcibly);
            await(process, AFTER_KILL, null);
        }
        // Providers and helpers left behind would keep tofu's output pipes open.
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return killed;
    }

    /** Waits until the process exits (true) or the time is up, or, with {@code until}, until it is set. */
    private static boolean await(Process process, Duration time, AtomicBoolean until) {
        long end = System.nanoTime() + time.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                long left = end - System.nanoTime();
                if (left <= 0 || until != null && until.get()) {
                    return !process.isAlive();
                }
                try {
                    if (process.waitFor(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS),
                            TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    // stopping tofu safely matters more than answering the interrupt at once
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread reader(String name, InputStream in, Consumer<String> onLine, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (failure.get() == null) {
                        try {
                            onLine.accept(line);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread reader) {
        boolean interrupted = false;
        long end = System.nanoTime() + READERS_JOIN.toNanos();
        while (reader.isAlive()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                // a process tofu left behind still holds the pipe; what it writes now is not tofu's
                break;
            }
            try {
                reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void deletePlan() {
        try {
            Files.deleteIfExists(directory.resolve(PLAN_FILE));
        } catch (IOException ignored) {
            // the .gitignore written beside it keeps it out of version control; nothing else to do
        }
    }

    // --- errors ---

    private String why(Stop stop) {
        return switch (stop) {
            case TIMED_OUT -> "ran longer than " + OpenTofuExporter.format(limits.timeout()) + " (" + OpenTofuExporter.TIMEOUT
                    + ")";
            case INTERRUPTED -> "was interrupted";
            default -> "was cancelled";
        };
    }

    private KombifyException stopped(String what, Finished f) {
        String code = f.stop() == Stop.TIMED_OUT ? "TOFU_TIMEOUT" : "TOFU_INTERRUPTED";
        String message = what + " " + why(f.stop()) + " and was stopped" + (f.killed() ? " (killed after "
                + OpenTofuExporter.format(limits.stopGrace()) + ")" : "") + "; nothing was applied";
        String hint = f.stop() == Stop.TIMED_OUT
                ? "raise the limit with --setting " + OpenTofuExporter.TIMEOUT + "=2h, or run tofu in " + directory
                + " to see where it waits"
                : "the files in " + directory + " are written: export again, or run tofu there";
        return new KombifyException(code, message, List.of(Diagnostic.error(code, "", message, hint)));
    }

    private Diagnostic stoppedDuringApply(Finished f) {
        String code = f.stop() == Stop.TIMED_OUT ? "TOFU_TIMEOUT" : "TOFU_INTERRUPTED";
        if (f.killed()) {
            return Diagnostic.error(code, "", "tofu apply " + why(f.stop()) + ", did not stop within "
                    + OpenTofuExporter.format(limits.stopGrace()) + " of being asked and was killed; its state may lack "
                    + "changes it made", "run tofu plan in " + directory + " and compare it with the cloud; import what "
                    + "was created but is not in the state (tofu import)");
        }
        return Diagnostic.error(code, "", "tofu apply " + why(f.stop()) + " and was stopped: it finished the changes "
                + "in flight and saved its state; the changes it had not started were not applied",
                "export again with --apply to apply the rest");
    }

    private static KombifyException failed(String code, String what, int status, List<Diagnostic> diagnostics,
                                           List<String> output, List<String> stderr, String hint) {
        List<Diagnostic> errors = diagnostics.stream().filter(Diagnostic::isError).toList();
        String message = what + " failed (exit status " + status + ")"
                + (errors.isEmpty() ? tail(output) : ": " + errors.get(0).message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors)" : ""))
                + (stderr.isEmpty() ? "" : "; standard error" + tail(stderr));
        List<Diagnostic> all = new ArrayList<>(diagnostics);
        all.add(Diagnostic.error(code, "", message, hint));
        return new KombifyException(code, message, all);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** {@code ": "} and the last non-blank lines, joined, or {@code ""} when there are none. */
    private static String tail(List<String> lines) {
        List<String> kept = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (kept.isEmpty()) {
            return "";
        }
        List<String> last = kept.subList(Math.max(0, kept.size() - 3), kept.size());
        return ": " + String.join(" | ", last);
    }
}
