package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** An SSH public key of the fake's project. */
final class SshKey extends AbstractResource {
    final String publicKey;
    final String fingerprint;

    SshKey(long id, String name, String publicKey, String fingerprint, Map<String, String> labels, Instant created) {
        super(id, name, labels, created);
        this.publicKey = publicKey;
        this.fingerprint = fingerprint;
    }

    @Override
    public ObjectNode json() {
        ObjectNode n = jsonWithIdAndName();
        n.put("fingerprint", fingerprint);
        n.put("public_key", publicKey);
        putLabels(n);
        putCreated(n);
        return n;
    }
}
