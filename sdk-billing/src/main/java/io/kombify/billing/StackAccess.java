package io.kombify.billing;

import java.util.List;
import java.util.Objects;

/**
 * Which of an organisation's stacks may be changed under its plan. When there are more stacks than
 * the plan allows (after a downgrade, a cancellation or a payment that stays overdue), the oldest
 * stay writable and the rest become read-only: they can be seen, exported and deleted by their
 * owners, but not changed or deployed. Nothing is ever deleted because of a plan.
 *
 * @param writable ids of the stacks that may be changed, oldest first
 * @param readOnly ids of the stacks over the limit, oldest first
 */
public record StackAccess(List<String> writable, List<String> readOnly) {
    public StackAccess {
        writable = List.copyOf(Objects.requireNonNull(writable, "writable"));
        readOnly = List.copyOf(Objects.requireNonNull(readOnly, "readOnly"));
    }

    /** Whether stack {@code id} is read-only. */
    public boolean isReadOnly(String id) {
        return readOnly.contains(id);
    }

    /** How many stacks there are in all. */
    public int total() {
        return writable.size() + readOnly.size();
    }
}
