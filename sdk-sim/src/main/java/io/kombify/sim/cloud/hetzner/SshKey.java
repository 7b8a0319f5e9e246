package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** An SSH public key of the fake's project. */
final class SshKey implements Resource {
    private final long id;
    private final Instant created;
    final String publicKey;
    final String fingerprint;
    String name;
    Map<String, String> labels;

    SshKey(long id, String name, String publicKey, String fingerprint, Map<String, String> labels, Instant created) {
        this.id = id;
        this.name = name;
        this.publicKey = publicKey;
        this.fingerprint = fingerprint;
        this.labels = new LinkedHashMap<>(labels);
        this.created = created;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public Instant created() {
        return created;
    }

    @Override
    public ObjectNode json() {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("name", name);
        n.put("fingerprint", fingerprint);
        n.put("public_key", publicKey);
        n.set("labels", Json.labels(labels));
        Json.putTime(n, "created", created);
        return n;
    }
}
