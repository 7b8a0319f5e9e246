package io.kombify.sim.cloud.hetzner;

import java.util.Map;
import java.util.Objects;

/**
 * A resource of the fake's project as it is now, for tests that check the state a client left
 * behind.
 *
 * @param id     the resource's ID
 * @param name   its name
 * @param labels its labels
 * @param json   the resource exactly as the API renders it ({@code GET /servers/{id}}'s {@code server})
 */
public record FakeResource(long id, String name, Map<String, String> labels, String json) {
    public FakeResource {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Objects.requireNonNull(json, "json");
    }
}
