package io.kombify.billing.dev;

import io.kombify.billing.BillingException;
import io.kombify.billing.CheckoutSession;
import io.kombify.billing.Customer;
import io.kombify.billing.Invoice;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.PortalSession;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.WebhookResult;
import io.kombify.billing.spi.BillingGateway;
import io.kombify.billing.spi.CheckoutRequest;
import io.kombify.billing.spi.CreatedCustomer;
import io.kombify.billing.spi.CustomerRequest;
import io.kombify.billing.spi.EventSink;
import io.kombify.billing.spi.GatewayEvent;
import io.kombify.billing.spi.SubscriptionSnapshot;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A billing gateway for development: everything in memory, nothing charged, no credentials needed.
 * It is only used when configuration names it ({@code kombify.billing.gateway=development}), never
 * as a fallback.
 *
 * <p>It behaves as Stripe does where billing can tell: idempotency keys return the first result,
 * and a checkout leads to the same events a real one does ({@code checkout.session.completed},
 * {@code customer.subscription.created}, {@code invoice.paid}), delivered straight to billing.
 * By default a checkout completes as soon as it is opened and its URL is the success URL; with
 * {@code autoCompleteCheckout(false)} it waits for {@link #completeCheckout}. The methods
 * {@link #failPayment}, {@link #payOpenInvoice}, {@link #changePlan} and {@link #cancel} play the
 * rest of a subscription's life. Events get strictly increasing times (at least one second apart),
 * so their order is unambiguous even under a fixed clock. A gateway serves one billing service.
 * Since it never delivers an event again, an event billing did not process (a store failed) is
 * reported by the call that produced it, as a {@link BillingException} with billing's code.
 * Thread-safe.
 */
public final class DevelopmentGateway implements BillingGateway {
    private final Clock clock;
    private final boolean autoCompleteCheckout;
    private final URI pagesBase;

    private final Map<String, Object> byIdempotencyKey = new HashMap<>();
    private final Map<String, Customer> customers = new LinkedHashMap<>();
    private final Map<String, DevSession> sessions = new HashMap<>();
    private final Map<String, DevSubscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, List<Invoice>> invoices = new HashMap<>();
    private long ids;
    private Instant lastEventTime = Instant.EPOCH;
    private volatile EventSink sink;

    private static final class DevSession {
        final String id;
        final OrganizationId organization;
        final String customerId;
        final PlanId plan;
        final CheckoutSession session;
        String subscriptionId;

        DevSession(String id, OrganizationId organization, String customerId, PlanId plan, CheckoutSession session) {
            this.id = id;
            this.organization = organization;
            this.customerId = customerId;
            this.plan = plan;
            this.session = session;
        }
    }

    private static final class DevSubscription {
        final String id;
        final String customerId;
        final OrganizationId organization;
        PlanId plan;
        SubscriptionStatus status = SubscriptionStatus.ACTIVE;
        Instant periodEnd;

        DevSubscription(String id, String customerId, OrganizationId organization, PlanId plan, Instant periodEnd) {
            this.id = id;
            this.customerId = customerId;
            this.organization = organization;
            this.plan = plan;
            this.periodEnd = periodEnd;
        }

        SubscriptionSnapshot snapshot() {
            return new SubscriptionSnapshot(id, customerId, status, plan, "price_dev_" + plan.key(), periodEnd, false,
                    organization);
        }
    }

    private DevelopmentGateway(Builder b) {
        this.clock = b.clock;
        this.autoCompleteCheckout = b.autoCompleteCheckout;
        this.pagesBase = b.pagesBase;
    }

    /** A development gateway on the system clock that completes checkouts at once. */
    public static DevelopmentGateway create() {
        return builder().build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "development";
    }

    /**
     * {@inheritDoc}
     *
     * <p>A development gateway keeps one account, whose events belong to one billing service: a
     * second sink is refused rather than silently replacing the first (whose service would stop
     * hearing of its own checkouts).
     */
    @Override
    public synchronized void deliverEventsTo(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (this.sink != null) {
            throw new IllegalStateException("this development gateway already delivers its events to a billing "
                    + "service; build one gateway per service");
        }
        this.sink = sink;
    }

    @Override
    public synchronized Optional<Customer> findCustomer(OrganizationId organization) {
        return customers.values().stream().filter(c -> c.organization().equals(organization)).findFirst();
    }

    @Override
    public synchronized CreatedCustomer createCustomer(CustomerRequest request) {
        Object earlier = byIdempotencyKey.get(request.idempotencyKey());
        if (earlier instanceof Customer c) {
            return new CreatedCustomer(c, true);
        }
        Customer c = new Customer(nextId("cus_dev_"), request.organization(), request.email(), nextTime());
        customers.put(c.id(), c);
        byIdempotencyKey.put(request.idempotencyKey(), c);
        return new CreatedCustomer(c, false);
    }

    @Override
    public CheckoutSession createCheckoutSession(CheckoutRequest request) {
        if (request.plan() == PlanId.FREE) {
            throw new BillingException("BILLING_PLAN_NOT_PURCHASABLE", "the Free plan has no price",
                    "only paid plans are bought through a checkout");
        }
        DevSession session;
        synchronized (this) {
            Object earlier = byIdempotencyKey.get(request.idempotencyKey());
            if (earlier instanceof DevSession s) {
                return s.session;
            }
            if (!customers.containsKey(request.customerId())) {
                throw new BillingException("BILLING_NOT_FOUND", "no such customer: " + request.customerId(),
                        "create the customer first");
            }
            String id = nextId("cs_dev_");
            URI url = autoCompleteCheckout
                    ? URI.create(request.successUrl().replace(CheckoutRequest.SESSION_ID_PLACEHOLDER, id))
                    : pagesBase.resolve("checkout/" + id);
            CheckoutSession result = new CheckoutSession(id, url, request.plan(),
                    clock.instant().plus(1, ChronoUnit.DAYS));
            session = new DevSession(id, request.organization(), request.customerId(), request.plan(), result);
            sessions.put(id, session);
            byIdempotencyKey.put(request.idempotencyKey(), session);
        }
        if (autoCompleteCheckout) {
            completeCheckout(session.id);
        }
        return session.session;
    }

    /**
     * Completes a checkout as if the payer had paid: the subscription starts, active, and its first
     * invoice is paid.
     *
     * @return the new subscription's id (the same one when the checkout was completed before)
     * @throws BillingException {@code BILLING_NOT_FOUND} for an unknown session
     */
    public String completeCheckout(String sessionId) {
        List<GatewayEvent> events = new ArrayList<>();
        String subscriptionId;
        synchronized (this) {
            DevSession s = sessions.get(sessionId);
            if (s == null) {
                throw new BillingException("BILLING_NOT_FOUND", "no such checkout session: " + sessionId, "");
            }
            if (s.subscriptionId != null) {
                return s.subscriptionId;
            }
            Instant now = nextTime();
            DevSubscription sub = new DevSubscription(nextId("sub_dev_"), s.customerId, s.organization, s.plan,
                    now.plus(30, ChronoUnit.DAYS));
            subscriptions.put(sub.id, sub);
            s.subscriptionId = sub.id;
            subscriptionId = sub.id;
            events.add(new GatewayEvent.CheckoutCompleted(nextId("evt_dev_"), "checkout.session.completed", now,
                    s.id, s.customerId, s.organization, sub.id));
            events.add(new GatewayEvent.SubscriptionChanged(nextId("evt_dev_"), "customer.subscription.created",
                    nextTime(), sub.snapshot()));
            events.add(invoice(sub, true));
        }
        deliver(events);
        return subscriptionId;
    }

    /** The subscription's renewal payment fails: it becomes past due. */
    public void failPayment(String subscriptionId) {
        change(subscriptionId, sub -> {
            List<GatewayEvent> events = new ArrayList<>();
            events.add(invoice(sub, false));
            sub.status = SubscriptionStatus.PAST_DUE;
            events.add(updated(sub, "customer.subscription.updated"));
            return events;
        });
    }

    /** The open invoice is paid: a past-due or unpaid subscription becomes active again. */
    public void payOpenInvoice(String subscriptionId) {
        change(subscriptionId, sub -> {
            List<GatewayEvent> events = new ArrayList<>();
            events.add(invoice(sub, true));
            sub.status = SubscriptionStatus.ACTIVE;
            events.add(updated(sub, "customer.subscription.updated"));
            return events;
        });
    }

    /** The customer switches plans (as in the customer portal). */
    public void changePlan(String subscriptionId, PlanId plan) {
        Objects.requireNonNull(plan, "plan");
        change(subscriptionId, sub -> {
            sub.plan = plan;
            return List.of(updated(sub, "customer.subscription.updated"));
        });
    }

    /** The subscription ends now. */
    public void cancel(String subscriptionId) {
        change(subscriptionId, sub -> {
            sub.status = SubscriptionStatus.CANCELED;
            return List.of(updated(sub, "customer.subscription.deleted"));
        });
    }

    private void change(String subscriptionId, java.util.function.Function<DevSubscription, List<GatewayEvent>> how) {
        List<GatewayEvent> events;
        synchronized (this) {
            DevSubscription sub = subscriptions.get(subscriptionId);
            if (sub == null) {
                throw new BillingException("BILLING_NOT_FOUND", "no such subscription: " + subscriptionId, "");
            }
            if (sub.status.terminal()) {
                throw new BillingException("BILLING_INVALID_REQUEST",
                        "subscription " + subscriptionId + " is " + sub.status.stripeName() + " and cannot change", "");
            }
            events = how.apply(sub);
        }
        deliver(events);
    }

    private GatewayEvent updated(DevSubscription sub, String type) {
        return new GatewayEvent.SubscriptionChanged(nextId("evt_dev_"), type, nextTime(), sub.snapshot());
    }

    private GatewayEvent invoice(DevSubscription sub, boolean paid) {
        Instant now = nextTime();
        String invoiceId = nextId("in_dev_");
        long amount = switch (sub.plan) {
            case PRO -> 2900;
            case TEAM -> 7900;
            default -> 0;
        };
        invoices.computeIfAbsent(sub.customerId, k -> new ArrayList<>()).add(0, new Invoice(invoiceId,
                "DEV-" + invoiceId.substring(7), paid ? "paid" : "open", amount, paid ? amount : 0, "usd", now, null));
        return new GatewayEvent.InvoiceSettled(nextId("evt_dev_"), paid ? "invoice.paid" : "invoice.payment_failed", now,
                invoiceId, sub.customerId, sub.id, paid);
    }

    /**
     * Hands the events to billing, all of them (their order does not matter to billing), and
     * reports the first one billing did not process: unlike Stripe, this gateway delivers nothing
     * again, so a failure must not pass unnoticed.
     *
     * @throws BillingException with the code of billing's answer when an event was not processed
     */
    private void deliver(List<GatewayEvent> events) {
        EventSink target = sink;
        if (target == null) {
            return;
        }
        GatewayEvent failed = null;
        WebhookResult failure = null;
        int failures = 0;
        for (GatewayEvent e : events) {
            WebhookResult result = target.accept(e);
            if (result != null && !result.acknowledged()) {
                failures++;
                if (failure == null) {
                    failed = e;
                    failure = result;
                }
            }
        }
        if (failure != null) {
            throw new BillingException(failure.code(), "the development gateway's event " + failed.id() + " ("
                    + failed.type() + ") was not processed" + (failures > 1 ? ", nor " + (failures - 1) + " more" : "")
                    + ": " + failure.message(),
                    "the gateway has changed (as Stripe would have) but billing has not heard of it and this gateway "
                            + "delivers nothing again; fix the cause and start over with a new development gateway",
                    null, false, null);
        }
    }

    @Override
    public synchronized PortalSession createPortalSession(String customerId, URI returnUrl, String idempotencyKey) {
        Object earlier = byIdempotencyKey.get(idempotencyKey);
        if (earlier instanceof PortalSession p) {
            return p;
        }
        if (!customers.containsKey(customerId)) {
            throw new BillingException("BILLING_NOT_FOUND", "no such customer: " + customerId, "");
        }
        String id = nextId("bps_dev_");
        PortalSession p = new PortalSession(id, pagesBase.resolve("portal/" + id));
        byIdempotencyKey.put(idempotencyKey, p);
        return p;
    }

    @Override
    public synchronized Optional<SubscriptionSnapshot> currentSubscription(String customerId) {
        List<DevSubscription> subs = new ArrayList<>();
        for (DevSubscription s : subscriptions.values()) {
            if (s.customerId.equals(customerId)) {
                subs.add(s);
            }
        }
        // the newest that has not ended, else the newest (ids grow with time)
        return subs.stream()
                .max(Comparator.comparing((DevSubscription s) -> !s.status.terminal())
                        .thenComparing(s -> s.id.length()).thenComparing(s -> s.id))
                .map(DevSubscription::snapshot);
    }

    @Override
    public synchronized List<Invoice> invoices(String customerId, int limit) {
        BillingGateway.checkInvoiceLimit(limit);
        List<Invoice> all = invoices.getOrDefault(customerId, List.of());
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    private String nextId(String prefix) {
        synchronized (this) {
            return prefix + (++ids);
        }
    }

    private Instant nextTime() {
        synchronized (this) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            lastEventTime = now.isAfter(lastEventTime) ? now : lastEventTime.plusSeconds(1);
            return lastEventTime;
        }
    }

    @Override
    public String toString() {
        return "DevelopmentGateway[nothing is charged]";
    }

    /** Builds a {@link DevelopmentGateway}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private boolean autoCompleteCheckout = true;
        private URI pagesBase = URI.create("http://localhost:8080/dev-billing/");

        private Builder() {
        }

        /** The clock events are dated by; the system's UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Whether a checkout completes as soon as it is opened; true by default. */
        public Builder autoCompleteCheckout(boolean auto) {
            this.autoCompleteCheckout = auto;
            return this;
        }

        /**
         * Where the server shows the development checkout and portal pages
         * ({@code checkout/<id>}, {@code portal/<id>} below it); {@code http://localhost:8080/dev-billing/} by default.
         */
        public Builder pagesBase(URI base) {
            String s = Objects.requireNonNull(base, "base").toString();
            this.pagesBase = s.endsWith("/") ? base : URI.create(s + "/");
            return this;
        }

        /** The gateway. */
        public DevelopmentGateway build() {
            return new DevelopmentGateway(this);
        }
    }
}
