package io.kombify.billing.spi;

import io.kombify.billing.WebhookRejectedException;
import java.time.Instant;

/**
 * Turns a webhook delivery into a {@link GatewayEvent}, after proving it came from the gateway.
 * Implementations must be thread-safe and must not change any state.
 */
public interface WebhookVerifier {

    /**
     * Verifies the delivery's signature and reads the event.
     *
     * @param payload         the request body exactly as received
     * @param signatureHeader the signature header (Stripe: {@code Stripe-Signature}), or {@code null} when absent
     * @param now             the current time, against which the signature's age is checked
     * @throws WebhookRejectedException when the delivery is not proven to come from the gateway or
     *     is not an event; its {@link WebhookRejectedException#code() code} says why
     */
    GatewayEvent verify(String payload, String signatureHeader, Instant now);
}
