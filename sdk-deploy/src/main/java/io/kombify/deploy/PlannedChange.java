package io.kombify.deploy;

import io.kombify.deploy.state.ResourceRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plan does to one resource, and why.
 *
 * @param id      the resource
 * @param action  what happens to it
 * @param desired the resource as the spec wants it; empty for {@link Action#DELETE}
 * @param prior   the resource as recorded in the state; empty for {@link Action#CREATE} of a new resource
 * @param changes the attributes that differ (empty for create, delete and no-op)
 * @param reason  why, in words (for example "deleted outside kombify" or "image changed")
 */
public record PlannedChange(ResourceId id, Action action, Optional<Resource> desired, Optional<ResourceRecord> prior,
                            List<AttributeChange> changes, String reason) {

    public PlannedChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(prior, "prior");
        changes = List.copyOf(changes);
        reason = reason == null ? "" : reason;
        if (action != Action.DELETE && desired.isEmpty()) {
            throw new IllegalArgumentException(action + " of " + id + " needs the desired resource");
        }
        if (action != Action.CREATE && prior.isEmpty()) {
            throw new IllegalArgumentException(action + " of " + id + " needs the recorded resource");
        }
    }

    /** The provider that carries out the change. */
    public String provider() {
        return desired.map(Resource::provider).orElseGet(() -> prior.orElseThrow().provider());
    }
}
