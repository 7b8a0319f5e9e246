package io.kombify.deploy;

import io.kombify.deploy.internal.PlanFiles;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an apply would change, computed from the spec's resource graph, the recorded state and
 * (unless refresh was off) the actual infrastructure. A plan remembers the state it was made
 * against ({@link #lineage()}, {@link #stateSerial()}) and the spec ({@link #specHash()}); applying
 * it after either has changed is refused.
 *
 * @param stack       the stack's name
 * @param specHash    the resolved spec's plan hash; empty for a destroy plan
 * @param lineage     the state's lineage (a new one when there is no state yet)
 * @param stateSerial the state's serial when planned (0 when there is no state)
 * @param destroy     whether this plan destroys the whole stack (or the targeted part)
 * @param graph       the resource graph planned (for a destroy plan: the recorded resources)
 * @param changes     one entry per resource, in the graph's order, deletes last
 * @param source      where the spec was read from (a file path), so that applying a saved plan can check
 *                    that the spec has not changed since; empty when unknown
 */
public record Plan(String stack, String specHash, String lineage, long stateSerial, boolean destroy,
                   ResourceGraph graph, List<PlannedChange> changes, String source) {

    public Plan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(specHash, "specHash");
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(graph, "graph");
        changes = List.copyOf(changes);
    }

    /** A plan whose spec source is unknown. */
    public Plan(String stack, String specHash, String lineage, long stateSerial, boolean destroy, ResourceGraph graph,
                List<PlannedChange> changes) {
        this(stack, specHash, lineage, stateSerial, destroy, graph, changes, "");
    }

    /** This plan, noting the file its spec was read from (saved with the plan). */
    public Plan withSource(String specSource) {
        return new Plan(stack, specHash, lineage, stateSerial, destroy, graph, changes, specSource);
    }

    /** Whether applying the plan would change nothing. */
    public boolean isEmpty() {
        return changes.stream().allMatch(c -> c.action() == Action.NOOP);
    }

    /** How many resources each action touches. */
    public Map<Action, Integer> counts() {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            counts.put(a, 0);
        }
        changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        return counts;
    }

    /** The changes that do something (everything but no-ops). */
    public List<PlannedChange> effectiveChanges() {
        return changes.stream().filter(c -> c.action() != Action.NOOP).toList();
    }

    /** A readable summary, such as {@code 3 to create, 1 to update, 0 to replace, 2 to delete}. */
    public String summary() {
        Map<Action, Integer> c = counts();
        return c.get(Action.CREATE) + " to create, " + c.get(Action.UPDATE) + " to update in place, "
                + c.get(Action.REPLACE) + " to replace, " + c.get(Action.DELETE) + " to delete";
    }

    /** The plan as text, the way {@code kombify plan} prints it: one block per change with its attribute diffs. */
    public String toText() {
        return PlanFiles.toText(this);
    }

    /** The plan as JSON (the plan file's format, {@code kombify-plan/1}). */
    public String toJson() {
        return PlanFiles.toJson(this);
    }

    /**
     * Writes the plan to a file atomically, to apply it later.
     *
     * @throws io.kombify.core.KombifyException {@code IO_ERROR} when it cannot be written
     */
    public void save(Path file) {
        PlanFiles.save(this, file);
    }

    /**
     * Reads a plan file.
     *
     * @throws io.kombify.core.KombifyException {@code PLAN_FILE_INVALID} when it is not a plan file
     *                                          (with the reason), {@code IO_ERROR} when it cannot be read
     */
    public static Plan load(Path file) {
        return PlanFiles.load(file);
    }
}
