package io.kombify.deploy;

import java.util.List;
import java.util.Objects;

/**
 * The result of a refresh-only plan: which recorded resources differ from what the providers
 * report. {@code kombify drift} exits 0 when {@link #hasDrift()} is false and 3 when it is true.
 *
 * @param stack   the stack
 * @param checked how many recorded resources were read
 * @param items   the resources that drifted, by address
 */
public record DriftReport(String stack, int checked, List<DriftItem> items) {

    public DriftReport {
        Objects.requireNonNull(stack, "stack");
        items = List.copyOf(items);
    }

    /** Whether anything drifted. */
    public boolean hasDrift() {
        return !items.isEmpty();
    }
}
