package io.kombify.billing.spi;

import io.kombify.billing.SubscriptionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What billing knows about one subscription, kept by a {@link SubscriptionStore}. The record is a
 * merge of observations, never an overwrite: {@link #withSnapshot} and {@link #withInvoice} keep
 * the newer observation by {@link ObservationKey}, so applying the same events in any order, each
 * any number of times, gives an equal record.
 *
 * <p>Three things are kept: the newest full snapshot of the subscription; the newest thing an
 * invoice said about it (paid or failed); and the recent history of whether it was delinquent,
 * pruned to the observations since it last was not, which is what the start of the current
 * past-due period needs.
 *
 * @param subscriptionId the gateway's subscription id
 * @param customerId     the gateway's customer id, or {@code null} before an observation named it
 * @param snapshot       the newest snapshot, or {@code null} when only invoices were seen
 * @param invoice        the newest invoice outcome ({@code true} = paid), or {@code null}
 * @param delinquency    observations since the last one that was not delinquent, oldest first
 */
public record SubscriptionRecord(String subscriptionId, String customerId, Observed<SubscriptionSnapshot> snapshot,
                                 Observed<Boolean> invoice, List<Mark> delinquency) {

    /**
     * One observation in the delinquency history.
     *
     * @param key        when
     * @param delinquent whether it said the subscription was behind with its payments (a past-due
     *                   or unpaid snapshot, or a failed payment)
     */
    public record Mark(ObservationKey key, boolean delinquent) {
        public Mark {
            Objects.requireNonNull(key, "key");
        }
    }

    public SubscriptionRecord {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        delinquency = delinquency == null ? List.of() : List.copyOf(delinquency);
    }

    /** A subscription nothing is known about yet. */
    public static SubscriptionRecord empty(String subscriptionId) {
        return new SubscriptionRecord(subscriptionId, null, null, null, List.of());
    }

    /** This record merged with a snapshot observed at {@code key}. */
    public SubscriptionRecord withSnapshot(SubscriptionSnapshot value, ObservationKey key) {
        if (!value.subscriptionId().equals(subscriptionId)) {
            throw new IllegalArgumentException("snapshot of " + value.subscriptionId() + " merged into " + subscriptionId);
        }
        Observed<SubscriptionSnapshot> newer = Observed.newer(snapshot, new Observed<>(value, key));
        return new SubscriptionRecord(subscriptionId, newer.value().customerId(), newer, invoice,
                mark(new Mark(key, value.status().delinquent())));
    }

    /** This record merged with an invoice of it that was paid or whose payment failed, observed at {@code key}. */
    public SubscriptionRecord withInvoice(String invoiceCustomerId, boolean paid, ObservationKey key) {
        Observed<Boolean> newer = Observed.newer(invoice, new Observed<>(paid, key));
        String customer = customerId != null ? customerId : invoiceCustomerId;
        return new SubscriptionRecord(subscriptionId, customer, snapshot, newer, mark(new Mark(key, !paid)));
    }

    private List<Mark> mark(Mark mark) {
        List<Mark> marks = new ArrayList<>(delinquency.size() + 1);
        boolean present = false;
        for (Mark m : delinquency) {
            present |= m.key().equals(mark.key());
            marks.add(m);
        }
        if (!present) {
            marks.add(mark);
        }
        marks.sort(Comparator.comparing(Mark::key));
        // Only the observations from the newest one that was not delinquent onwards matter.
        int lastClean = -1;
        for (int i = 0; i < marks.size(); i++) {
            if (!marks.get(i).delinquent()) {
                lastClean = i;
            }
        }
        return lastClean <= 0 ? marks : List.copyOf(marks.subList(lastClean, marks.size()));
    }

    /**
     * The status: that of the newest snapshot, unless an invoice observed later says otherwise. A
     * failed payment makes a trialing or active subscription past due, and leaves every other
     * status as it is (an incomplete subscription whose first payment failed stays incomplete, an
     * unpaid one unpaid); a paid invoice ends past due, unpaid and incomplete. Final states are
     * never left. Before any snapshot, what the newest invoice implies (past due or active). Empty
     * before any observation.
     */
    public Optional<SubscriptionStatus> status() {
        SubscriptionStatus base = snapshot == null ? null : snapshot.value().status();
        if (base != null && base.terminal()) {
            return Optional.of(base);
        }
        if (invoice != null && (snapshot == null || invoice.key().newerThan(snapshot.key()))) {
            if (!invoice.value()) {
                return Optional.of(base == null || base.becomesPastDueOnFailedPayment()
                        ? SubscriptionStatus.PAST_DUE : base);
            }
            if (base == null || base == SubscriptionStatus.PAST_DUE || base == SubscriptionStatus.UNPAID
                    || base == SubscriptionStatus.INCOMPLETE) {
                return Optional.of(SubscriptionStatus.ACTIVE);
            }
        }
        return Optional.ofNullable(base);
    }

    /**
     * When the current past-due period began: the first of the delinquent observations (past due,
     * unpaid, failed payments) since the subscription last was not delinquent, so neither a retry
     * that fails again nor a detour through unpaid starts a new grace period. Empty unless
     * {@link #status()} is past due.
     */
    public Optional<Instant> pastDueSince() {
        if (status().orElse(null) != SubscriptionStatus.PAST_DUE) {
            return Optional.empty();
        }
        return delinquency.stream().filter(Mark::delinquent).map(m -> m.key().created()).findFirst();
    }

    /** The key of the newest observation of any kind, or {@code null}. */
    public ObservationKey newestKey() {
        ObservationKey a = snapshot == null ? null : snapshot.key();
        ObservationKey b = invoice == null ? null : invoice.key();
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }
}
