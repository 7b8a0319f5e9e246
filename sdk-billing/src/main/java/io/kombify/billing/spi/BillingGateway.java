package io.kombify.billing.spi;

import io.kombify.billing.BillingException;
import io.kombify.billing.CheckoutSession;
import io.kombify.billing.Customer;
import io.kombify.billing.Invoice;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PortalSession;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A payment provider as billing uses it: customers, checkout and portal sessions, subscriptions
 * and invoices. {@code io.kombify.billing.stripe.StripeGateway} reaches Stripe;
 * {@code io.kombify.billing.dev.DevelopmentGateway} keeps everything in memory.
 *
 * <p>Every call that creates something carries an idempotency key, derived by billing from the
 * operation and its inputs: a gateway must return what the first call with that key created
 * instead of creating it again. Failures are {@link BillingException}s whose code says whether a
 * retry may help; no exception of a gateway's client library crosses this interface, and no
 * message contains a credential. Implementations must be thread-safe.
 */
public interface BillingGateway {

    /** The most invoices {@link #invoices} answers with at once. */
    int MAX_INVOICES = 100;

    /** A short name for messages and configuration, such as {@code stripe} or {@code development}. */
    String name();

    /**
     * The customer of {@code organization}, if the gateway has one (found by the metadata written
     * by {@link #createCustomer}).
     *
     * @throws BillingException when the gateway cannot be asked
     */
    Optional<Customer> findCustomer(OrganizationId organization);

    /**
     * Creates the customer of an organisation, or answers with the one an earlier request with the
     * same idempotency key created (and says so).
     *
     * @throws BillingException when the gateway refuses or cannot be reached
     */
    CreatedCustomer createCustomer(CustomerRequest request);

    /**
     * Opens a checkout session in which the customer subscribes to the plan.
     *
     * @throws BillingException {@code BILLING_PLAN_NOT_PURCHASABLE} when the plan has no price at
     *     this gateway, or when the gateway refuses or cannot be reached
     */
    CheckoutSession createCheckoutSession(CheckoutRequest request);

    /**
     * Opens a session of the gateway's customer portal (payment methods, plan changes, invoices,
     * cancellation).
     *
     * @throws BillingException when the gateway refuses or cannot be reached
     */
    PortalSession createPortalSession(String customerId, URI returnUrl, String idempotencyKey);

    /**
     * The customer's current subscription: the one that is not ended, or else the newest.
     *
     * @throws BillingException when the gateway cannot be asked
     */
    Optional<SubscriptionSnapshot> currentSubscription(String customerId);

    /**
     * The customer's newest invoices, newest first.
     *
     * @param limit at most this many, 1 to {@link #MAX_INVOICES}
     * @throws IllegalArgumentException when {@code limit} is out of range
     * @throws BillingException when the gateway cannot be asked
     */
    List<Invoice> invoices(String customerId, int limit);

    /**
     * Checks the {@code limit} of {@link #invoices}.
     *
     * @return {@code limit}
     * @throws IllegalArgumentException when it is not 1 to {@link #MAX_INVOICES}
     */
    static int checkInvoiceLimit(int limit) {
        if (limit < 1 || limit > MAX_INVOICES) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_INVOICES + ", not " + limit);
        }
        return limit;
    }

    /**
     * Called by billing, once per gateway, with where to deliver events the gateway produces
     * itself. Gateways whose events arrive as webhooks ignore it; a gateway that produces events
     * serves one billing service and refuses a second sink.
     *
     * @throws IllegalStateException when the gateway already delivers to another sink
     */
    default void deliverEventsTo(EventSink sink) {
    }
}
