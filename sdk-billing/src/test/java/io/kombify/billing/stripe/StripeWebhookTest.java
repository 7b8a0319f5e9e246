package io.kombify.billing.stripe;

import static io.kombify.billing.stripe.WebhookFixture.SECRET;
import static io.kombify.billing.stripe.WebhookFixture.T0;
import static io.kombify.billing.stripe.WebhookFixture.checkoutCompleted;
import static io.kombify.billing.stripe.WebhookFixture.customerUpdated;
import static io.kombify.billing.stripe.WebhookFixture.invoiceEvent;
import static io.kombify.billing.stripe.WebhookFixture.subscriptionEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.billing.BillingEvent;
import io.kombify.billing.BillingState;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.WebhookResult;
import io.kombify.billing.WebhookResult.Outcome;
import java.time.Duration;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StripeWebhookTest {
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private final WebhookFixture f = new WebhookFixture();

    private WebhookResult deliver(String body) {
        return f.billing.handleWebhook(body, f.sign(body));
    }

    private BillingState acme() {
        return f.billing.state(ACME);
    }

    private static String activePro(String eventId, long created) {
        return subscriptionEvent(eventId, "customer.subscription.created", created, "sub_1", "cus_1", "active",
                "price_pro_monthly", "acme");
    }

    @Test
    void theDocumentedSchemeGivesThePublishedSignature() {
        String body = "{\"id\":\"evt_test_1\",\"object\":\"event\",\"type\":\"customer.subscription.created\","
                + "\"data\":{\"object\":{\"id\":\"sub_1\",\"object\":\"subscription\"}}}";
        String v1 = "f096e55a57891459538159f0d089f4e3ecfff04f068641203be7994aea746dd4";
        assertThat(Signatures.v1(SECRET, 1_700_000_000L, body)).isEqualTo(v1);

        // stripe-java accepts the signature: the delivery fails only later, on the event's missing fields
        WebhookResult accepted = f.billing.handleWebhook(body, "t=1700000000,v1=" + v1);
        assertThat(accepted.code()).isEqualTo("WEBHOOK_PAYLOAD_INVALID");
        WebhookResult oneDigitOff = f.billing.handleWebhook(body, "t=1700000000,v1=" + v1.replace('f', 'e'));
        assertThat(oneDigitOff.code()).isEqualTo("WEBHOOK_SIGNATURE_INVALID");
    }

    @Test
    void aGoodSignatureIsProcessedAndGrantsThePlan() {
        WebhookResult r = deliver(activePro("evt_1", T0));

        assertThat(r.outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.eventId()).isEqualTo("evt_1");
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.PRO);
        assertThat(acme().status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(acme().currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(1_702_592_000L));
        assertThat(f.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BillingEvent.StateChanged.class,
                c -> assertThat(c.after().effectivePlan()).isEqualTo(PlanId.PRO)));
    }

    @Test
    void aTamperedBodyIsRejectedAndChangesNothing() {
        String body = subscriptionEvent("evt_1", "customer.subscription.created", T0, "sub_1", "cus_1", "incomplete",
                "price_pro_monthly", "acme");
        String header = f.sign(body);
        String tampered = body.replace("\"incomplete\"", "\"active\"").replace("price_pro_monthly", "price_team");

        WebhookResult r = f.billing.handleWebhook(tampered, header);

        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.httpStatus()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("WEBHOOK_SIGNATURE_INVALID");
        assertThat(acme()).isEqualTo(BillingState.free(ACME, null));
        assertThat(f.store.subscription("sub_1")).isEmpty();
        assertThat(f.processed.size()).isZero();
        assertThat(f.events).containsExactly(new BillingEvent.WebhookRejected("WEBHOOK_SIGNATURE_INVALID", r.message()));
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRejected() {
        String body = activePro("evt_1", T0);
        WebhookResult r = f.billing.handleWebhook(body, Signatures.header("whsec_other_endpoint", T0, body));

        assertThat(r.code()).isEqualTo("WEBHOOK_SIGNATURE_INVALID");
        assertThat(r.message()).doesNotContain(SECRET).doesNotContain("whsec_other_endpoint");
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.FREE);
    }

    @Test
    void aSignatureOlderThanTheToleranceIsRejected() {
        String body = activePro("evt_1", T0);
        String header = f.sign(body);

        f.clock.advance(Duration.ofSeconds(301));
        WebhookResult late = f.billing.handleWebhook(body, header);
        assertThat(late.code()).isEqualTo("WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE");
        assertThat(late.message()).contains("300 s");
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.FREE);

        f.clock.set(Instant.ofEpochSecond(T0 + 300));
        assertThat(f.billing.handleWebhook(body, header).outcome()).isEqualTo(Outcome.PROCESSED);
    }

    @Test
    void aReplayedDeliveryIsIgnoredWithinTheToleranceAndRejectedAfterIt() {
        String body = activePro("evt_1", T0);
        String header = f.sign(body);
        assertThat(f.billing.handleWebhook(body, header).outcome()).isEqualTo(Outcome.PROCESSED);
        BillingState after = acme();

        f.clock.advance(Duration.ofSeconds(10));
        WebhookResult replay = f.billing.handleWebhook(body, header);
        assertThat(replay.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(replay.httpStatus()).isEqualTo(200);

        f.clock.advance(Duration.ofHours(1));
        assertThat(f.billing.handleWebhook(body, header).code()).isEqualTo("WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE");
        assertThat(acme()).isEqualTo(after);
    }

    @Test
    void aDuplicateDeliveryIsAcknowledgedAndChangesNothing() {
        String body = activePro("evt_1", T0);
        deliver(body);
        long processedEvents = f.events.stream().filter(e -> e instanceof BillingEvent.EventProcessed).count();

        f.clock.advance(Duration.ofMinutes(5));
        WebhookResult again = deliver(body);   // Stripe signs every delivery afresh

        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(again.acknowledged()).isTrue();
        assertThat(f.events.stream().filter(e -> e instanceof BillingEvent.EventProcessed).count())
                .isEqualTo(processedEvents);
        assertThat(f.events).contains(new BillingEvent.DuplicateEvent("evt_1", "customer.subscription.created"));
    }

    @Test
    void missingAndMalformedSignatureHeadersAreRejected() {
        String body = activePro("evt_1", T0);
        assertThat(f.billing.handleWebhook(body, null).code()).isEqualTo("WEBHOOK_SIGNATURE_MISSING");
        assertThat(f.billing.handleWebhook(body, " ").code()).isEqualTo("WEBHOOK_SIGNATURE_MISSING");
        assertThat(f.billing.handleWebhook(body, "v1=abc").code()).isEqualTo("WEBHOOK_SIGNATURE_MALFORMED");
        assertThat(f.billing.handleWebhook(body, "t=" + T0 + ",v0=abc").code()).isEqualTo("WEBHOOK_SIGNATURE_MALFORMED");
        assertThat(f.billing.handleWebhook(body, "t=" + T0).code()).isEqualTo("WEBHOOK_SIGNATURE_MALFORMED");
        // headers stripe-java cannot parse at all (it throws NumberFormatException or
        // ArrayIndexOutOfBoundsException on them) are malformed too, never an exception
        for (String header : List.of("t=abc,v1=00", "t=,v1=00", "t", "v1", "t=" + T0 + ",v1", "t=99999999999999999999,v1=00")) {
            WebhookResult r = f.billing.handleWebhook(body, header);
            assertThat(r.code()).as(header).isEqualTo("WEBHOOK_SIGNATURE_MALFORMED");
            assertThat(r.httpStatus()).as(header).isEqualTo(400);
        }
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.FREE);
        assertThat(f.processed.size()).isZero();
    }

    @Test
    void aSignatureDatedFurtherInTheFutureThanTheToleranceIsRejected() {
        String body = activePro("evt_1", T0);

        WebhookResult early = f.billing.handleWebhook(body, Signatures.header(SECRET, T0 + 301, body));
        assertThat(early.code()).isEqualTo("WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE");
        assertThat(early.message()).contains("future").contains("300 s");
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.FREE);

        assertThat(f.billing.handleWebhook(body, Signatures.header(SECRET, T0 + 300, body)).outcome())
                .isEqualTo(Outcome.PROCESSED);
    }

    @Test
    void aToleranceUnderOneSecondIsRefusedBecauseStripeJavaWouldCheckNoAgeAtAll() {
        Secret secret = Secret.of(new SecretRef("webhook"), SECRET);
        assertThatThrownBy(() -> StripeWebhookVerifier.create(secret, Duration.ofMillis(500), WebhookFixture.PRICES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 s");
        assertThatThrownBy(() -> StripeWebhookVerifier.create(secret, Duration.ZERO, WebhookFixture.PRICES))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(StripeWebhookVerifier.create(secret, Duration.ofSeconds(1), WebhookFixture.PRICES)).isNotNull();
    }

    @Test
    void anEventOfAnotherApiVersionIsRejectedInsteadOfMisread() {
        // before 2025-03-31.basil an invoice named its subscription at the top level, with no parent
        var invoice = StripeFixtures.invoice("in_1", "cus_1", "sub_1", "open");
        invoice.remove("parent");
        invoice.put("subscription", "sub_1");
        String old = StripeFixtures.event("evt_2", "invoice.payment_failed", T0, invoice)
                .replace(com.stripe.Stripe.API_VERSION, "2024-06-20");
        deliver(activePro("evt_1", T0));

        WebhookResult r = deliver(old);
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.acknowledged()).isFalse();
        assertThat(r.code()).isEqualTo("WEBHOOK_API_VERSION_UNSUPPORTED");
        assertThat(r.message()).contains("2024-06-20").contains(com.stripe.Stripe.API_VERSION);
        assertThat(acme().status()).isEqualTo(SubscriptionStatus.ACTIVE);

        // a later release of the same major version is compatible
        String later = invoiceEvent("evt_3", "invoice.payment_failed", T0 + 1, "in_1", "cus_1", "sub_1")
                .replace(com.stripe.Stripe.API_VERSION, "2025-05-28.basil");
        assertThat(deliver(later).outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(acme().status()).isEqualTo(SubscriptionStatus.PAST_DUE);
    }

    @Test
    void anInvoiceOfNoSubscriptionIsAcknowledgedWithItsOwnCodeAndReported() {
        var invoice = StripeFixtures.invoice("in_9", "cus_1", "sub_1", "paid");
        invoice.putNull("parent");
        WebhookResult r = deliver(StripeFixtures.event("evt_9", "invoice.paid", T0, invoice));

        assertThat(r.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(r.code()).isEqualTo("WEBHOOK_INVOICE_WITHOUT_SUBSCRIPTION");
        assertThat(r.message()).contains("in_9");
        assertThat(f.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BillingEvent.EventIgnored.class,
                i -> assertThat(i.toString()).contains("WEBHOOK_INVOICE_WITHOUT_SUBSCRIPTION")));

        // an invoice that says it belongs to a subscription but names none is not readable
        var broken = StripeFixtures.invoice("in_10", "cus_1", "sub_1", "paid");
        ((tools.jackson.databind.node.ObjectNode) broken.get("parent").get("subscription_details")).putNull("subscription");
        assertThat(deliver(StripeFixtures.event("evt_10", "invoice.paid", T0, broken)).code())
                .isEqualTo("WEBHOOK_PAYLOAD_INVALID");
    }

    @Test
    void aSignedBodyThatIsNotAnEventIsRejected() {
        assertThat(deliver("not json").code()).isEqualTo("WEBHOOK_PAYLOAD_INVALID");
        assertThat(deliver("{\"object\":\"customer\",\"id\":\"cus_1\"}").code()).isEqualTo("WEBHOOK_PAYLOAD_INVALID");
        assertThat(f.processed.size()).isZero();
    }

    @Test
    void aSubscriptionStatusBillingDoesNotKnowIsAcknowledgedAndReportedNotRetriedForDays() {
        deliver(activePro("evt_1", T0));
        String unknownStatus = subscriptionEvent("evt_9", "customer.subscription.updated", T0 + 1, "sub_1", "cus_1",
                "hibernating", "price_pro_monthly", "acme");

        WebhookResult r = deliver(unknownStatus);

        assertThat(r.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(r.acknowledged()).isTrue();
        assertThat(r.code()).isEqualTo("WEBHOOK_UNKNOWN_SUBSCRIPTION_STATUS");
        assertThat(r.message()).contains("hibernating").contains("sub_1");
        assertThat(f.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BillingEvent.EventIgnored.class,
                i -> assertThat(i.toString()).contains("WEBHOOK_UNKNOWN_SUBSCRIPTION_STATUS")));
        assertThat(acme().status()).isEqualTo(SubscriptionStatus.ACTIVE);
    }

    @Test
    void aVerifiedEventOfAnotherTypeIsAcknowledgedAndIgnored() {
        String body = StripeFixtures.event("evt_plan", "plan.created", T0, StripeFixtures.of("plan"));
        WebhookResult r = deliver(body);
        assertThat(r.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(r.acknowledged()).isTrue();
        assertThat(deliver(body).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void aFailedPaymentMakesTheSubscriptionPastDueWithAGracePeriodAndAPaymentEndsIt() {
        deliver(activePro("evt_1", T0));
        f.clock.advance(Duration.ofDays(30));
        long failedAt = f.clock.instant().getEpochSecond();
        deliver(invoiceEvent("evt_2", "invoice.payment_failed", failedAt, "in_1", "cus_1", "sub_1"));

        assertThat(acme().status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(acme().pastDueSince()).isEqualTo(Instant.ofEpochSecond(failedAt));
        assertThat(acme().graceEndsAt()).isEqualTo(Instant.ofEpochSecond(failedAt).plus(Duration.ofDays(7)));
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.PRO);

        // a retry fails again three days later: the grace period still counts from the first failure
        f.clock.advance(Duration.ofDays(3));
        deliver(invoiceEvent("evt_3", "invoice.payment_failed", f.clock.instant().getEpochSecond(), "in_1", "cus_1",
                "sub_1"));
        assertThat(acme().pastDueSince()).isEqualTo(Instant.ofEpochSecond(failedAt));

        f.clock.advance(Duration.ofDays(4));
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.FREE);
        assertThat(f.billing.entitlements(ACME).useFullSimulation().code()).isEqualTo("ENTITLEMENT_PAYMENT_OVERDUE");

        deliver(invoiceEvent("evt_4", "invoice.paid", f.clock.instant().getEpochSecond(), "in_1", "cus_1", "sub_1"));
        assertThat(acme().status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(acme().pastDueSince()).isNull();
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.PRO);
    }

    @Test
    void anOlderEventNeverOverwritesNewerState() {
        deliver(subscriptionEvent("evt_2", "customer.subscription.updated", T0 + 60, "sub_1", "cus_1", "active",
                "price_team", "acme"));
        deliver(subscriptionEvent("evt_1", "customer.subscription.created", T0, "sub_1", "cus_1", "incomplete",
                "price_pro_monthly", "acme"));

        assertThat(acme().subscribedPlan()).isEqualTo(PlanId.TEAM);
        assertThat(acme().status()).isEqualTo(SubscriptionStatus.ACTIVE);
    }

    @Test
    void aCanceledSubscriptionStaysCanceledWhateverArrivesAfter() {
        deliver(subscriptionEvent("evt_9", "customer.subscription.deleted", T0 + 10, "sub_1", "cus_1", "canceled",
                "price_pro_monthly", "acme"));
        deliver(subscriptionEvent("evt_10", "customer.subscription.updated", T0 + 20, "sub_1", "cus_1", "active",
                "price_pro_monthly", "acme"));
        deliver(invoiceEvent("evt_11", "invoice.paid", T0 + 30, "in_1", "cus_1", "sub_1"));

        assertThat(acme().status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.FREE);
    }

    @Test
    void aSubscriptionWhoseCustomerIsLinkedLaterCountsOnceTheCheckoutArrives() {
        deliver(subscriptionEvent("evt_1", "customer.subscription.created", T0, "sub_1", "cus_1", "active",
                "price_team", null));
        assertThat(f.events).contains(new BillingEvent.CustomerUnattributed("evt_1", "cus_1"));
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.FREE);

        deliver(checkoutCompleted("evt_0", T0 - 1, "cs_1", "cus_1", "sub_1", "acme"));

        assertThat(acme().effectivePlan()).isEqualTo(PlanId.TEAM);
        assertThat(acme().customerId()).isEqualTo("cus_1");
        assertThat(f.billing.entitlements(ACME).useSso().allowed()).isTrue();
    }

    @Test
    void customerUpdatedRecordsTheOrganisationAndTheAddress() {
        deliver(customerUpdated("evt_1", T0, "cus_7", "acme", "billing@acme.example"));
        assertThat(f.store.customer("cus_7").orElseThrow().organizationId()).contains(ACME);
        assertThat(f.store.customer("cus_7").orElseThrow().email().value()).isEqualTo("billing@acme.example");
        assertThat(acme().customerId()).isEqualTo("cus_7");
    }

    @Test
    void aPriceThatIsNoPlanGrantsNothingAndIsReported() {
        deliver(subscriptionEvent("evt_1", "customer.subscription.created", T0, "sub_1", "cus_1", "active",
                "price_someone_elses", "acme"));
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.FREE);
        assertThat(acme().status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(f.events).contains(new BillingEvent.UnknownPrice("sub_1", "price_someone_elses"));
    }

    @Test
    void aPriceMarkedWithAKombifyLookupKeyStandsForItsPlan() {
        var sub = StripeFixtures.subscription("sub_1", "cus_1", "active", "price_new_team", "acme");
        ((tools.jackson.databind.node.ObjectNode) sub.get("items").get("data").get(0).get("price"))
                .put("lookup_key", "kombify_team");
        deliver(StripeFixtures.event("evt_1", "customer.subscription.created", T0, sub));
        assertThat(acme().effectivePlan()).isEqualTo(PlanId.TEAM);
    }
}
