package io.kombify.billing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An organisation's billing as of one moment: its subscription (if any), and the plan whose
 * entitlements apply, which is the subscribed plan only while the subscription is trialing or
 * active, or past due within the grace period; otherwise Free.
 *
 * @param organization      the organisation
 * @param customerId        its customer at the gateway, or {@code null}
 * @param subscriptionId    the subscription that decides its plan, or {@code null}
 * @param subscribedPlan    that subscription's plan, or {@code null} (no subscription, or a price that is not one of ours)
 * @param status            that subscription's status, or {@code null}
 * @param effectivePlan     the plan whose entitlements apply now
 * @param currentPeriodEnd  when the paid period ends, or {@code null}
 * @param cancelAtPeriodEnd whether the subscription ends with the period
 * @param pastDueSince      when the current past-due period began, or {@code null}
 * @param graceEndsAt       when the plan's entitlements end unless the payment succeeds, or {@code null}
 * @param hasLiveSubscription whether any subscription of the organisation (of any of its customers,
 *                          not only the one that decides) is {@linkplain SubscriptionStatus#live() live},
 *                          so that the gateway may charge it again and a new checkout would charge twice
 */
public record BillingState(OrganizationId organization, String customerId, String subscriptionId,
                           PlanId subscribedPlan, SubscriptionStatus status, PlanId effectivePlan,
                           Instant currentPeriodEnd, boolean cancelAtPeriodEnd, Instant pastDueSince,
                           Instant graceEndsAt, boolean hasLiveSubscription) {

    public BillingState {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(effectivePlan, "effectivePlan");
    }

    /** An organisation without a subscription: Free. */
    public static BillingState free(OrganizationId organization, String customerId) {
        return new BillingState(organization, customerId, null, null, null, PlanId.FREE, null, false, null, null, false);
    }

    /** The subscription's status, if there is one. */
    public Optional<SubscriptionStatus> subscriptionStatus() {
        return Optional.ofNullable(status);
    }

    /** The subscribed plan, if there is a subscription to one of ours. */
    public Optional<PlanId> subscribed() {
        return Optional.ofNullable(subscribedPlan);
    }
}
