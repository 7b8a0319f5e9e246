package io.kombify.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.billing.dev.DevelopmentGateway;
import io.kombify.billing.dev.InMemoryProcessedEventStore;
import io.kombify.billing.dev.InMemorySubscriptionStore;
import io.kombify.billing.spi.GatewayEvent;
import io.kombify.billing.spi.ProcessedEventStore;
import io.kombify.billing.spi.SubscriptionRecord;
import io.kombify.billing.spi.SubscriptionStore;
import io.kombify.billing.testing.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Billing end to end on the development gateway: what a server without Stripe credentials does. */
class BillingServiceTest {
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final OrganizationId GLOBEX = OrganizationId.of("globex");
    private static final String SUCCESS = "https://app.example.org/billing/done?session={CHECKOUT_SESSION_ID}";
    private static final String CANCEL = "https://app.example.org/billing";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-02T10:00:00Z"));
    private final DevelopmentGateway gateway = DevelopmentGateway.builder().clock(clock).build();
    private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
    private final List<BillingEvent> events = new CopyOnWriteArrayList<>();
    private final BillingService billing = BillingService.builder()
            .gateway(gateway)
            .subscriptionStore(store)
            .processedEventStore(new InMemoryProcessedEventStore())
            .clock(clock)
            .listener(events::add)
            .build();

    private static final List<StackRef> STACKS = List.of(
            new StackRef("lab-3", Instant.parse("2026-10-03T00:00:00Z")),
            new StackRef("lab-1", Instant.parse("2026-10-01T00:00:00Z")),
            new StackRef("lab-2", Instant.parse("2026-10-02T00:00:00Z")));

    @Test
    void aNewOrganisationIsOnFree() {
        assertThat(billing.state(ACME)).isEqualTo(BillingState.free(ACME, null));
        assertThat(billing.entitlements(ACME).plan().id()).isEqualTo(PlanId.FREE);
    }

    @Test
    void aCompletedCheckoutGrantsThePlanAndTheRedirectCarriesTheSessionId() {
        CheckoutSession session = billing.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL);

        assertThat(session.url()).isEqualTo(URI.create("https://app.example.org/billing/done?session=" + session.id()));
        BillingState state = billing.state(ACME);
        assertThat(state.effectivePlan()).isEqualTo(PlanId.PRO);
        assertThat(state.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(billing.entitlements(ACME).useFullSimulation().allowed()).isTrue();
        assertThat(billing.entitlements(ACME).createStack(4).allowed()).isTrue();
        assertThat(billing.entitlements(ACME).createStack(5).code()).isEqualTo("ENTITLEMENT_STACK_LIMIT");
        assertThat(billing.invoices(ACME, 10)).extracting(Invoice::status).containsExactly("paid");
        assertThat(billing.currentSubscription(ACME)).map(s -> s.plan()).contains(PlanId.PRO);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(BillingEvent.CheckoutStarted.class));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(BillingEvent.CustomerCreated.class));
    }

    @Test
    void aSecondCheckoutIsRefusedWhileASubscriptionLivesSoNothingIsChargedTwice() {
        billing.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL);

        assertThatThrownBy(() -> billing.startCheckout(ACME, PlanId.TEAM, SUCCESS, CANCEL))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_ALREADY_SUBSCRIBED");
                    assertThat(e.getMessage()).contains("active subscription to Pro");
                    assertThat(e.hint()).contains("billing portal");
                });
        assertThat(gateway.invoices(billing.ensureCustomer(ACME).id(), 10)).hasSize(1);
    }

    @Test
    void aRetriedCheckoutReturnsTheSameSessionAndOneCustomerServesTheOrganisation() {
        DevelopmentGateway manual = DevelopmentGateway.builder().clock(clock).autoCompleteCheckout(false).build();
        BillingService b = BillingService.builder().gateway(manual).subscriptionStore(new InMemorySubscriptionStore())
                .processedEventStore(new InMemoryProcessedEventStore()).clock(clock).build();

        CheckoutSession first = b.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL);
        CheckoutSession retry = b.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL);
        assertThat(retry).isEqualTo(first);
        assertThat(b.ensureCustomer(ACME).id()).isEqualTo(b.ensureCustomer(ACME).id());
        assertThat(b.state(ACME).effectivePlan()).isEqualTo(PlanId.FREE);

        manual.completeCheckout(first.id());
        assertThat(b.state(ACME).effectivePlan()).isEqualTo(PlanId.PRO);
    }

    @Test
    void freeAndEnterpriseHaveNoCheckout() {
        assertThatThrownBy(() -> billing.startCheckout(ACME, PlanId.FREE, SUCCESS, CANCEL))
                .hasFieldOrPropertyWithValue("code", "BILLING_PLAN_NOT_PURCHASABLE");
        assertThatThrownBy(() -> billing.startCheckout(ACME, PlanId.ENTERPRISE, SUCCESS, CANCEL))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.hint()).contains("contact sales"));
        assertThatThrownBy(() -> billing.startCheckout(ACME, PlanId.PRO, "/relative", CANCEL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("successUrl");
    }

    @Test
    void aPaymentThatStaysOverdueEndsThePlanAfterTheGracePeriodWithoutDeletingAnything() {
        billing.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL);
        String sub = billing.state(ACME).subscriptionId();

        gateway.failPayment(sub);
        BillingState pastDue = billing.state(ACME);
        assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(pastDue.effectivePlan()).isEqualTo(PlanId.PRO);
        assertThat(pastDue.graceEndsAt()).isEqualTo(pastDue.pastDueSince().plus(Duration.ofDays(7)));
        assertThat(billing.entitlements(ACME).stackAccess(STACKS).readOnly()).isEmpty();

        clock.advance(Duration.ofDays(8));
        Entitlements lapsed = billing.entitlements(ACME);
        assertThat(lapsed.plan().id()).isEqualTo(PlanId.FREE);
        StackAccess access = lapsed.stackAccess(STACKS);
        assertThat(access.writable()).containsExactly("lab-1");
        assertThat(access.readOnly()).containsExactly("lab-2", "lab-3");
        Decision change = lapsed.modifyStack("lab-3", STACKS);
        assertThat(change.code()).isEqualTo("ENTITLEMENT_STACK_READ_ONLY");
        assertThat(change.hint()).contains("pay the open invoice");
        assertThat(lapsed.createStack(3).code()).isEqualTo("ENTITLEMENT_PAYMENT_OVERDUE");

        gateway.payOpenInvoice(sub);
        assertThat(billing.entitlements(ACME).stackAccess(STACKS).readOnly()).isEmpty();
        assertThat(billing.state(ACME).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    }

    @Test
    void aCancellationOrDowngradeMakesTheExcessStacksReadOnly() {
        billing.startCheckout(ACME, PlanId.TEAM, SUCCESS, CANCEL);
        String sub = billing.state(ACME).subscriptionId();
        assertThat(billing.entitlements(ACME).useSso().allowed()).isTrue();

        gateway.changePlan(sub, PlanId.PRO);
        assertThat(billing.entitlements(ACME).useSso().code()).isEqualTo("ENTITLEMENT_FEATURE_NOT_IN_PLAN");

        gateway.cancel(sub);
        BillingState state = billing.state(ACME);
        assertThat(state.status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(state.effectivePlan()).isEqualTo(PlanId.FREE);
        assertThat(billing.entitlements(ACME).stackAccess(STACKS).total()).isEqualTo(3);
        assertThat(billing.entitlements(ACME).stackAccess(STACKS).readOnly()).containsExactly("lab-2", "lab-3");

        // after the cancellation a new checkout is allowed again
        assertThat(billing.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL)).isNotNull();
        assertThat(billing.state(ACME).effectivePlan()).isEqualTo(PlanId.PRO);
    }

    @Test
    void aListenerThatThrowsNeverBreaksBilling() {
        BillingService b = BillingService.builder().gateway(DevelopmentGateway.builder().clock(clock).build())
                .subscriptionStore(new InMemorySubscriptionStore())
                .processedEventStore(new InMemoryProcessedEventStore()).clock(clock)
                .listener(e -> {
                    throw new IllegalStateException("broken dashboard");
                })
                .build();
        b.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL);
        assertThat(b.state(ACME).effectivePlan()).isEqualTo(PlanId.PRO);
    }

    @Test
    void aStoreFailureIsReportedAndTheEventIsProcessedWhenDeliveredAgain() {
        FlakyStore flaky = new FlakyStore();
        ProcessedEventStore processed = new InMemoryProcessedEventStore();
        List<BillingEvent> seen = new CopyOnWriteArrayList<>();
        BillingService b = BillingService.builder().gateway(DevelopmentGateway.create()).subscriptionStore(flaky)
                .processedEventStore(processed).clock(clock).listener(seen::add).build();
        GatewayEvent event = new GatewayEvent.SubscriptionChanged("evt_1", "customer.subscription.created",
                clock.instant(), new io.kombify.billing.spi.SubscriptionSnapshot("sub_1", "cus_1",
                SubscriptionStatus.ACTIVE, PlanId.PRO, "price_pro", null, false, ACME));

        flaky.failing = true;
        WebhookResult failed = b.process(event);
        assertThat(failed.outcome()).isEqualTo(WebhookResult.Outcome.FAILED);
        assertThat(failed.httpStatus()).isEqualTo(500);
        // a store's message may name hosts, users or queries: it stays out of the result
        assertThat(failed.message()).doesNotContain("database is down").contains("IllegalStateException");
        assertThat(failed.code()).isEqualTo("BILLING_STORE_FAILED");
        // the listener gets the failure itself, for the server's log
        assertThat(seen).filteredOn(e -> e instanceof BillingEvent.EventFailed).singleElement()
                .satisfies(e -> assertThat(((BillingEvent.EventFailed) e).cause()).hasMessage("database is down"));

        flaky.failing = false;
        assertThat(b.process(event).outcome()).isEqualTo(WebhookResult.Outcome.PROCESSED);
        assertThat(b.state(ACME).effectivePlan()).isEqualTo(PlanId.PRO);
    }

    @Test
    void aDevelopmentGatewayServesOneBillingService() {
        assertThatThrownBy(() -> BillingService.builder().gateway(gateway).subscriptionStore(new InMemorySubscriptionStore())
                .processedEventStore(new InMemoryProcessedEventStore()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already delivers its events");
    }

    @Test
    void anEventOfTheDevelopmentGatewayThatFailsIsReportedToTheCaller() {
        FlakyStore flaky = new FlakyStore();
        DevelopmentGateway dev = DevelopmentGateway.builder().clock(clock).build();
        BillingService b = BillingService.builder().gateway(dev).subscriptionStore(flaky)
                .processedEventStore(new InMemoryProcessedEventStore()).clock(clock).build();

        flaky.failing = true;
        assertThatThrownBy(() -> b.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_STORE_FAILED");
                    assertThat(e.getMessage()).contains("customer.subscription.created").contains("not processed");
                });
    }

    @Test
    void aCustomerIsReportedCreatedOnlyWhenTheGatewayCreatedIt() {
        // the gateway's search lags behind (as Stripe's does), so a second server finds nothing and
        // asks to create the customer again with the same idempotency key
        SearchLagGateway shared = new SearchLagGateway(DevelopmentGateway.builder().clock(clock).build());
        List<BillingEvent> seen = new CopyOnWriteArrayList<>();
        BillingService first = BillingService.builder().gateway(shared).subscriptionStore(new InMemorySubscriptionStore())
                .processedEventStore(new InMemoryProcessedEventStore()).clock(clock).listener(seen::add).build();
        BillingService second = BillingService.builder().gateway(shared).subscriptionStore(new InMemorySubscriptionStore())
                .processedEventStore(new InMemoryProcessedEventStore()).clock(clock).listener(seen::add).build();

        Customer a = first.ensureCustomer(ACME, "billing@acme.example", "ACME");
        Customer b = second.ensureCustomer(ACME, "billing@acme.example", "ACME");

        assertThat(b.id()).isEqualTo(a.id());
        assertThat(seen).filteredOn(e -> e instanceof BillingEvent.CustomerCreated).hasSize(1);
    }

    @Test
    void aCustomerTheGatewayStillFindsForTheOrganisationItWasMovedFromIsRefused() {
        SearchLagGateway lagging = new SearchLagGateway(DevelopmentGateway.builder().clock(clock).build());
        BillingService b = BillingService.builder().gateway(lagging).subscriptionStore(new InMemorySubscriptionStore())
                .processedEventStore(new InMemoryProcessedEventStore()).clock(clock).build();
        Customer acme = b.ensureCustomer(ACME);
        b.process(new GatewayEvent.CustomerUpdated("evt_moved", "customer.updated", acme.created().plusSeconds(60),
                acme.id(), GLOBEX, null));
        // the search still finds the customer by the organisation it was moved from
        lagging.stale = acme;

        assertThatThrownBy(() -> b.ensureCustomer(ACME))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_CUSTOMER_CONFLICT");
                    assertThat(e.getMessage()).contains(acme.id(), "acme", "globex");
                    assertThat(e.hint()).contains("try again", "kombify_org");
                });
        assertThat(b.state(GLOBEX).customerId()).isEqualTo(acme.id());
        assertThat(b.state(ACME).customerId()).isNull();
    }

    @Test
    void theCustomerOfAnOrganisationIsDatedByItsNewestLink() {
        Customer created = billing.ensureCustomer(ACME);
        assertThat(created.created()).isEqualTo(clock.instant());
        assertThat(billing.ensureCustomer(ACME).created()).isEqualTo(created.created());

        Instant relinked = created.created().plusSeconds(60);
        billing.process(new GatewayEvent.CustomerUpdated("evt_relinked", "customer.updated", relinked, created.id(),
                ACME, "billing@acme.example"));
        Customer known = billing.ensureCustomer(ACME);
        assertThat(known.id()).isEqualTo(created.id());
        assertThat(known.email()).isEqualTo("billing@acme.example");
        assertThat(known.created()).isEqualTo(relinked);
    }

    @Test
    void withoutAWebhookVerifierEveryDeliveryIsRefused() {
        WebhookResult r = billing.handleWebhook("{}", "t=1,v1=00");
        assertThat(r.code()).isEqualTo("WEBHOOK_NOT_CONFIGURED");
        assertThat(r.httpStatus()).isEqualTo(400);
    }

    @Test
    void aServiceNeedsBothStores() {
        assertThatThrownBy(() -> BillingService.builder().gateway(gateway).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("subscription store");
    }

    /**
     * A gateway whose search for an organisation's customer lags behind: it finds nothing yet, or
     * {@code stale}, a customer it still finds by the metadata it had before a change.
     */
    private static final class SearchLagGateway implements io.kombify.billing.spi.BillingGateway {
        final io.kombify.billing.spi.BillingGateway delegate;
        volatile Customer stale;

        SearchLagGateway(io.kombify.billing.spi.BillingGateway delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public java.util.Optional<Customer> findCustomer(OrganizationId organization) {
            return java.util.Optional.ofNullable(stale);
        }

        @Override
        public io.kombify.billing.spi.CreatedCustomer createCustomer(io.kombify.billing.spi.CustomerRequest request) {
            return delegate.createCustomer(request);
        }

        @Override
        public CheckoutSession createCheckoutSession(io.kombify.billing.spi.CheckoutRequest request) {
            return delegate.createCheckoutSession(request);
        }

        @Override
        public PortalSession createPortalSession(String customerId, URI returnUrl, String idempotencyKey) {
            return delegate.createPortalSession(customerId, returnUrl, idempotencyKey);
        }

        @Override
        public java.util.Optional<io.kombify.billing.spi.SubscriptionSnapshot> currentSubscription(String customerId) {
            return delegate.currentSubscription(customerId);
        }

        @Override
        public List<Invoice> invoices(String customerId, int limit) {
            return delegate.invoices(customerId, limit);
        }
    }

    /** A store whose subscription updates fail while {@code failing}. */
    private static final class FlakyStore implements SubscriptionStore {
        final InMemorySubscriptionStore delegate = new InMemorySubscriptionStore();
        volatile boolean failing;

        @Override
        public SubscriptionRecord updateSubscription(String id, UnaryOperator<SubscriptionRecord> change) {
            if (failing) {
                throw new IllegalStateException("database is down");
            }
            return delegate.updateSubscription(id, change);
        }

        @Override
        public io.kombify.billing.spi.CustomerRecord updateCustomer(String id,
                UnaryOperator<io.kombify.billing.spi.CustomerRecord> change) {
            return delegate.updateCustomer(id, change);
        }

        @Override
        public java.util.Optional<SubscriptionRecord> subscription(String id) {
            return delegate.subscription(id);
        }

        @Override
        public java.util.Optional<io.kombify.billing.spi.CustomerRecord> customer(String id) {
            return delegate.customer(id);
        }

        @Override
        public List<io.kombify.billing.spi.CustomerRecord> customersOf(OrganizationId organization) {
            return delegate.customersOf(organization);
        }

        @Override
        public List<SubscriptionRecord> subscriptionsOf(String customerId) {
            return delegate.subscriptionsOf(customerId);
        }
    }
}
