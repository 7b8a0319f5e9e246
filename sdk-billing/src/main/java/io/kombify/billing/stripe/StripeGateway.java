package io.kombify.billing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeSearchResult;
import com.stripe.model.Subscription;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.SubscriptionListParams;
import io.kombify.billing.BillingException;
import io.kombify.billing.CheckoutSession;
import io.kombify.billing.Customer;
import io.kombify.billing.Invoice;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PortalSession;
import io.kombify.billing.spi.BillingGateway;
import io.kombify.billing.spi.CheckoutRequest;
import io.kombify.billing.spi.CreatedCustomer;
import io.kombify.billing.spi.CustomerRequest;
import io.kombify.billing.spi.SubscriptionSnapshot;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link BillingGateway} of Stripe, through stripe-java's {@link StripeClient}. Each gateway has
 * its own client (its own API key, address, retries and timeouts); stripe-java's global settings
 * ({@code Stripe.apiKey}, {@code Stripe.overrideApiBase}) are never touched, so several gateways
 * (live and test mode, or a fake in tests) work side by side.
 *
 * <ul>
 *   <li>A customer per organisation: created with {@code metadata[kombify_org]}, found again by
 *       Stripe's customer search on that metadata.</li>
 *   <li>Checkout: a {@code subscription} mode session for the plan's price, with the organisation
 *       as {@code client_reference_id} and in the metadata of the session and the subscription.</li>
 *   <li>Every POST carries the idempotency key billing derived; stripe-java's own retries reuse it.</li>
 *   <li>Stripe's errors become {@link BillingException}s that keep Stripe's request id; the API key
 *       never appears in a message or in {@link #toString()}.</li>
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class StripeGateway implements BillingGateway {
    private final StripeSettings settings;
    private final StripeClient client;
    private final char[] apiKey;

    private StripeGateway(StripeSettings settings) {
        this.settings = settings;
        this.apiKey = settings.apiKey().reveal();
        String base = settings.apiBase().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        int timeout = (int) settings.timeout().toMillis();
        this.client = StripeClient.builder()
                .setApiKey(new String(apiKey))
                .setApiBase(base)
                .setMaxNetworkRetries(settings.maxNetworkRetries())
                .setConnectTimeout(timeout)
                .setReadTimeout(timeout)
                .build();
    }

    /** A gateway with these settings. */
    public static StripeGateway create(StripeSettings settings) {
        return new StripeGateway(Objects.requireNonNull(settings, "settings"));
    }

    @Override
    public String name() {
        return "stripe";
    }

    /** The settings, without the key. */
    public StripeSettings settings() {
        return settings;
    }

    @Override
    public Optional<Customer> findCustomer(OrganizationId organization) {
        CustomerSearchParams params = CustomerSearchParams.builder()
                .setQuery("metadata['" + StripeMapping.ORG_METADATA + "']:'" + organization.value() + "'")
                .build();
        StripeSearchResult<com.stripe.model.Customer> result = call("search for the organisation's customer",
                () -> client.customers().search(params));
        return result.getData().stream()
                .filter(c -> organization.equals(StripeMapping.organization(c.getMetadata())))
                .filter(c -> !Boolean.TRUE.equals(c.getDeleted()))
                .min(Comparator.comparing((com.stripe.model.Customer c) -> c.getCreated() == null ? 0L : c.getCreated())
                        .thenComparing(com.stripe.model.Customer::getId))
                .map(c -> customer(c, organization));
    }

    @Override
    public CreatedCustomer createCustomer(CustomerRequest request) {
        CustomerCreateParams.Builder params = CustomerCreateParams.builder()
                .putMetadata(StripeMapping.ORG_METADATA, request.organization().value());
        if (request.email() != null) {
            params.setEmail(request.email());
        }
        if (request.name() != null) {
            params.setName(request.name());
        }
        com.stripe.model.Customer c = call("create the organisation's customer",
                () -> client.customers().create(params.build(), options(request.idempotencyKey())));
        // Stripe marks an answer it replayed for a known idempotency key (also when stripe-java
        // retried a request whose first answer was lost).
        boolean replayed = c.getLastResponse() != null && c.getLastResponse().headers() != null
                && c.getLastResponse().headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase)
                .orElse(false);
        return new CreatedCustomer(customer(c, request.organization()), replayed);
    }

    @Override
    public CheckoutSession createCheckoutSession(CheckoutRequest request) {
        String price = settings.prices().checkoutPrice(request.plan()).orElseThrow(() -> new BillingException(
                "BILLING_PLAN_NOT_PURCHASABLE", "the " + request.plan().key() + " plan has no Stripe price",
                "set kombify.billing.stripe.price." + request.plan().key() + " to the id of its price (price_...)"));
        String org = request.organization().value();
        com.stripe.param.checkout.SessionCreateParams params = com.stripe.param.checkout.SessionCreateParams.builder()
                .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(request.customerId())
                .setClientReferenceId(org)
                .setSuccessUrl(request.successUrl())
                .setCancelUrl(request.cancelUrl())
                .addLineItem(com.stripe.param.checkout.SessionCreateParams.LineItem.builder()
                        .setPrice(price).setQuantity(1L).build())
                .putMetadata(StripeMapping.ORG_METADATA, org)
                .putMetadata(StripeMapping.PLAN_METADATA, request.plan().key())
                .setSubscriptionData(com.stripe.param.checkout.SessionCreateParams.SubscriptionData.builder()
                        .putMetadata(StripeMapping.ORG_METADATA, org)
                        .putMetadata(StripeMapping.PLAN_METADATA, request.plan().key())
                        .build())
                .build();
        com.stripe.model.checkout.Session s = call("create the checkout session",
                () -> client.checkout().sessions().create(params, options(request.idempotencyKey())));
        if (s.getId() == null || s.getUrl() == null) {
            throw new BillingException("BILLING_UNAVAILABLE", "Stripe answered the checkout session without a URL",
                    "the request may be retried safely", s.getLastResponse() == null ? null
                            : s.getLastResponse().requestId(), true, null);
        }
        return new CheckoutSession(s.getId(), URI.create(s.getUrl()), request.plan(),
                StripeMapping.seconds(s.getExpiresAt()));
    }

    @Override
    public PortalSession createPortalSession(String customerId, URI returnUrl, String idempotencyKey) {
        com.stripe.param.billingportal.SessionCreateParams params =
                com.stripe.param.billingportal.SessionCreateParams.builder()
                        .setCustomer(customerId)
                        .setReturnUrl(returnUrl.toString())
                        .build();
        com.stripe.model.billingportal.Session s = call("create the customer portal session",
                () -> client.billingPortal().sessions().create(params, options(idempotencyKey)));
        return new PortalSession(s.getId(), URI.create(s.getUrl()));
    }

    @Override
    public Optional<SubscriptionSnapshot> currentSubscription(String customerId) {
        SubscriptionListParams params = SubscriptionListParams.builder()
                .setCustomer(customerId)
                .setStatus(SubscriptionListParams.Status.ALL)
                .setLimit(20L)
                .build();
        StripeCollection<Subscription> subs = call("list the customer's subscriptions",
                () -> client.subscriptions().list(params));
        List<SubscriptionSnapshot> snapshots = new ArrayList<>();
        List<Long> created = new ArrayList<>();
        for (Subscription s : subs.getData()) {
            try {
                snapshots.add(StripeMapping.snapshot(s, settings.prices()));
                created.add(s.getCreated() == null ? 0L : s.getCreated());
            } catch (BillingException e) {
                // a subscription of an unknown status is not ours to judge; skip it
            }
        }
        int best = -1;
        for (int i = 0; i < snapshots.size(); i++) {
            if (best < 0 || better(snapshots.get(i), created.get(i), snapshots.get(best), created.get(best))) {
                best = i;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(snapshots.get(best));
    }

    /** A live one beats one that is not; then the newer. */
    private static boolean better(SubscriptionSnapshot a, long aCreated, SubscriptionSnapshot b, long bCreated) {
        boolean aLive = a.status().live();
        boolean bLive = b.status().live();
        if (aLive != bLive) {
            return aLive;
        }
        return aCreated > bCreated;
    }

    @Override
    public List<Invoice> invoices(String customerId, int limit) {
        BillingGateway.checkInvoiceLimit(limit);
        InvoiceListParams params = InvoiceListParams.builder().setCustomer(customerId).setLimit((long) limit).build();
        StripeCollection<com.stripe.model.Invoice> list = call("list the customer's invoices",
                () -> client.invoices().list(params));
        List<Invoice> result = new ArrayList<>();
        for (com.stripe.model.Invoice i : list.getData()) {
            result.add(new Invoice(i.getId(), i.getNumber(), i.getStatus() == null ? "draft" : i.getStatus(),
                    i.getAmountDue() == null ? 0 : i.getAmountDue(), i.getAmountPaid() == null ? 0 : i.getAmountPaid(),
                    i.getCurrency() == null ? "usd" : i.getCurrency(),
                    i.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(i.getCreated()),
                    i.getHostedInvoiceUrl() == null ? null : URI.create(i.getHostedInvoiceUrl())));
        }
        result.sort(Comparator.comparing(Invoice::created).reversed());
        return result;
    }

    private static Customer customer(com.stripe.model.Customer c, OrganizationId organization) {
        return new Customer(c.getId(), organization, c.getEmail(),
                c.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(c.getCreated()));
    }

    private static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T call() throws StripeException;
    }

    private <T> T call(String action, StripeCall<T> call) {
        try {
            return call.call();
        } catch (StripeException e) {
            throw StripeErrors.map(e, action, settings, apiKey);
        } catch (BillingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StripeErrors.unreadable(e, action, apiKey);
        }
    }

    @Override
    public String toString() {
        return "StripeGateway[" + settings.apiBase() + "]";
    }
}
