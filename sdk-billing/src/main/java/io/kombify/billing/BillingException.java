package io.kombify.billing;

import io.kombify.core.KombifyException;
import java.util.Optional;

/**
 * A billing operation failed. The {@link #code()} is stable and says what happened, for example
 * <ul>
 *   <li>{@code BILLING_CARD_DECLINED}: the payment method was refused;</li>
 *   <li>{@code BILLING_INVALID_REQUEST}: the gateway rejected the request (a wrong price id, say);</li>
 *   <li>{@code BILLING_NOT_FOUND}: the gateway does not know the object;</li>
 *   <li>{@code BILLING_AUTHENTICATION}: the API key is missing, wrong or revoked;</li>
 *   <li>{@code BILLING_PERMISSION}: the API key may not do this;</li>
 *   <li>{@code BILLING_RATE_LIMITED}: too many requests, try again later;</li>
 *   <li>{@code BILLING_IDEMPOTENCY_CONFLICT}: a key was reused with other parameters;</li>
 *   <li>{@code BILLING_UNAVAILABLE}: the gateway could not be reached or failed;</li>
 *   <li>{@code BILLING_PLAN_NOT_PURCHASABLE}, {@code BILLING_CONFIGURATION_INVALID},
 *       {@code BILLING_STORE_FAILED}: our side.</li>
 * </ul>
 * {@link #hint()} says what to do, {@link #retryable()} whether the same call may succeed later,
 * and {@link #stripeRequestId()} names the failed request for Stripe's support. Messages never
 * contain an API key or a signing secret.
 */
public class BillingException extends KombifyException {
    private static final long serialVersionUID = 1L;

    private final String hint;
    private final String stripeRequestId;
    private final boolean retryable;

    /** A failure without a gateway request behind it. */
    public BillingException(String code, String message, String hint) {
        this(code, message, hint, null, false, null);
    }

    /**
     * A failure.
     *
     * @param stripeRequestId Stripe's id of the failed request ({@code req_...}), or {@code null}
     * @param retryable       whether the same call may succeed later
     * @param cause           what went wrong underneath, or {@code null}; never an exception of a
     *                        gateway's client library
     */
    public BillingException(String code, String message, String hint, String stripeRequestId, boolean retryable,
                            Throwable cause) {
        super(code, message, cause);
        this.hint = hint == null ? "" : hint;
        this.stripeRequestId = stripeRequestId;
        this.retryable = retryable;
    }

    /** What to do about it; empty when there is nothing to say. */
    public String hint() {
        return hint;
    }

    /** Stripe's id of the failed request, when there was one. */
    public Optional<String> stripeRequestId() {
        return Optional.ofNullable(stripeRequestId);
    }

    /** Whether the same call may succeed when tried again later. */
    public boolean retryable() {
        return retryable;
    }
}
