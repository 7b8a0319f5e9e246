package io.kombify.billing.spi;

import io.kombify.billing.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * An event of a billing gateway, verified and reduced to what billing acts on. A
 * {@link WebhookVerifier} makes them from signed deliveries; the development gateway makes them
 * itself.
 */
public sealed interface GatewayEvent {

    /** The gateway's event id, unique per event (Stripe: {@code evt_...}). */
    String id();

    /** The gateway's event type, such as {@code invoice.paid}. */
    String type();

    /** When the gateway created the event. */
    Instant created();

    /** A checkout was completed: the customer belongs to the organisation given at checkout. */
    record CheckoutCompleted(String id, String type, Instant created, String sessionId, String customerId,
                             OrganizationId organization, String subscriptionId) implements GatewayEvent {
        public CheckoutCompleted {
            require(id, type, created);
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    /** A customer was changed; {@code organization} is the one in its metadata, or {@code null}. */
    record CustomerUpdated(String id, String type, Instant created, String customerId, OrganizationId organization,
                           String email) implements GatewayEvent {
        public CustomerUpdated {
            require(id, type, created);
            Objects.requireNonNull(customerId, "customerId");
        }
    }

    /** A subscription was created, updated or deleted; the snapshot is the subscription after the change. */
    record SubscriptionChanged(String id, String type, Instant created, SubscriptionSnapshot subscription)
            implements GatewayEvent {
        public SubscriptionChanged {
            require(id, type, created);
            Objects.requireNonNull(subscription, "subscription");
        }
    }

    /**
     * An invoice of a subscription was paid ({@code paid}) or its payment failed. An invoice of no
     * subscription is an {@link Unhandled} event with the code
     * {@code WEBHOOK_INVOICE_WITHOUT_SUBSCRIPTION}.
     *
     * @param subscriptionId the invoice's subscription
     */
    record InvoiceSettled(String id, String type, Instant created, String invoiceId, String customerId,
                          String subscriptionId, boolean paid) implements GatewayEvent {
        public InvoiceSettled {
            require(id, type, created);
            Objects.requireNonNull(invoiceId, "invoiceId");
            Objects.requireNonNull(subscriptionId, "subscriptionId");
        }
    }

    /**
     * A verified event billing does not act on; acknowledged, reported to the listener and
     * otherwise ignored.
     *
     * @param code   why: {@link #NOT_ACTED_ON} for a type billing does not act on, or a code of
     *               its own such as {@code WEBHOOK_INVOICE_WITHOUT_SUBSCRIPTION} or
     *               {@code WEBHOOK_UNKNOWN_SUBSCRIPTION_STATUS}
     * @param reason a sentence saying why, for logs
     */
    record Unhandled(String id, String type, Instant created, String code, String reason) implements GatewayEvent {
        /** The code of an event of a type billing does not act on. */
        public static final String NOT_ACTED_ON = "WEBHOOK_IGNORED";

        public Unhandled {
            require(id, type, created);
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        /** An event of a type billing does not act on. */
        public Unhandled(String id, String type, Instant created) {
            this(id, type, created, NOT_ACTED_ON, "billing does not act on events of type " + type);
        }
    }

    private static void require(String id, String type, Instant created) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(created, "created");
    }
}
