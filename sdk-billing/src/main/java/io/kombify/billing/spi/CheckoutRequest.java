package io.kombify.billing.spi;

import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import java.net.URI;
import java.util.Objects;

/**
 * What a gateway needs to open a checkout for a plan.
 *
 * @param organization   who subscribes; the gateway records it on the session and the subscription
 * @param customerId     the organisation's customer at the gateway
 * @param plan           the plan
 * @param successUrl     where the payer returns after paying; {@link #SESSION_ID_PLACEHOLDER} in it is
 *                       replaced by the session's id
 * @param cancelUrl      where the payer returns after giving up
 * @param idempotencyKey the same for a retried request, so a retry never opens a second session
 */
public record CheckoutRequest(OrganizationId organization, String customerId, PlanId plan, String successUrl,
                              String cancelUrl, String idempotencyKey) {

    /** The placeholder Stripe replaces by the session's id in a success URL. */
    public static final String SESSION_ID_PLACEHOLDER = "{CHECKOUT_SESSION_ID}";

    public CheckoutRequest {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(successUrl, "successUrl");
        Objects.requireNonNull(cancelUrl, "cancelUrl");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        requireHttpUrl("successUrl", successUrl);
        requireHttpUrl("cancelUrl", cancelUrl);
    }

    /**
     * Checks that {@code url} is an absolute http or https address (with
     * {@link #SESSION_ID_PLACEHOLDER} allowed in it).
     *
     * @throws IllegalArgumentException when it is not
     */
    public static void requireHttpUrl(String name, String url) {
        URI uri;
        try {
            uri = URI.create(url.replace(SESSION_ID_PLACEHOLDER, "session"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a valid address: " + url);
        }
        if (!uri.isAbsolute() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an absolute http or https address: " + url);
        }
    }
}
