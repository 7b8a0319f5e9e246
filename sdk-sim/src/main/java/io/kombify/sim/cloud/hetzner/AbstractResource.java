package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * What every resource of the fake's project holds: its ID and creation time, fixed, and its name and
 * labels, which {@link #update} changes. Subclasses render these fields with the helpers below, each
 * in the place the API puts them.
 */
abstract class AbstractResource implements Resource {
    private final long id;
    private final Instant created;
    private String name;
    private Map<String, String> labels;

    AbstractResource(long id, String name, Map<String, String> labels, Instant created) {
        this.id = id;
        this.name = name;
        this.labels = new LinkedHashMap<>(labels);
        this.created = created;
    }

    @Override
    public final long id() {
        return id;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Map<String, String> labels() {
        return labels;
    }

    @Override
    public final Instant created() {
        return created;
    }

    /** Renames the resource when {@code name} is given and replaces its labels when they are given. */
    final void update(String name, Optional<Map<String, String>> labels) {
        if (name != null) {
            this.name = name;
        }
        labels.ifPresent(l -> this.labels = new LinkedHashMap<>(l));
    }

    /** A new JSON object that starts with {@code id} and {@code name}. */
    final ObjectNode jsonWithIdAndName() {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("name", name);
        return n;
    }

    final void putLabels(ObjectNode n) {
        n.set("labels", Json.labels(labels));
    }

    final void putCreated(ObjectNode n) {
        Json.putTime(n, "created", created);
    }
}
