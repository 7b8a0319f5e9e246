package io.kombify.deploy;

import java.util.List;
import java.util.Objects;

/**
 * One resource whose actual state differs from the recorded one.
 *
 * @param id      the resource
 * @param kind    how it differs
 * @param changes recorded ({@code before}) vs. actual ({@code after}) values, for {@link Kind#CHANGED}
 */
public record DriftItem(ResourceId id, Kind kind, List<AttributeChange> changes) {

    /** How a resource drifted. */
    public enum Kind {
        /** Recorded, but the provider no longer has it (deleted behind our back). */
        MISSING,
        /** The provider has it with attributes other than recorded. */
        CHANGED
    }

    public DriftItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        changes = List.copyOf(changes);
    }
}
