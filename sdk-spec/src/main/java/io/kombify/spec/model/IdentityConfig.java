package io.kombify.spec.model;

import java.util.Map;

/**
 * Identity and recovery bootstrap. Open: a StackKit's identity module may add fields, kept
 * in {@link #extensions()}.
 *
 * @param owner      the first owner account
 * @param recovery   recovery material
 * @param extensions fields the schema does not name, in document order
 */
public record IdentityConfig(OwnerBootstrap owner, RecoveryBootstrap recovery, @Open Map<String, Object> extensions) {
    public IdentityConfig {
        extensions = Copies.map(extensions);
    }
}
