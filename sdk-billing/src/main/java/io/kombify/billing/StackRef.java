package io.kombify.billing;

import java.time.Instant;
import java.util.Objects;

/**
 * A stack of an organisation, as entitlements need to see it: which one, and when it was created
 * (the oldest stacks stay writable when a plan allows fewer than there are).
 *
 * @param id      the stack's id
 * @param created when it was created
 */
public record StackRef(String id, Instant created) {
    public StackRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
    }
}
