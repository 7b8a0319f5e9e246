package io.kombify.billing;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A checkout session: send the payer to {@link #url()}.
 *
 * @param id        the gateway's id, such as {@code cs_...}
 * @param url       the page where the payer pays
 * @param plan      the plan being bought
 * @param expiresAt when the session stops accepting payment, or {@code null} if the gateway did not say
 */
public record CheckoutSession(String id, URI url, PlanId plan, Instant expiresAt) {
    public CheckoutSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(plan, "plan");
    }
}
