package io.kombify.deploy;

import java.util.Objects;

/**
 * A step that failed, after its retries.
 *
 * @param id       the resource
 * @param action   what was being done ({@link Action#CREATE}, {@link Action#UPDATE} or {@link Action#DELETE})
 * @param code     the error code, such as {@code PROVIDER_RATE_LIMITED}
 * @param message  the provider's message
 * @param attempts how many attempts were made
 */
public record StepFailure(ResourceId id, Action action, String code, String message, int attempts) {

    public StepFailure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
