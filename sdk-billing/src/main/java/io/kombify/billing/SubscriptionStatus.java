package io.kombify.billing;

import java.util.Locale;
import java.util.Optional;

/**
 * The states of a subscription, as Stripe names them. What each grants is decided by
 * {@link #grantsPlan()} and, for {@link #PAST_DUE}, by the grace period.
 */
public enum SubscriptionStatus {
    /** Created, its first payment not yet made. Grants nothing beyond Free. */
    INCOMPLETE(0, false),
    /** In its trial. Grants the plan. */
    TRIALING(1, false),
    /** Paid. Grants the plan. */
    ACTIVE(2, false),
    /** Paused at the end of a trial without a payment method. Grants nothing beyond Free. */
    PAUSED(3, false),
    /** A payment failed and is being retried. Grants the plan during the grace period. */
    PAST_DUE(4, false),
    /** Retries are exhausted and the invoice stays open. Grants nothing beyond Free. */
    UNPAID(5, false),
    /** The first payment was not made in time; final. */
    INCOMPLETE_EXPIRED(6, true),
    /** Ended; final. */
    CANCELED(7, true);

    private final int rank;
    private final boolean terminal;

    SubscriptionStatus(int rank, boolean terminal) {
        this.rank = rank;
        this.terminal = terminal;
    }

    /**
     * The order used to break a tie between two observations made in the same second: the later
     * step of a subscription's life ranks higher.
     */
    public int rank() {
        return rank;
    }

    /** Whether the subscription can never leave this state. */
    public boolean terminal() {
        return terminal;
    }

    /** Whether the subscribed plan's entitlements apply (for {@link #PAST_DUE} only within the grace period). */
    public boolean grantsPlan() {
        return this == TRIALING || this == ACTIVE || this == PAST_DUE;
    }

    /**
     * Whether a subscription in this status lives on at the gateway, which may charge it again:
     * every status but {@link #INCOMPLETE} (no first payment, expires by itself within a day) and
     * the final ones. A past-due subscription is live after its grace period too (the gateway
     * still retries the payment), as are unpaid and paused ones.
     */
    public boolean live() {
        return !terminal && this != INCOMPLETE;
    }

    /**
     * Whether a failed payment makes a subscription in this status past due: only one that was
     * trialing, active or already past due. An incomplete one stays incomplete, an unpaid one
     * unpaid, a paused one paused.
     */
    public boolean becomesPastDueOnFailedPayment() {
        return this == TRIALING || this == ACTIVE || this == PAST_DUE;
    }

    /**
     * Whether a subscription in this status is behind with its payments (past due or unpaid). The
     * grace period counts from the first such observation since the subscription last was not.
     */
    public boolean delinquent() {
        return this == PAST_DUE || this == UNPAID;
    }

    /** Stripe's name, such as {@code past_due}. */
    public String stripeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status Stripe calls {@code name}. */
    public static Optional<SubscriptionStatus> fromStripe(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (SubscriptionStatus s : values()) {
            if (s.stripeName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
