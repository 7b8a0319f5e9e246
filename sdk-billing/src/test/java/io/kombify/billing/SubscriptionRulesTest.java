package io.kombify.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.billing.dev.DevelopmentGateway;
import io.kombify.billing.dev.InMemoryProcessedEventStore;
import io.kombify.billing.dev.InMemorySubscriptionStore;
import io.kombify.billing.spi.GatewayEvent;
import io.kombify.billing.spi.SubscriptionSnapshot;
import io.kombify.billing.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What a subscription's events mean for the organisation: which status failed payments lead to,
 * which organisation a customer belongs to, and when a checkout would charge twice.
 */
class SubscriptionRulesTest {
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final OrganizationId GLOBEX = OrganizationId.of("globex");
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final String SUCCESS = "https://app.example.org/billing/done";
    private static final String CANCEL = "https://app.example.org/billing";

    private final TestClock clock = new TestClock(T0);
    private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
    private final BillingService billing = BillingService.builder()
            .gateway(DevelopmentGateway.builder().clock(clock).autoCompleteCheckout(false).build())
            .subscriptionStore(store)
            .processedEventStore(new InMemoryProcessedEventStore())
            .clock(clock)
            .build();
    private int ids;

    private void snapshot(String sub, String customer, long second, SubscriptionStatus status, PlanId plan,
                          OrganizationId org) {
        billing.process(new GatewayEvent.SubscriptionChanged("evt_" + (++ids), "customer.subscription.updated",
                T0.plusSeconds(second), new SubscriptionSnapshot(sub, customer, status, plan, "price_" + plan.key(),
                null, false, org)));
    }

    private void invoice(String sub, String customer, long second, boolean paid) {
        billing.process(new GatewayEvent.InvoiceSettled("evt_" + (++ids), paid ? "invoice.paid" : "invoice.payment_failed",
                T0.plusSeconds(second), "in_" + ids, customer, sub, paid));
    }

    @Test
    void aFailedFirstPaymentLeavesAnIncompleteSubscriptionIncompleteWithoutAGracePeriod() {
        snapshot("sub_1", "cus_1", 0, SubscriptionStatus.INCOMPLETE, PlanId.PRO, ACME);
        invoice("sub_1", "cus_1", 1, false);

        BillingState state = billing.state(ACME);
        assertThat(state.status()).isEqualTo(SubscriptionStatus.INCOMPLETE);
        assertThat(state.effectivePlan()).isEqualTo(PlanId.FREE);
        assertThat(state.pastDueSince()).isNull();
        assertThat(billing.entitlements(ACME).useFullSimulation().code()).isEqualTo("ENTITLEMENT_SUBSCRIPTION_INCOMPLETE");

        // the first payment succeeds after all
        invoice("sub_1", "cus_1", 2, true);
        assertThat(billing.state(ACME).effectivePlan()).isEqualTo(PlanId.PRO);
    }

    @Test
    void aPausedSubscriptionStaysPausedWhenAnInvoiceFails() {
        snapshot("sub_1", "cus_1", 0, SubscriptionStatus.PAUSED, PlanId.PRO, ACME);
        invoice("sub_1", "cus_1", 1, false);
        assertThat(billing.state(ACME).status()).isEqualTo(SubscriptionStatus.PAUSED);
        assertThat(billing.state(ACME).effectivePlan()).isEqualTo(PlanId.FREE);
    }

    @Test
    void anUnpaidSubscriptionGetsNoFreshGracePeriodFromAnotherFailedPayment() {
        long day = Duration.ofDays(1).toSeconds();
        snapshot("sub_1", "cus_1", 0, SubscriptionStatus.ACTIVE, PlanId.PRO, ACME);
        invoice("sub_1", "cus_1", 30 * day, false);
        snapshot("sub_1", "cus_1", 30 * day, SubscriptionStatus.PAST_DUE, PlanId.PRO, ACME);
        snapshot("sub_1", "cus_1", 45 * day, SubscriptionStatus.UNPAID, PlanId.PRO, ACME);
        invoice("sub_1", "cus_1", 60 * day, false);   // the next period's invoice fails as well

        clock.set(T0.plusSeconds(60 * day + 10));
        BillingState state = billing.state(ACME);
        assertThat(state.status()).isEqualTo(SubscriptionStatus.UNPAID);
        assertThat(state.effectivePlan()).isEqualTo(PlanId.FREE);
        assertThat(billing.entitlements(ACME).useFullSimulation().code()).isEqualTo("ENTITLEMENT_PAYMENT_OVERDUE");

        // should Stripe report it past due again, the grace period still counts from the first failure
        snapshot("sub_1", "cus_1", 60 * day, SubscriptionStatus.PAST_DUE, PlanId.PRO, ACME);
        assertThat(billing.state(ACME).pastDueSince()).isEqualTo(T0.plusSeconds(30 * day));
        assertThat(billing.state(ACME).effectivePlan()).isEqualTo(PlanId.FREE);

        // paying ends it
        invoice("sub_1", "cus_1", 61 * day, true);
        assertThat(billing.state(ACME).status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(billing.state(ACME).effectivePlan()).isEqualTo(PlanId.PRO);
    }

    @Test
    void aCustomerMovedToAnotherOrganisationAfterItsSubscriptionEndedBelongsToTheNewOne() {
        snapshot("sub_1", "cus_1", 0, SubscriptionStatus.ACTIVE, PlanId.PRO, ACME);
        snapshot("sub_1", "cus_1", 10, SubscriptionStatus.CANCELED, PlanId.PRO, ACME);
        billing.process(new GatewayEvent.CustomerUpdated("evt_moved", "customer.updated", T0.plusSeconds(20), "cus_1",
                GLOBEX, "billing@globex.example"));

        assertThat(store.customer("cus_1").orElseThrow().organizationId()).contains(GLOBEX);
        assertThat(billing.state(GLOBEX).customerId()).isEqualTo("cus_1");
        assertThat(billing.state(ACME).customerId()).isNull();

        // a checkout completed later for the customer links it again
        billing.process(new GatewayEvent.CheckoutCompleted("evt_checkout", "checkout.session.completed",
                T0.plusSeconds(30), "cs_1", "cus_1", ACME, "sub_2"));
        assertThat(store.customer("cus_1").orElseThrow().organizationId()).contains(ACME);
    }

    @Test
    void aRenewalOfASubscriptionStillTaggedWithTheOldOrganisationDoesNotMoveTheCustomerBack() {
        long day = 86_400;
        snapshot("sub_1", "cus_1", 0, SubscriptionStatus.ACTIVE, PlanId.PRO, ACME);
        billing.process(new GatewayEvent.CustomerUpdated("evt_moved", "customer.updated", T0.plusSeconds(day), "cus_1",
                GLOBEX, "billing@globex.example"));
        assertThat(billing.state(GLOBEX).effectivePlan()).isEqualTo(PlanId.PRO);

        // every renewal repeats the metadata the subscription was created with
        for (int month = 1; month <= 2; month++) {
            invoice("sub_1", "cus_1", month * 30 * day, true);
            snapshot("sub_1", "cus_1", month * 30 * day, SubscriptionStatus.ACTIVE, PlanId.PRO, ACME);

            assertThat(store.customer("cus_1").orElseThrow().organizationId()).as("month %d", month).contains(GLOBEX);
            assertThat(billing.state(GLOBEX).effectivePlan()).as("month %d", month).isEqualTo(PlanId.PRO);
            assertThat(billing.state(ACME).effectivePlan()).as("month %d", month).isEqualTo(PlanId.FREE);
        }
    }

    @Test
    void aSubscriptionsMetadataLinksACustomerNothingElseLinked() {
        snapshot("sub_1", "cus_1", 0, SubscriptionStatus.ACTIVE, PlanId.PRO, ACME);
        snapshot("sub_1", "cus_1", 5, SubscriptionStatus.ACTIVE, PlanId.TEAM, GLOBEX);
        assertThat(store.customer("cus_1").orElseThrow().organizationId()).contains(GLOBEX);
        assertThat(billing.state(GLOBEX).effectivePlan()).isEqualTo(PlanId.TEAM);
    }

    @Test
    void aCheckoutIsRefusedWhileAnySubscriptionOfTheOrganisationLivesNotOnlyTheDecidingOne() {
        // an unpaid subscription Stripe still tries to collect, and a newer one whose first payment is pending
        snapshot("sub_1", "cus_1", 0, SubscriptionStatus.UNPAID, PlanId.PRO, ACME);
        snapshot("sub_2", "cus_1", 10, SubscriptionStatus.INCOMPLETE, PlanId.TEAM, ACME);
        assertThat(billing.state(ACME).subscriptionId()).isEqualTo("sub_2");
        assertThat(billing.state(ACME).hasLiveSubscription()).isTrue();

        assertThatThrownBy(() -> billing.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_ALREADY_SUBSCRIBED");
                    assertThat(e.getMessage()).contains("unpaid subscription").contains("sub_1");
                });
    }

    @Test
    void aSubscriptionOfAnotherCustomerOfTheOrganisationCountsAsLiveToo() {
        long day = Duration.ofDays(1).toSeconds();
        snapshot("sub_1", "cus_1", 0, SubscriptionStatus.PAST_DUE, PlanId.PRO, ACME);
        snapshot("sub_2", "cus_2", 10, SubscriptionStatus.INCOMPLETE, PlanId.TEAM, ACME);
        clock.set(T0.plusSeconds(30 * day));   // long past the grace period, Stripe still retries

        assertThat(billing.state(ACME).subscriptionId()).isEqualTo("sub_2");
        assertThat(billing.state(ACME).effectivePlan()).isEqualTo(PlanId.FREE);
        assertThat(billing.state(ACME).hasLiveSubscription()).isTrue();
        assertThatThrownBy(() -> billing.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_ALREADY_SUBSCRIBED");
                    assertThat(e.getMessage()).contains("past_due subscription to Pro (sub_1)");
                });
    }
}
