package io.kombify.deploy.spi;

import io.kombify.core.Diagnostic;
import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the format's tool did with the exported files: the changes it planned, the drift it
 * found and, for {@link ExportMode#APPLY}, how the apply ended.
 *
 * @param mode        {@link ExportMode#PLAN} or {@link ExportMode#APPLY}
 * @param tool        the tool and its version as it reported them, such as {@code OpenTofu 1.10.6}
 * @param changes     the planned changes, in the order the tool reported them
 * @param drift       resources the tool found changed outside it
 * @param status      how the apply ended; empty for a plan
 * @param diagnostics the tool's warnings and errors
 * @param elapsed     how long the tool ran
 */
public record ExportRun(ExportMode mode, String tool, List<ExportChange> changes, List<ExportChange> drift,
                        Optional<ApplyStatus> status, List<Diagnostic> diagnostics, Duration elapsed) {

    public ExportRun {
        Objects.requireNonNull(mode, "mode");
        if (mode == ExportMode.WRITE) {
            throw new IllegalArgumentException("a tool run plans or applies");
        }
        Objects.requireNonNull(tool, "tool");
        changes = List.copyOf(changes);
        drift = List.copyOf(drift);
        Objects.requireNonNull(status, "status");
        diagnostics = List.copyOf(diagnostics);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** How many planned changes each action has. */
    public Map<Action, Integer> counts() {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            counts.put(a, 0);
        }
        changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        return counts;
    }

    /** The plan in the words of {@link io.kombify.deploy.Plan#summary()}: {@code 3 to create, 0 to update in place, ...}. */
    public String summary() {
        Map<Action, Integer> c = counts();
        return c.get(Action.CREATE) + " to create, " + c.get(Action.UPDATE) + " to update in place, "
                + c.get(Action.REPLACE) + " to replace, " + c.get(Action.DELETE) + " to delete";
    }

    /** Whether the tool finished without errors (for an apply: every change applied). */
    public boolean succeeded() {
        return status.map(s -> s == ApplyStatus.SUCCEEDED).orElse(true)
                && diagnostics.stream().noneMatch(Diagnostic::isError);
    }
}
