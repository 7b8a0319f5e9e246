package io.kombify.billing.stripe;

import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.WebhookRejectedException;
import io.kombify.billing.spi.SubscriptionSnapshot;
import java.time.Instant;
import java.util.Map;

/** Turns stripe-java's objects into ours. */
final class StripeMapping {
    /** The metadata key that names the organisation on customers, sessions and subscriptions. */
    static final String ORG_METADATA = "kombify_org";
    /** The metadata key that names the plan on sessions and subscriptions (informative only). */
    static final String PLAN_METADATA = "kombify_plan";

    private StripeMapping() {
    }

    /**
     * The subscription as a snapshot.
     *
     * @throws WebhookRejectedException {@code WEBHOOK_PAYLOAD_INVALID} when it lacks an id, a
     *     customer or a known status
     */
    static SubscriptionSnapshot snapshot(Subscription s, StripePrices prices) {
        if (s.getId() == null || s.getCustomer() == null) {
            throw payload("the subscription has no id or no customer");
        }
        SubscriptionStatus status = SubscriptionStatus.fromStripe(s.getStatus())
                .orElseThrow(() -> payload("subscription " + s.getId() + " has the unknown status `" + s.getStatus()
                        + "`"));
        String priceId = null;
        String lookupKey = null;
        Instant periodEnd = null;
        if (s.getItems() != null && s.getItems().getData() != null && !s.getItems().getData().isEmpty()) {
            SubscriptionItem item = s.getItems().getData().get(0);
            Price price = item.getPrice();
            if (price != null) {
                priceId = price.getId();
                lookupKey = price.getLookupKey();
            }
            if (item.getCurrentPeriodEnd() != null) {
                periodEnd = Instant.ofEpochSecond(item.getCurrentPeriodEnd());
            }
        }
        PlanId plan = prices.planOf(priceId, lookupKey).orElse(null);
        return new SubscriptionSnapshot(s.getId(), s.getCustomer(), status, plan, priceId, periodEnd,
                Boolean.TRUE.equals(s.getCancelAtPeriodEnd()), organization(s.getMetadata()));
    }

    /** The organisation named by {@code kombify_org} in the metadata, if it is a valid id. */
    static OrganizationId organization(Map<String, String> metadata) {
        return metadata == null ? null : organization(metadata.get(ORG_METADATA));
    }

    /** {@code value} as an organisation id, or {@code null} when it is not one. */
    static OrganizationId organization(String value) {
        return OrganizationId.isValid(value) ? OrganizationId.of(value) : null;
    }

    static Instant seconds(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
    }

    static WebhookRejectedException payload(String problem) {
        return new WebhookRejectedException("WEBHOOK_PAYLOAD_INVALID", "the webhook's event cannot be read: " + problem,
                "check that the webhook endpoint in Stripe uses API version " + com.stripe.Stripe.API_VERSION);
    }
}
