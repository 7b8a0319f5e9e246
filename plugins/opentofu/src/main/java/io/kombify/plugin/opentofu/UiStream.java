package io.kombify.plugin.opentofu;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.core.Severity;
import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ExportChange;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the machine-readable output of one {@code tofu plan -json} or {@code tofu apply -json},
 * one JSON message a line, and turns it into kombify's vocabulary as it arrives: planned changes
 * and drift as {@link ExportChange}s with kombify {@link Action}s, progress as
 * {@link DeployEvent}s for the listener, and tofu's diagnostics as {@link Diagnostic}s.
 *
 * <p>Message types ({@code type}) and their keys are those of OpenTofu's machine-readable UI,
 * version 1 ({@code ui} {@code 1.x}; messages of a later major version are refused, as the
 * documentation asks): {@code version}, {@code planned_change}, {@code resource_drift},
 * {@code change_summary}, {@code apply_start}, {@code apply_progress}, {@code apply_complete},
 * {@code apply_errored}, {@code refresh_complete}, {@code diagnostic}; the others ({@code log},
 * {@code outputs}, provisioner messages) are kept only as text. A line that is not a JSON object is
 * kept as text too.
 *
 * <p>A replacement reaches the apply as a delete and a create of one address; the step succeeds
 * when both have. One reader thread feeds it; its methods are synchronized, so the thread that
 * waits for tofu may read what it collected.
 *
 * @see <a href="https://opentofu.org/docs/internals/machine-readable-ui/">OpenTofu machine-readable UI</a>
 */
final class UiStream {

    /** Which command's output this is. */
    enum Phase { PLAN, APPLY }

    /** tofu's default {@code -parallelism}. */
    static final int PARALLELISM = 10;
    private static final int TEXT_KEPT = 40;

    private final Phase phase;
    private final DeployListener listener;
    private final Map<String, ResourceId> addresses;
    private final Map<String, ExportChange> changes = new LinkedHashMap<>();
    private final Map<String, ExportChange> drift = new LinkedHashMap<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Deque<String> text = new ArrayDeque<>();
    /** address -> hook completions still to come (2 for a replacement). */
    private final Map<String, Integer> pending = new HashMap<>();
    private final Map<String, Boolean> started = new HashMap<>();
    private String tool = "";
    private boolean applyStarted;
    private boolean errored;

    UiStream(Phase phase, DeployListener listener, Map<String, ResourceId> addresses) {
        this.phase = phase;
        this.listener = listener;
        this.addresses = addresses;
    }

    /**
     * One line of output.
     *
     * @throws KombifyException {@code TOFU_UI_UNSUPPORTED} when tofu speaks a later major version of the UI
     */
    synchronized void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        Map<String, Object> m = Json.object(line).orElse(null);
        if (m == null) {
            keep(line);
            return;
        }
        String type = Json.str(m, "type");
        switch (type) {
            case "version" -> version(m);
            case "planned_change" -> {
                ExportChange c = change(Json.obj(m, "change"));
                changes.put(c.address(), c);
            }
            case "resource_drift" -> {
                ExportChange c = change(Json.obj(m, "change"));
                drift.put(c.address(), new ExportChange(c.address(), c.resource(), c.action(), "changed outside OpenTofu"));
            }
            case "change_summary" -> {
                if (phase == Phase.PLAN && "plan".equals(Json.str(Json.obj(m, "changes"), "operation"))) {
                    emit(new DeployEvent.PlanReady(counts()));
                }
            }
            case "refresh_complete" -> {
                Map<String, Object> resource = Json.obj(Json.obj(m, "hook"), "resource");
                emit(new DeployEvent.ResourceRefreshed(id(resource), true));
            }
            case "apply_start" -> applyStart(Json.obj(m, "hook"));
            case "apply_complete" -> applyComplete(Json.obj(m, "hook"));
            case "apply_errored" -> applyErrored(Json.obj(m, "hook"), Json.str(m, "@message"));
            case "diagnostic" -> diagnostics.add(diagnostic(Json.obj(m, "diagnostic"), Json.str(m, "@level")));
            case "apply_progress", "outputs" -> {
                // nothing to report: progress has no event, and the export declares no outputs
            }
            default -> keep(Json.str(m, "@message"));
        }
    }

    /**
     * The changes of the plan this apply applies, so that steps are counted and skipped steps reported
     * even when tofu does not repeat the plan in the apply's output.
     */
    synchronized void expect(List<ExportChange> planned) {
        planned.forEach(c -> changes.putIfAbsent(c.address(), c));
    }

    private void version(Map<String, Object> m) {
        String ui = Json.str(m, "ui");
        int dot = ui.indexOf('.');
        try {
            int major = Integer.parseInt(dot < 0 ? ui : ui.substring(0, dot));
            if (major > 1) {
                throw new KombifyException("TOFU_UI_UNSUPPORTED", "tofu speaks version " + ui + " of its machine-readable "
                        + "output; kombify reads version 1", List.of(Diagnostic.error("TOFU_UI_UNSUPPORTED", "",
                        "tofu's machine-readable output is version " + ui, "use an OpenTofu release whose -json output is "
                                + "version 1.x, or a newer kombify")));
            }
        } catch (NumberFormatException ignored) {
            // a version we cannot read is taken as the one we know
        }
        String message = Json.str(m, "@message");
        tool = !message.isEmpty() ? message : "OpenTofu " + Json.str(m, "tofu");
    }

    private void applyStart(Map<String, Object> hook) {
        if (!applyStarted) {
            applyStarted = true;
            emit(new DeployEvent.ApplyStarted((int) changes.values().stream().filter(c -> c.action() != Action.NOOP).count(),
                    PARALLELISM));
        }
        Map<String, Object> resource = Json.obj(hook, "resource");
        String address = Json.str(resource, "addr");
        if (started.putIfAbsent(address, Boolean.TRUE) == null) {
            Action action = planned(address, Json.str(hook, "action"));
            pending.put(address, action == Action.REPLACE ? 2 : 1);
            emit(new DeployEvent.StepStarted(id(resource), action, 1));
        }
    }

    private void applyComplete(Map<String, Object> hook) {
        Map<String, Object> resource = Json.obj(hook, "resource");
        String address = Json.str(resource, "addr");
        int left = pending.merge(address, -1, Integer::sum);
        if (left <= 0) {
            pending.remove(address);
            emit(new DeployEvent.StepSucceeded(id(resource), planned(address, Json.str(hook, "action")),
                    Duration.ofSeconds(Json.num(hook, "elapsed_seconds", 0))));
        }
    }

    private void applyErrored(Map<String, Object> hook, String message) {
        errored = true;
        Map<String, Object> resource = Json.obj(hook, "resource");
        String address = Json.str(resource, "addr");
        pending.remove(address);
        started.put(address, Boolean.TRUE);
        emit(new DeployEvent.StepFailed(id(resource), planned(address, Json.str(hook, "action")), "TOFU_APPLY_ERRORED",
                message.isEmpty() ? address + ": failed" : message));
    }

    /**
     * The end of an apply: steps tofu planned but never started are reported skipped, then the
     * apply's end.
     *
     * @param exitedCleanly whether tofu exited with status 0
     * @param stopped       whether tofu was asked to stop (cancelled, interrupted or out of time)
     */
    synchronized ApplyStatus finishApply(boolean exitedCleanly, boolean stopped, Duration elapsed) {
        String reason = stopped ? "not applied: OpenTofu was stopped" : "not applied: OpenTofu stopped after an error";
        for (ExportChange c : changes.values()) {
            if (c.action() != Action.NOOP && !started.containsKey(c.address())) {
                emit(new DeployEvent.StepSkipped(c.resource(), c.action(), reason));
            }
        }
        boolean failed = !exitedCleanly || errored || diagnostics.stream().anyMatch(Diagnostic::isError);
        ApplyStatus status = stopped ? ApplyStatus.CANCELLED : failed ? ApplyStatus.FAILED : ApplyStatus.SUCCEEDED;
        emit(new DeployEvent.ApplyFinished(status, 0, elapsed));
        return status;
    }

    /** The action the plan gave this address, else the hook's own. */
    private Action planned(String address, String hookAction) {
        ExportChange c = changes.get(address);
        return c != null ? c.action() : action(hookAction);
    }

    private ExportChange change(Map<String, Object> change) {
        Map<String, Object> resource = Json.obj(change, "resource");
        String tofuAction = Json.str(change, "action");
        String reason = Json.str(change, "reason");
        if (tofuAction.equals("move")) {
            reason = "moved from " + Json.str(Json.obj(change, "previous_resource"), "addr");
        } else if (action(tofuAction) == Action.NOOP && !tofuAction.equals("noop") && reason.isEmpty()) {
            reason = tofuAction;
        }
        return new ExportChange(Json.str(resource, "addr"), id(resource), action(tofuAction), reason);
    }

    /** tofu's action in kombify's words; {@code read}, {@code move} and the like change no resource. */
    static Action action(String tofuAction) {
        return switch (tofuAction) {
            case "create" -> Action.CREATE;
            case "update" -> Action.UPDATE;
            case "replace" -> Action.REPLACE;
            case "delete" -> Action.DELETE;
            default -> Action.NOOP;
        };
    }

    /** The kombify resource a tofu resource object stands for. */
    private ResourceId id(Map<String, Object> resource) {
        String address = Json.str(resource, "addr");
        ResourceId known = addresses.get(address);
        if (known != null) {
            return known;
        }
        String type = Json.str(resource, "resource_type");
        String name = Json.str(resource, "resource_name").replaceFirst("^[_-]+", "");
        Object key = resource.get("resource_key");
        if (key != null) {
            name = name + "-" + String.valueOf(key).replaceAll("[^A-Za-z0-9_.:-]", "_");
        }
        try {
            return ResourceId.of(new ResourceType(type), name);
        } catch (IllegalArgumentException e) {
            String fallback = address.replaceAll("[^A-Za-z0-9_.:-]", "_").replaceFirst("^[_.:-]+", "");
            return ResourceId.of(new ResourceType("opentofu"), fallback.isEmpty() ? "resource" : fallback);
        }
    }

    private static Diagnostic diagnostic(Map<String, Object> d, String level) {
        String severity = Json.str(d, "severity");
        boolean error = severity.isEmpty() ? "error".equals(level) : "error".equals(severity);
        StringBuilder message = new StringBuilder();
        String address = Json.str(d, "address");
        if (!address.isEmpty()) {
            message.append(address).append(": ");
        }
        message.append(Json.str(d, "summary"));
        String detail = Json.str(d, "detail").strip().replaceAll("\\s+", " ");
        if (!detail.isEmpty()) {
            message.append(": ").append(detail);
        }
        Map<String, Object> range = Json.obj(d, "range");
        if (!range.isEmpty()) {
            Map<String, Object> start = Json.obj(range, "start");
            message.append(" (").append(Json.str(range, "filename")).append(':').append(Json.num(start, "line", 0))
                    .append(':').append(Json.num(start, "column", 0)).append(')');
        }
        String code = error ? "TOFU_ERROR" : "TOFU_WARNING";
        return new Diagnostic(error ? Severity.ERROR : Severity.WARNING, code, message.toString(), "", 0, 0, null);
    }

    private Map<Action, Integer> counts() {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            counts.put(a, 0);
        }
        changes.values().forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        return counts;
    }

    private void keep(String line) {
        if (line == null || line.isBlank()) {
            return;
        }
        text.addLast(line);
        if (text.size() > TEXT_KEPT) {
            text.removeFirst();
        }
    }

    private void emit(DeployEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException ignored) {
            // a broken progress display must not break the run
        }
    }

    /** The tool and version tofu announced, such as {@code OpenTofu 1.10.6}; empty before its version message. */
    synchronized String tool() {
        return tool;
    }

    /** The planned changes, in the order tofu reported them. */
    synchronized List<ExportChange> changes() {
        return List.copyOf(changes.values());
    }

    /** The resources tofu found changed outside it. */
    synchronized List<ExportChange> drift() {
        return List.copyOf(drift.values());
    }

    /** tofu's warnings and errors. */
    synchronized List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }

    /** The last lines that were not UI messages (or were unknown ones), for error messages. */
    synchronized List<String> text() {
        return List.copyOf(text);
    }
}
