package io.kombify.billing.stripe;

import io.kombify.billing.BillingEvent;
import io.kombify.billing.BillingService;
import io.kombify.billing.PlanId;
import io.kombify.billing.dev.InMemoryProcessedEventStore;
import io.kombify.billing.dev.InMemorySubscriptionStore;
import io.kombify.billing.testing.TestClock;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A billing service that verifies webhooks with {@link StripeWebhookVerifier} under the secret
 * {@code whsec_test_secret}, on in-memory stores and a clock the test moves; events are built from
 * Stripe's fixtures and signed by Stripe's documented scheme.
 */
final class WebhookFixture {
    static final String SECRET = "whsec_test_secret";
    static final long T0 = 1_700_000_000L;
    static final StripePrices PRICES = StripePrices.of(Map.of(
            PlanId.PRO, List.of("price_pro_monthly", "price_pro_yearly"), PlanId.TEAM, List.of("price_team")));

    final TestClock clock = new TestClock(Instant.ofEpochSecond(T0));
    final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
    final InMemoryProcessedEventStore processed = new InMemoryProcessedEventStore();
    final List<BillingEvent> events = new CopyOnWriteArrayList<>();
    final BillingService billing;

    WebhookFixture() {
        billing = BillingService.builder()
                .gateway(io.kombify.billing.dev.DevelopmentGateway.create())
                .webhookVerifier(StripeWebhookVerifier.create(Secret.of(new SecretRef("webhook"), SECRET),
                        Duration.ofSeconds(300), PRICES))
                .subscriptionStore(store)
                .processedEventStore(processed)
                .clock(clock)
                .listener(events::add)
                .build();
    }

    /** Signs {@code body} at the clock's current second. */
    String sign(String body) {
        return Signatures.header(SECRET, clock.instant().getEpochSecond(), body);
    }

    static String subscriptionEvent(String eventId, String type, long created, String sub, String customer,
                                    String status, String price, String org) {
        return StripeFixtures.event(eventId, type, created,
                StripeFixtures.subscription(sub, customer, status, price, org));
    }

    static String invoiceEvent(String eventId, String type, long created, String invoice, String customer, String sub) {
        return StripeFixtures.event(eventId, type, created,
                StripeFixtures.invoice(invoice, customer, sub, type.equals("invoice.paid") ? "paid" : "open"));
    }

    static String checkoutCompleted(String eventId, long created, String session, String customer, String sub,
                                    String org) {
        var s = StripeFixtures.of("checkout.session");
        s.put("id", session);
        s.put("customer", customer);
        s.put("subscription", sub);
        s.put("mode", "subscription");
        s.put("status", "complete");
        s.put("client_reference_id", org);
        return StripeFixtures.event(eventId, "checkout.session.completed", created, s);
    }

    static String customerUpdated(String eventId, long created, String customer, String org, String email) {
        var c = StripeFixtures.of("customer");
        c.put("id", customer);
        c.put("email", email);
        c.putNull("discount");
        if (org != null) {
            c.putObject("metadata").put("kombify_org", org);
        }
        return StripeFixtures.event(eventId, "customer.updated", created, c);
    }
}
