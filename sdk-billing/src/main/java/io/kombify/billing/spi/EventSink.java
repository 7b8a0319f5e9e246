package io.kombify.billing.spi;

import io.kombify.billing.WebhookResult;

/**
 * Where a gateway that produces its own events (the development gateway) hands them over; billing
 * processes them exactly as verified webhook events and answers what became of each, so that the
 * gateway can report an event that was not processed instead of losing it.
 */
@FunctionalInterface
public interface EventSink {

    /** Processes {@code event}; a result that is not {@link WebhookResult#acknowledged()} means it was not. */
    WebhookResult accept(GatewayEvent event);
}
