package io.kombify.billing;

import java.util.Objects;

/**
 * What billing did, delivered to a {@link BillingListener}. Events never carry an API key, a
 * signing secret or a payment method.
 */
public sealed interface BillingEvent {

    /** A gateway event was processed; {@code organization} is null when its customer belongs to no known organisation yet. */
    record EventProcessed(String eventId, String eventType, OrganizationId organization) implements BillingEvent {
    }

    /** A gateway event had been processed before; this delivery was acknowledged and ignored. */
    record DuplicateEvent(String eventId, String eventType) implements BillingEvent {
    }

    /**
     * A verified gateway event billing acknowledged without acting on it: {@code code} is
     * {@code WEBHOOK_IGNORED} for a type billing does not act on, {@code WEBHOOK_INVOICE_WITHOUT_SUBSCRIPTION}
     * for an invoice of no subscription, {@code WEBHOOK_UNKNOWN_SUBSCRIPTION_STATUS} for a
     * subscription in a status billing does not know.
     */
    record EventIgnored(String eventId, String eventType, String code, String message) implements BillingEvent {
    }

    /** Another delivery of the same event is being processed; this one was told to come again. */
    record EventInProgress(String eventId, String eventType) implements BillingEvent {
    }

    /**
     * Processing a gateway event failed; the gateway will deliver it again. The message names only
     * the kind of failure; {@code cause} is the failure itself (a store's exception, whose message
     * may name hosts or queries), for the listener's log and never part of a webhook's answer.
     */
    record EventFailed(String eventId, String eventType, String code, String message, Throwable cause)
            implements BillingEvent {
    }

    /** A webhook delivery was refused ({@code code} as in {@link WebhookRejectedException}); nothing changed. */
    record WebhookRejected(String code, String message) implements BillingEvent {
    }

    /** An organisation's billing changed. */
    record StateChanged(BillingState before, BillingState after) implements BillingEvent {
        public StateChanged {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    /** A subscription's price is not one configured for a plan; it grants nothing beyond Free. */
    record UnknownPrice(String subscriptionId, String priceId) implements BillingEvent {
    }

    /** An event concerns a customer that no organisation is known for yet; it is kept and counts once the link arrives. */
    record CustomerUnattributed(String eventId, String customerId) implements BillingEvent {
    }

    /**
     * A customer was created at the gateway for an organisation; not sent when the gateway answered
     * a repeated request with the customer an earlier one created.
     */
    record CustomerCreated(OrganizationId organization, String customerId) implements BillingEvent {
    }

    /** A checkout session was opened. */
    record CheckoutStarted(OrganizationId organization, PlanId plan, String sessionId) implements BillingEvent {
    }
}
