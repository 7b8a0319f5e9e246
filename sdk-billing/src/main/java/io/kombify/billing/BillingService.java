package io.kombify.billing;

import io.kombify.billing.internal.EventProcessor;
import io.kombify.billing.internal.IdempotencyKeys;
import io.kombify.billing.internal.StateView;
import io.kombify.billing.spi.BillingGateway;
import io.kombify.billing.spi.CheckoutRequest;
import io.kombify.billing.spi.CreatedCustomer;
import io.kombify.billing.spi.CustomerRecord;
import io.kombify.billing.spi.CustomerRequest;
import io.kombify.billing.spi.GatewayEvent;
import io.kombify.billing.spi.ObservationKey;
import io.kombify.billing.spi.ProcessedEventStore;
import io.kombify.billing.spi.SubscriptionRecord;
import io.kombify.billing.spi.SubscriptionSnapshot;
import io.kombify.billing.spi.SubscriptionStore;
import io.kombify.billing.spi.WebhookVerifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Billing for a server: customers, checkout and portal sessions through a {@link BillingGateway},
 * webhooks turned into each organisation's {@link BillingState}, and {@link Entitlements} derived
 * from it. Build one per server and share it; it is immutable and thread-safe.
 *
 * <pre>{@code
 * BillingService billing = BillingService.builder()
 *         .configuration(BillingConfiguration.from(settings, System.getenv()))
 *         .subscriptionStore(subscriptions)        // the server's database
 *         .processedEventStore(processedEvents)
 *         .listener(auditLog)
 *         .build();
 *
 * CheckoutSession checkout = billing.startCheckout(org, PlanId.PRO, successUrl, cancelUrl);
 * // redirect the payer to checkout.url(); Stripe calls the webhook when they have paid:
 * WebhookResult r = billing.handleWebhook(body, request.header("Stripe-Signature"));
 * response.status(r.httpStatus());
 *
 * if (billing.entitlements(org).createStack(existing).denied()) { ... }
 * }</pre>
 *
 * <p>Every request that creates something at the gateway carries an idempotency key derived from
 * the operation and its inputs (and, for a checkout, from the organisation's billing state), so a
 * retried call returns the first call's result instead of creating a second customer or session.
 * A checkout is refused while any subscription of the organisation is
 * {@linkplain SubscriptionStatus#live() live}: a second subscription would charge twice, and plan
 * changes go through the customer portal.
 */
public final class BillingService {
    private final BillingGateway gateway;
    private final WebhookVerifier verifier;
    private final SubscriptionStore store;
    private final Plans plans;
    private final Clock clock;
    private final BillingListener listener;
    private final StateView view;
    private final EventProcessor processor;

    private BillingService(Builder b) {
        this.gateway = b.gateway;
        this.verifier = b.verifier;
        this.store = b.subscriptions;
        this.plans = b.plans;
        this.clock = b.clock;
        this.listener = b.listener;
        this.view = new StateView(store, b.pastDueGrace);
        this.processor = new EventProcessor(store, b.processed, view, listener, clock, b.claimLease);
        gateway.deliverEventsTo(processor::process);
    }

    /** A builder; a gateway and both stores are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The gateway this billing goes through. */
    public BillingGateway gateway() {
        return gateway;
    }

    /** The plan catalogue. */
    public Plans plans() {
        return plans;
    }

    /** The organisation's billing now. */
    public BillingState state(OrganizationId organization) {
        return view.read(organization, clock.instant());
    }

    /** What the organisation may do now. */
    public Entitlements entitlements(OrganizationId organization) {
        return Entitlements.of(plans, state(organization));
    }

    /**
     * The organisation's customer at the gateway: the one billing knows of, else the one the
     * gateway finds by the organisation's metadata, else a new one.
     *
     * <p>{@code email} and {@code name} are used only when the customer is created: an existing
     * customer is returned as it is, with the e-mail address billing last saw for it (changes of
     * address go through the billing portal). {@link BillingEvent.CustomerCreated} is sent only when
     * the gateway created the customer for this call, not when it answered with one an earlier
     * call created.
     *
     * <p>The customer's {@link Customer#created()} is when it was linked to the organisation (see
     * there).
     *
     * @param email where invoices go if the customer is created, or {@code null}
     * @param name  the name on invoices if the customer is created, or {@code null}
     * @throws BillingException {@code BILLING_CUSTOMER_CONFLICT} when the gateway answers a customer
     *     billing saw linked to another organisation more recently (its search lags behind); or
     *     the gateway's failure
     */
    public Customer ensureCustomer(OrganizationId organization, String email, String name) {
        Objects.requireNonNull(organization, "organization");
        Optional<CustomerRecord> known = view.customerOf(organization);
        if (known.isPresent()) {
            CustomerRecord c = known.get();
            return new Customer(c.customerId(), organization, c.email() == null ? null : c.email().value(),
                    c.organization().key().created());
        }
        Customer customer = gateway.findCustomer(organization).orElse(null);
        if (customer == null) {
            CreatedCustomer created = gateway.createCustomer(new CustomerRequest(organization, email, name,
                    IdempotencyKeys.of("customer", organization.value(), email, name)));
            customer = created.customer();
            if (!created.replayed()) {
                notify(new BillingEvent.CustomerCreated(organization, customer.id()));
            }
        }
        Customer found = customer;
        ObservationKey key = new ObservationKey(false, found.created(), ObservationKey.SOURCE_DIRECT, 0,
                "customer:" + found.id());
        CustomerRecord linked = store.updateCustomer(found.id(), c -> c.withOrganization(organization, key));
        OrganizationId owner = linked.organizationId().orElse(organization);
        if (!owner.equals(organization)) {
            // the gateway's search lags behind: a newer observation of the customer moved it
            throw new BillingException("BILLING_CUSTOMER_CONFLICT",
                    "the gateway answered customer " + found.id() + " for organisation " + organization
                            + ", but billing saw it linked to organisation " + owner + " more recently",
                    "the gateway's customer search lags behind its changes; try again in a minute, and if this "
                            + "persists, set the customer's kombify_org metadata to the organisation it belongs to");
        }
        return found;
    }

    /** {@link #ensureCustomer(OrganizationId, String, String)} without e-mail or name. */
    public Customer ensureCustomer(OrganizationId organization) {
        return ensureCustomer(organization, null, null);
    }

    /**
     * Opens a checkout in which the organisation subscribes to {@code plan}. A retried call (same
     * organisation, plan, URLs and billing state) returns the same session.
     *
     * @param successUrl where the payer returns after paying, an absolute http(s) address;
     *                   {@code {CHECKOUT_SESSION_ID}} in it is replaced by the session's id
     * @param cancelUrl  where the payer returns after giving up
     * @throws IllegalArgumentException when a URL is not an absolute http(s) address
     * @throws BillingException {@code BILLING_PLAN_NOT_PURCHASABLE} for Free and Enterprise (or a
     *     plan without a price at the gateway); {@code BILLING_ALREADY_SUBSCRIBED} while any
     *     subscription of the organisation is live (past due beyond the grace period, unpaid and
     *     paused included); or the gateway's failure
     */
    public CheckoutSession startCheckout(OrganizationId organization, PlanId plan, String successUrl, String cancelUrl) {
        Objects.requireNonNull(plan, "plan");
        CheckoutRequest.requireHttpUrl("successUrl", Objects.requireNonNull(successUrl, "successUrl"));
        CheckoutRequest.requireHttpUrl("cancelUrl", Objects.requireNonNull(cancelUrl, "cancelUrl"));
        if (plan == PlanId.FREE) {
            throw new BillingException("BILLING_PLAN_NOT_PURCHASABLE", "the Free plan needs no checkout",
                    "to leave a paid plan, cancel the subscription in the billing portal");
        }
        if (plan == PlanId.ENTERPRISE) {
            throw new BillingException("BILLING_PLAN_NOT_PURCHASABLE",
                    "the Enterprise plan is priced per contract and has no self-service checkout",
                    "contact sales; a subscription they set up with an Enterprise price grants the plan");
        }
        List<SubscriptionRecord> live = view.liveSubscriptions(organization);
        if (!live.isEmpty()) {
            SubscriptionRecord sub = live.get(0);
            String status = sub.status().map(SubscriptionStatus::stripeName).orElse("live");
            String to = sub.snapshot() == null || sub.snapshot().value().plan() == null ? ""
                    : " to " + plans.plan(sub.snapshot().value().plan()).name();
            throw new BillingException("BILLING_ALREADY_SUBSCRIBED",
                    "organisation " + organization + " already has " + (startsWithVowel(status) ? "an " : "a ") + status
                            + " subscription" + to + " (" + sub.subscriptionId() + ")"
                            + (live.size() > 1 ? " and " + (live.size() - 1) + " more that have not ended" : "")
                            + "; a second one would charge twice",
                    "change the plan, or pay what is overdue, in the billing portal");
        }
        Customer customer = ensureCustomer(organization);
        String key = IdempotencyKeys.of("checkout", organization.value(), customer.id(), plan.key(),
                successUrl, cancelUrl, fingerprint(customer.id()));
        CheckoutSession session = gateway.createCheckoutSession(
                new CheckoutRequest(organization, customer.id(), plan, successUrl, cancelUrl, key));
        notify(new BillingEvent.CheckoutStarted(organization, plan, session.id()));
        return session;
    }

    /**
     * Opens the gateway's customer portal for the organisation. Retries within the same minute
     * return the same session.
     *
     * @throws BillingException when the gateway refuses or cannot be reached
     */
    public PortalSession openPortal(OrganizationId organization, URI returnUrl) {
        Objects.requireNonNull(returnUrl, "returnUrl");
        Customer customer = ensureCustomer(organization);
        long minute = clock.instant().truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
        return gateway.createPortalSession(customer.id(), returnUrl,
                IdempotencyKeys.of("portal", customer.id(), returnUrl.toString(), Long.toString(minute)));
    }

    /**
     * The organisation's newest invoices, newest first; empty when it has no customer.
     *
     * @param limit at most this many, 1 to 100
     * @throws IllegalArgumentException when {@code limit} is out of range
     * @throws BillingException when the gateway cannot be asked
     */
    public List<Invoice> invoices(OrganizationId organization, int limit) {
        BillingGateway.checkInvoiceLimit(limit);
        return view.customerOf(organization).map(c -> gateway.invoices(c.customerId(), limit)).orElse(List.of());
    }

    /**
     * The organisation's current subscription as the gateway reports it now (not from webhooks).
     *
     * @throws BillingException when the gateway cannot be asked
     */
    public Optional<SubscriptionSnapshot> currentSubscription(OrganizationId organization) {
        return view.customerOf(organization).flatMap(c -> gateway.currentSubscription(c.customerId()));
    }

    /**
     * Handles a webhook delivery: verifies it, then processes its event once. Never throws for a
     * bad delivery; answer the gateway with {@link WebhookResult#httpStatus()}.
     *
     * @param payload         the request body exactly as received (not re-encoded JSON)
     * @param signatureHeader the {@code Stripe-Signature} header, or {@code null} when absent
     */
    public WebhookResult handleWebhook(String payload, String signatureHeader) {
        GatewayEvent event;
        try {
            if (verifier == null) {
                throw new WebhookRejectedException("WEBHOOK_NOT_CONFIGURED",
                        "billing through the " + gateway.name() + " gateway receives no webhooks",
                        "configure the Stripe gateway with a webhook signing secret");
            }
            event = verifier.verify(payload == null ? "" : payload, signatureHeader, clock.instant());
        } catch (WebhookRejectedException e) {
            notify(new BillingEvent.WebhookRejected(e.code(), e.getMessage()));
            return new WebhookResult(WebhookResult.Outcome.REJECTED, null, null, e.code(), e.getMessage());
        }
        return processor.process(event);
    }

    /**
     * Processes an event that is already verified (one the development gateway produced, or one
     * fetched from the gateway's event list to catch up), exactly as a webhook's.
     */
    public WebhookResult process(GatewayEvent event) {
        return processor.process(Objects.requireNonNull(event, "event"));
    }

    private static boolean startsWithVowel(String word) {
        return !word.isEmpty() && "aeiou".indexOf(word.charAt(0)) >= 0;
    }

    /** Identifies the organisation's subscriptions as they stand, for checkout idempotency keys. */
    private String fingerprint(String customerId) {
        StringBuilder sb = new StringBuilder();
        for (SubscriptionRecord r : store.subscriptionsOf(customerId)) {
            ObservationKey k = r.newestKey();
            sb.append(r.subscriptionId()).append('@').append(k == null ? "-" : k.eventId()).append(';');
        }
        return sb.toString();
    }

    private void notify(BillingEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException ignored) {
            // a broken listener never fails a call
        }
    }

    @Override
    public String toString() {
        return "BillingService[gateway=" + gateway.name() + "]";
    }

    /** Builds a {@link BillingService}. */
    public static final class Builder {
        private BillingGateway gateway;
        private WebhookVerifier verifier;
        private SubscriptionStore subscriptions;
        private ProcessedEventStore processed;
        private Plans plans = Plans.standard();
        private Clock clock = Clock.systemUTC();
        private BillingListener listener = BillingListener.NONE;
        private Duration pastDueGrace = Duration.ofDays(7);
        private Duration claimLease = Duration.ofMinutes(2);

        private Builder() {
        }

        /** The gateway, its webhook verifier and the grace period from a configuration. */
        public Builder configuration(BillingConfiguration configuration) {
            this.gateway = configuration.gateway();
            this.verifier = configuration.webhookVerifier().orElse(null);
            this.pastDueGrace = configuration.pastDueGrace();
            return this;
        }

        /** The gateway (required, unless a configuration gives it). */
        public Builder gateway(BillingGateway gateway) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            return this;
        }

        /** Verifies webhook deliveries; without one, {@link #handleWebhook} refuses every delivery. */
        public Builder webhookVerifier(WebhookVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /** Where customers and subscriptions are kept (required). */
        public Builder subscriptionStore(SubscriptionStore store) {
            this.subscriptions = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where processed event ids are kept (required). */
        public Builder processedEventStore(ProcessedEventStore store) {
            this.processed = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The plan catalogue; {@link Plans#standard()} by default. */
        public Builder plans(Plans plans) {
            this.plans = Objects.requireNonNull(plans, "plans");
            return this;
        }

        /** The clock for grace periods, signature ages and claims; the system's UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Receives what billing does; none by default. */
        public Builder listener(BillingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How long a past-due subscription keeps its plan's entitlements; 7 days by default. */
        public Builder pastDueGrace(Duration grace) {
            if (Objects.requireNonNull(grace, "grace").isNegative()) {
                throw new IllegalArgumentException("grace must not be negative");
            }
            this.pastDueGrace = grace;
            return this;
        }

        /**
         * How long a delivery's claim on an event holds before another delivery may take it over
         * (when the first died while processing); 2 minutes by default.
         */
        public Builder claimLease(Duration lease) {
            if (Objects.requireNonNull(lease, "lease").isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("lease must be positive");
            }
            this.claimLease = lease;
            return this;
        }

        /**
         * The service.
         *
         * @throws IllegalStateException when the gateway or a store is missing, or the gateway
         *     (a development gateway) already delivers its events to another service
         */
        public BillingService build() {
            if (gateway == null) {
                throw new IllegalStateException("a billing service needs a gateway");
            }
            if (subscriptions == null || processed == null) {
                throw new IllegalStateException("a billing service needs a subscription store and a processed-event "
                        + "store (io.kombify.billing.dev has in-memory ones for development and tests)");
            }
            return new BillingService(this);
        }
    }
}
