package io.kombify.billing.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeError;
import io.kombify.billing.BillingException;
import io.kombify.billing.internal.Redaction;

/** Maps stripe-java's exceptions to {@link BillingException}s; no Stripe exception crosses our API. */
final class StripeErrors {
    private StripeErrors() {
    }

    /**
     * The failure of {@code action} (such as {@code create the checkout session}).
     *
     * @param apiKey the key in use, removed from any text that reaches the message
     */
    static BillingException map(StripeException e, String action, StripeSettings settings, char[] apiKey) {
        StripeError error = e.getStripeError();
        String detail = error != null && error.getMessage() != null ? error.getMessage() : e.getClass().getSimpleName();
        String requestId = e.getRequestId();
        Integer status = e.getStatusCode();
        String message = Redaction.redact("Stripe could not " + action + ": " + detail
                + (status == null || status == 0 ? "" : " (HTTP " + status + ")")
                + (requestId == null ? "" : ", request " + requestId), apiKey);
        String param = error == null ? null : error.getParam();
        if (e instanceof CardException card) {
            String decline = card.getDeclineCode() != null ? card.getDeclineCode() : card.getCode();
            return new BillingException("BILLING_CARD_DECLINED", message + (decline == null ? "" : " [" + decline + "]"),
                    "the payer should use another payment method", requestId, false, null);
        }
        if (e instanceof RateLimitException) {
            return new BillingException("BILLING_RATE_LIMITED", message,
                    "too many requests to Stripe; try again in a few seconds", requestId, true, null);
        }
        if (e instanceof IdempotencyException) {
            return new BillingException("BILLING_IDEMPOTENCY_CONFLICT", message,
                    "an idempotency key was used with other parameters; try again with the request's current values",
                    requestId, false, null);
        }
        if (e instanceof InvalidRequestException) {
            boolean missing = (status != null && status == 404) || "resource_missing".equals(e.getCode());
            if (missing) {
                return new BillingException("BILLING_NOT_FOUND", message,
                        "the object does not exist in this Stripe account or mode (test or live)", requestId, false,
                        null);
            }
            return new BillingException("BILLING_INVALID_REQUEST", message,
                    (param == null ? "" : "Stripe names the parameter `" + param + "`; ")
                            + "check the price ids of kombify.billing.stripe.price.* against the Stripe account",
                    requestId, false, null);
        }
        // PermissionException is a kind of AuthenticationException in stripe-java: test it first.
        if (e instanceof PermissionException) {
            return new BillingException("BILLING_PERMISSION", message,
                    "a restricted key needs write access to customers, Checkout sessions and customer portal "
                            + "sessions, and read access to subscriptions and invoices", requestId, false, null);
        }
        if (e instanceof AuthenticationException) {
            return new BillingException("BILLING_AUTHENTICATION", message,
                    "check the API key given by kombify.billing.stripe.api-key or STRIPE_API_KEY (it is not shown)",
                    requestId, false, null);
        }
        if (e instanceof ApiConnectionException) {
            return new BillingException("BILLING_UNAVAILABLE", message,
                    "check the connection to " + settings.apiBase() + "; the request may be retried safely",
                    requestId, true, null);
        }
        return new BillingException("BILLING_UNAVAILABLE", message,
                "Stripe failed; the request may be retried safely, it carries an idempotency key", requestId, true,
                null);
    }

    /** A failure of stripe-java itself (an answer it could not read). */
    static BillingException unreadable(RuntimeException e, String action, char[] apiKey) {
        return new BillingException("BILLING_UNAVAILABLE",
                Redaction.redact("Stripe could not " + action + ": its answer could not be read ("
                        + e.getClass().getSimpleName() + ")", apiKey),
                "the request may be retried safely, it carries an idempotency key", null, true, null);
    }
}
