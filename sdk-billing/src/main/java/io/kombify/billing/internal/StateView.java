package io.kombify.billing.internal;

import io.kombify.billing.BillingState;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.spi.CustomerRecord;
import io.kombify.billing.spi.ObservationKey;
import io.kombify.billing.spi.SubscriptionRecord;
import io.kombify.billing.spi.SubscriptionSnapshot;
import io.kombify.billing.spi.SubscriptionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Derives an organisation's {@link BillingState} from the records of its customers and their
 * subscriptions. A pure function of the records and the time, so the state does not depend on the
 * order in which the events behind the records arrived.
 */
public final class StateView {
    private final SubscriptionStore store;
    private final Duration pastDueGrace;

    public StateView(SubscriptionStore store, Duration pastDueGrace) {
        this.store = Objects.requireNonNull(store, "store");
        this.pastDueGrace = Objects.requireNonNull(pastDueGrace, "pastDueGrace");
    }

    /** The organisation's billing at {@code now}. */
    public BillingState read(OrganizationId org, Instant now) {
        List<CustomerRecord> customers = store.customersOf(org);
        Candidate best = null;
        boolean live = false;
        for (CustomerRecord customer : customers) {
            for (SubscriptionRecord sub : store.subscriptionsOf(customer.customerId())) {
                Candidate c = candidate(sub, now);
                if (c == null) {
                    continue;
                }
                live |= c.status.live();
                if (best == null || Candidate.ORDER.compare(c, best) > 0) {
                    best = c;
                }
            }
        }
        if (best == null) {
            return BillingState.free(org, newest(customers).map(CustomerRecord::customerId).orElse(null));
        }
        SubscriptionSnapshot snap = best.record.snapshot() == null ? null : best.record.snapshot().value();
        return new BillingState(org, best.record.customerId(), best.record.subscriptionId(),
                snap == null ? null : snap.plan(), best.status, best.effective,
                snap == null ? null : snap.currentPeriodEnd(), snap != null && snap.cancelAtPeriodEnd(),
                best.pastDueSince, best.pastDueSince == null ? null : best.pastDueSince.plus(pastDueGrace), live);
    }

    /**
     * The organisation's customer billing acts through: of its customers, the one most recently
     * linked to it.
     */
    public Optional<CustomerRecord> customerOf(OrganizationId org) {
        return newest(store.customersOf(org));
    }

    /**
     * The organisation's {@linkplain SubscriptionStatus#live() live} subscriptions (of all its
     * customers), the most recently observed first.
     */
    public List<SubscriptionRecord> liveSubscriptions(OrganizationId org) {
        List<SubscriptionRecord> live = new ArrayList<>();
        for (CustomerRecord customer : store.customersOf(org)) {
            for (SubscriptionRecord sub : store.subscriptionsOf(customer.customerId())) {
                if (sub.status().map(SubscriptionStatus::live).orElse(false)) {
                    live.add(sub);
                }
            }
        }
        live.sort(Comparator.comparing(SubscriptionRecord::newestKey, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        return live;
    }

    private static Optional<CustomerRecord> newest(List<CustomerRecord> customers) {
        return customers.stream()
                .filter(c -> c.organization() != null)
                .max(Comparator.comparing((CustomerRecord c) -> c.organization().key(), ObservationKey.LINK_ORDER));
    }

    private Candidate candidate(SubscriptionRecord sub, Instant now) {
        SubscriptionStatus status = sub.status().orElse(null);
        if (status == null) {
            return null;
        }
        PlanId plan = sub.snapshot() == null ? null : sub.snapshot().value().plan();
        Instant since = sub.pastDueSince().orElse(null);
        PlanId effective = PlanId.FREE;
        if (plan != null && status.grantsPlan()) {
            if (status != SubscriptionStatus.PAST_DUE) {
                effective = plan;
            } else if (since != null && now.isBefore(since.plus(pastDueGrace))) {
                effective = plan;
            }
        }
        return new Candidate(sub, status, effective, since, sub.newestKey());
    }

    private record Candidate(SubscriptionRecord record, SubscriptionStatus status, PlanId effective,
                             Instant pastDueSince, ObservationKey newest) {
        // The subscription that decides: the one granting the most, then one that has not ended,
        // then the most recently observed; the id breaks the last tie.
        static final Comparator<Candidate> ORDER = Comparator
                .comparing(Candidate::effective)
                .thenComparing(c -> !c.status.terminal())
                .thenComparing(Candidate::newest, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(c -> c.record.subscriptionId());
    }
}
