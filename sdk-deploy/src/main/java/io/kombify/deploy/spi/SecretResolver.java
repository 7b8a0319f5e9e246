package io.kombify.deploy.spi;

import io.kombify.core.Secret;
import io.kombify.core.SecretRef;

/**
 * Resolves {@code secret://} references at apply time. Providers call it only for the moment
 * they need a value and never store, log or return what it gives.
 */
@FunctionalInterface
public interface SecretResolver {

    /** A resolver that knows no secrets: every call fails with {@code SECRET_UNRESOLVED}. */
    SecretResolver NONE = ref -> {
        throw new io.kombify.core.KombifyException("SECRET_UNRESOLVED", "no value for " + ref
                + ": no secret source is configured");
    };

    /**
     * The value of a reference.
     *
     * @throws io.kombify.core.KombifyException {@code SECRET_UNRESOLVED} when there is no value for it
     */
    Secret resolve(SecretRef ref);
}
