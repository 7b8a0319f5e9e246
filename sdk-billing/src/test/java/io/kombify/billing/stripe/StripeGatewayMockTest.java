package io.kombify.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.Stripe;
import io.kombify.billing.BillingEvent;
import io.kombify.billing.BillingException;
import io.kombify.billing.BillingService;
import io.kombify.billing.CheckoutSession;
import io.kombify.billing.Invoice;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.PortalSession;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.dev.InMemoryProcessedEventStore;
import io.kombify.billing.dev.InMemorySubscriptionStore;
import io.kombify.billing.spi.SubscriptionSnapshot;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Stripe gateway against a fake of Stripe's API on 127.0.0.1, answering with Stripe's fixtures. */
class StripeGatewayMockTest {
    private static final String API_KEY = "sk_test_CANARY4e6f2a9b1c";
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final String SUCCESS = "https://app.example.org/billing/done?session={CHECKOUT_SESSION_ID}";
    private static final String CANCEL = "https://app.example.org/billing";

    private final StripeFake fake = start();
    private final List<BillingEvent> events = new CopyOnWriteArrayList<>();
    private final StripeGateway gateway = StripeGateway.create(StripeSettings.of(
                    Secret.of(new SecretRef("stripe-api-key"), API_KEY), WebhookFixture.PRICES)
            .withApiBase(fake.apiBase()).withMaxNetworkRetries(1));
    private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
    private final BillingService billing = BillingService.builder()
            .gateway(gateway)
            .subscriptionStore(store)
            .processedEventStore(new InMemoryProcessedEventStore())
            .listener(events::add)
            .build();

    private static StripeFake start() {
        try {
            return StripeFake.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aCheckoutCreatesTheCustomerAndASubscriptionSessionForThePlansPrice() {
        CheckoutSession session = billing.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL);

        assertThat(session.id()).startsWith("cs_test_fake_");
        assertThat(session.url()).isEqualTo(URI.create("https://checkout.stripe.com/c/pay/" + session.id()));
        assertThat(session.expiresAt()).isNotNull();

        List<StripeFake.Request> posts = fake.posts();
        assertThat(posts).extracting(StripeFake.Request::path)
                .containsExactly("/v1/customers", "/v1/checkout/sessions");
        assertThat(posts.get(0).params()).containsEntry("metadata[kombify_org]", "acme");
        Map<String, String> checkout = posts.get(1).params();
        assertThat(checkout)
                .containsEntry("mode", "subscription")
                .containsEntry("customer", billing.ensureCustomer(ACME).id())
                .containsEntry("client_reference_id", "acme")
                .containsEntry("line_items[0][price]", "price_pro_monthly")
                .containsEntry("line_items[0][quantity]", "1")
                .containsEntry("success_url", SUCCESS)
                .containsEntry("cancel_url", CANCEL)
                .containsEntry("metadata[kombify_org]", "acme")
                .containsEntry("subscription_data[metadata][kombify_org]", "acme")
                .containsEntry("subscription_data[metadata][kombify_plan]", "pro");
        assertThat(fake.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + API_KEY));
    }

    @Test
    void everyPostCarriesAnIdempotencyKeyAndARetriedCheckoutTheSameOne() {
        CheckoutSession first = billing.startCheckout(ACME, PlanId.TEAM, SUCCESS, CANCEL);
        CheckoutSession retried = billing.startCheckout(ACME, PlanId.TEAM, SUCCESS, CANCEL);
        billing.openPortal(ACME, URI.create(CANCEL));

        assertThat(retried.id()).isEqualTo(first.id());
        List<StripeFake.Request> posts = fake.posts();
        assertThat(posts).isNotEmpty().allSatisfy(p -> assertThat(p.header("Idempotency-Key")).startsWith("kombify-"));
        List<String> checkoutKeys = posts.stream().filter(p -> p.path().equals("/v1/checkout/sessions"))
                .map(p -> p.header("Idempotency-Key")).toList();
        assertThat(checkoutKeys).hasSize(2).containsOnly(checkoutKeys.get(0));
        // the customer was created once and found in the store the second time
        assertThat(posts).filteredOn(p -> p.path().equals("/v1/customers")).hasSize(1);
    }

    @Test
    void stripeJavasOwnRetryAfterAServerErrorReusesTheKey() {
        fake.failNext(500, "api_error", null, "An unknown error occurred");
        gateway.createCustomer(new io.kombify.billing.spi.CustomerRequest(ACME, "billing@acme.example", "ACME", "key-7"));

        List<StripeFake.Request> posts = fake.posts();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).header("Idempotency-Key")).isEqualTo(posts.get(0).header("Idempotency-Key"))
                .isEqualTo("key-7");
    }

    @Test
    void aKeyReusedWithOtherParametersIsAConflictNotTheFirstAnswer() {
        var request = new io.kombify.billing.spi.CustomerRequest(ACME, "billing@acme.example", "ACME", "key-8");
        String first = gateway.createCustomer(request).customer().id();
        assertThat(gateway.createCustomer(request).customer().id()).isEqualTo(first);

        assertThatThrownBy(() -> gateway.createCustomer(
                new io.kombify.billing.spi.CustomerRequest(ACME, "finance@acme.example", "ACME", "key-8")))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_IDEMPOTENCY_CONFLICT");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("HTTP 400");
                });
        assertThat(fake.posts()).filteredOn(p -> p.path().equals("/v1/customers")).hasSize(3);
    }

    @Test
    void anExistingCustomerIsFoundByItsMetadataInsteadOfCreatedAgain() {
        StripeGateway other = StripeGateway.create(gateway.settings());
        String existing = other.createCustomer(new io.kombify.billing.spi.CustomerRequest(ACME, null, null, "k")).customer().id();

        assertThat(billing.ensureCustomer(ACME).id()).isEqualTo(existing);
        assertThat(fake.posts()).hasSize(1);
        assertThat(fake.requests()).anySatisfy(r -> assertThat(r.params().get("query"))
                .isEqualTo("metadata['kombify_org']:'acme'"));
    }

    @Test
    void theCurrentSubscriptionIsTheLiveOneAndInvoicesComeNewestFirst() {
        String customer = billing.ensureCustomer(ACME).id();
        fake.addSubscription(StripeFixtures.subscription("sub_old", customer, "canceled", "price_pro_monthly", "acme"), 100);
        fake.addSubscription(StripeFixtures.subscription("sub_now", customer, "past_due", "price_team", "acme"), 200);
        fake.addInvoice(StripeFixtures.invoice("in_1", customer, "sub_now", "paid"), 100);
        fake.addInvoice(StripeFixtures.invoice("in_2", customer, "sub_now", "open"), 300);

        SubscriptionSnapshot current = billing.currentSubscription(ACME).orElseThrow();
        assertThat(current.subscriptionId()).isEqualTo("sub_now");
        assertThat(current.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(current.plan()).isEqualTo(PlanId.TEAM);
        assertThat(current.organization()).isEqualTo(ACME);

        List<Invoice> invoices = billing.invoices(ACME, 10);
        assertThat(invoices).extracting(Invoice::id).containsExactly("in_2", "in_1");
        assertThat(invoices.get(0).amountDue()).isEqualTo(1000);
        assertThat(fake.requests()).anySatisfy(r -> assertThat(r.params()).containsEntry("status", "all"));
    }

    @Test
    void theCustomerPortalOpensForTheOrganisationsCustomer() {
        String customer = billing.ensureCustomer(ACME).id();
        PortalSession portal = billing.openPortal(ACME, URI.create("https://app.example.org/settings"));

        assertThat(portal.url().toString()).startsWith("https://billing.stripe.com/p/session/");
        StripeFake.Request post = fake.posts().get(fake.posts().size() - 1);
        assertThat(post.path()).isEqualTo("/v1/billing_portal/sessions");
        assertThat(post.params()).containsEntry("customer", customer)
                .containsEntry("return_url", "https://app.example.org/settings");
    }

    @Test
    void stripesErrorsBecomeBillingExceptionsThatKeepTheRequestId() {
        fake.failNext(402, "card_error", "card_declined", "Your card was declined.");
        assertThatThrownBy(() -> billing.ensureCustomer(ACME))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_CARD_DECLINED");
                    assertThat(e.getMessage()).contains("Your card was declined.").contains("HTTP 402")
                            .contains("insufficient_funds");
                    assertThat(e.stripeRequestId()).contains("req_fake_1");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getCause()).isNull();
                });

        fake.failNext(429, "invalid_request_error", "rate_limit", "Too many requests");
        assertThatThrownBy(() -> billing.ensureCustomer(ACME))
                .hasFieldOrPropertyWithValue("code", "BILLING_RATE_LIMITED")
                .hasFieldOrPropertyWithValue("retryable", true);

        billing.ensureCustomer(ACME);
        fake.failNext(400, "invalid_request_error", "resource_missing", "No such price: 'price_pro_monthly'");
        assertThatThrownBy(() -> billing.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_NOT_FOUND");
                    assertThat(e.stripeRequestId()).isPresent();
                });

        fake.failNext(400, "invalid_request_error", "parameter_invalid_string", "Invalid URL");
        assertThatThrownBy(() -> billing.openPortal(ACME, URI.create("https://app.example.org/x")))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_INVALID_REQUEST");
                    assertThat(e.hint()).contains("kombify.billing.stripe.price");
                });

        fake.failNext(403, "invalid_request_error", null, "The provided key does not have the required permissions");
        assertThatThrownBy(() -> billing.invoices(ACME, 5)).hasFieldOrPropertyWithValue("code", "BILLING_PERMISSION");
    }

    @Test
    void theApiKeyNeverAppearsInAMessageAHintOrAToString() {
        fake.failNext(401, "invalid_request_error", null, "Invalid API Key provided: " + API_KEY);
        BillingException e = org.junit.jupiter.api.Assertions.assertThrows(BillingException.class,
                () -> billing.ensureCustomer(ACME));

        assertThat(e.code()).isEqualTo("BILLING_AUTHENTICATION");
        assertThat(e.getMessage()).contains("[redacted]");
        assertThat(List.of(e.getMessage(), e.hint(), e.toString(), gateway.toString(), gateway.settings().toString(),
                billing.toString(), events.toString())).noneMatch(s -> s.contains("CANARY"));
    }

    @Test
    void anUnreachableStripeIsAvailabilityNotAClientError() {
        StripeGateway down = StripeGateway.create(gateway.settings().withApiBase(URI.create("http://127.0.0.1:9"))
                .withMaxNetworkRetries(0));
        assertThatThrownBy(() -> down.findCustomer(ACME))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_UNAVAILABLE");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.hint()).contains("127.0.0.1:9");
                    assertThat(e.getMessage()).doesNotContain("CANARY");
                });
    }

    @Test
    void gatewaysKeepStripeJavasGlobalSettingsUntouched() {
        String apiBase = Stripe.getApiBase();
        String apiKey = Stripe.apiKey;
        StripeGateway another = StripeGateway.create(gateway.settings().withApiBase(URI.create("http://127.0.0.1:1")));
        billing.ensureCustomer(ACME);

        assertThat(Stripe.getApiBase()).isEqualTo(apiBase).isEqualTo(Stripe.LIVE_API_BASE);
        assertThat(Stripe.apiKey).isEqualTo(apiKey).isNull();
        assertThat(another.settings().apiBase()).isNotEqualTo(gateway.settings().apiBase());
        assertThat(fake.requests()).isNotEmpty();
    }

    @Test
    void aPlanWithoutAPriceCannotBeCheckedOut() {
        StripeGateway noPrices = StripeGateway.create(StripeSettings.of(
                Secret.of(new SecretRef("k"), API_KEY), StripePrices.none()).withApiBase(fake.apiBase()));
        BillingService b = BillingService.builder().gateway(noPrices).subscriptionStore(new InMemorySubscriptionStore())
                .processedEventStore(new InMemoryProcessedEventStore()).build();
        assertThatThrownBy(() -> b.startCheckout(ACME, PlanId.PRO, SUCCESS, CANCEL))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo("BILLING_PLAN_NOT_PURCHASABLE");
                    assertThat(e.hint()).contains("kombify.billing.stripe.price.pro");
                });
        assertThat(fake.posts()).extracting(StripeFake.Request::path).doesNotContain("/v1/checkout/sessions");
    }
}
