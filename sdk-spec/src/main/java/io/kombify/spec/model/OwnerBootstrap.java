package io.kombify.spec.model;

import java.util.Map;

/**
 * The first owner account (open).
 *
 * @param source      {@code local} or {@code cloud}; required
 * @param email       e-mail address
 * @param username    login name
 * @param displayName shown name
 * @param extra       fields the schema does not name
 */
public record OwnerBootstrap(@Required OwnerSource source, String email, String username, String displayName, @Open Map<String, Object> extra) {
    public OwnerBootstrap {
        extra = Copies.map(extra);
    }
}
