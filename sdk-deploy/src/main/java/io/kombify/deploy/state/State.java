package io.kombify.deploy.state;

import io.kombify.deploy.ResourceId;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The recorded state of one stack: every resource kombify manages for it.
 *
 * <p>The {@code lineage} is fixed when the state is first written and identifies this stack's
 * history; the {@code serial} grows by one with every write. A plan remembers both, and is
 * refused when they changed.
 *
 * @param version   the format version (1)
 * @param lineage   the history's identifier
 * @param serial    how many times the state was written
 * @param stack     the stack's name
 * @param specHash  the plan hash of the spec last applied (empty after a destroy)
 * @param updatedAt when it was written
 * @param resources the resources by address, sorted
 */
public record State(int version, String lineage, long serial, String stack, String specHash, Instant updatedAt,
                    Map<ResourceId, ResourceRecord> resources) {

    /** The format version this SDK writes. */
    public static final int FORMAT_VERSION = 1;

    public State {
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("state format version " + version + " is not supported (this SDK reads "
                    + FORMAT_VERSION + ")");
        }
        Objects.requireNonNull(lineage, "lineage");
        if (serial < 0) {
            throw new IllegalArgumentException("serial must not be negative");
        }
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(specHash, "specHash");
        Objects.requireNonNull(updatedAt, "updatedAt");
        resources = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(resources, "resources")));
        resources.forEach((id, r) -> {
            if (!id.equals(r.id())) {
                throw new IllegalArgumentException("state maps " + id + " to the record of " + r.id());
            }
        });
    }

    /** An empty state for a stack that has none yet: a new lineage, serial 0. */
    public static State empty(String stack, Instant now) {
        return new State(FORMAT_VERSION, UUID.randomUUID().toString(), 0, stack, "", now, Map.of());
    }

    /** The record of a resource. */
    public Optional<ResourceRecord> resource(ResourceId id) {
        return Optional.ofNullable(resources.get(id));
    }

    /** The next state: serial + 1, these resources and spec hash, written now. */
    public State next(Map<ResourceId, ResourceRecord> newResources, String newSpecHash, Instant now) {
        return new State(version, lineage, serial + 1, stack, newSpecHash, now, newResources);
    }
}
