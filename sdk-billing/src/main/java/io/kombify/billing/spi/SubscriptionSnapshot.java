package io.kombify.billing.spi;

import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.SubscriptionStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscription as a gateway reports it at one moment.
 *
 * @param subscriptionId    the gateway's id, such as {@code sub_...}
 * @param customerId        the gateway's id of the customer, such as {@code cus_...}
 * @param status            its status
 * @param plan              the plan its price stands for, or {@code null} when the price is not one of ours
 * @param priceId           the gateway's id of the price, or {@code null}
 * @param currentPeriodEnd  when the paid period ends, or {@code null}
 * @param cancelAtPeriodEnd whether it ends at the end of the period
 * @param organization      the organisation named in its metadata ({@code kombify_org}), or {@code null}
 */
public record SubscriptionSnapshot(String subscriptionId, String customerId, SubscriptionStatus status, PlanId plan,
                                   String priceId, Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
                                   OrganizationId organization) {

    public SubscriptionSnapshot {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(status, "status");
    }

    /** The plan, empty when the price is not one of ours. */
    public Optional<PlanId> planId() {
        return Optional.ofNullable(plan);
    }
}
