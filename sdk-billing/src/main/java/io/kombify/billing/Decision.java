package io.kombify.billing;

import java.util.Objects;

/**
 * The answer to "may this organisation ...?": allowed, or refused with a stable code, a sentence
 * saying why and a hint saying what would change the answer.
 *
 * <p>Codes: {@code ENTITLEMENT_STACK_LIMIT}, {@code ENTITLEMENT_STACK_READ_ONLY},
 * {@code ENTITLEMENT_FEATURE_NOT_IN_PLAN}, {@code ENTITLEMENT_PAYMENT_OVERDUE},
 * {@code ENTITLEMENT_SUBSCRIPTION_INCOMPLETE}, {@code ENTITLEMENT_SUBSCRIPTION_PAUSED},
 * {@code ENTITLEMENT_PRICE_NOT_A_PLAN}.
 *
 * @param allowed whether it may
 * @param code    empty when allowed
 * @param reason  empty when allowed
 * @param hint    empty when allowed
 */
public record Decision(boolean allowed, String code, String reason, String hint) {
    private static final Decision ALLOWED = new Decision(true, "", "", "");

    public Decision {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(hint, "hint");
        if (!allowed && code.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs a code");
        }
    }

    /** Yes. */
    public static Decision allow() {
        return ALLOWED;
    }

    /** No, because {@code reason}. */
    public static Decision deny(String code, String reason, String hint) {
        return new Decision(false, code, reason, hint);
    }

    /** Whether it may not. */
    public boolean denied() {
        return !allowed;
    }

    @Override
    public String toString() {
        return allowed ? "allowed" : code + ": " + reason + (hint.isEmpty() ? "" : " (" + hint + ")");
    }
}
