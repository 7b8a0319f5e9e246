package io.kombify.billing.spi;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where an observation stands in a subscription's history, so that the newest observation wins
 * whatever order events were delivered in. Keys compare by, in this order:
 * <ol>
 *   <li>{@code terminal}: an observation of a subscription's final state (canceled,
 *       incomplete_expired) is newer than any other of that subscription, because a subscription
 *       never leaves a final state. Only a subscription's own status may set it: the organisation
 *       a customer belongs to is not final when a subscription of it ends, so the keys of customer
 *       observations (even those taken from a deleted subscription's metadata) never set it;</li>
 *   <li>{@code created}: when the gateway created the event (Stripe's {@code created}, seconds);</li>
 *   <li>{@code source}: at the same second, a full snapshot of the subscription ranks above what an
 *       invoice implies;</li>
 *   <li>{@code rank}: at the same second and source, the later step of a subscription's life
 *       ({@link io.kombify.billing.SubscriptionStatus#rank()});</li>
 *   <li>{@code eventId}: the last tie-breaker, so that two different events never compare equal.</li>
 * </ol>
 *
 * <p>The last rule decides arbitrarily (though the same way whatever the order of delivery) between
 * two observations of the same status in the same second, such as two plan changes made within one
 * second: the state may then show the earlier change until the subscription's next event, which
 * carries a full snapshot and settles it. Stripe's events say nothing finer than the second, and
 * our own clock never orders them; a caller that must know at once can ask the gateway
 * ({@code BillingService.currentSubscription}).
 *
 * @param terminal whether the observed state is final
 * @param created  when the event was created
 * <p>Which organisation a customer belongs to is ordered by {@link #LINK_ORDER} instead: what the
 * customer itself says outranks what a subscription's metadata says about it, whatever their times.
 *
 * @param source   {@link #SOURCE_METADATA}, {@link #SOURCE_INVOICE}, {@link #SOURCE_SNAPSHOT} or
 *                 {@link #SOURCE_DIRECT}
 * @param rank     the observed status's rank
 * @param eventId  the event's id
 */
public record ObservationKey(boolean terminal, Instant created, int source, int rank, String eventId)
        implements Comparable<ObservationKey> {

    /**
     * What another object's metadata says about this one: a subscription's {@code kombify_org}
     * about its customer's organisation.
     */
    public static final int SOURCE_METADATA = -1;
    /** What an invoice event implies about its subscription. */
    public static final int SOURCE_INVOICE = 0;
    /** A snapshot of the object itself, as an event carries it. */
    public static final int SOURCE_SNAPSHOT = 1;
    /** The answer of a direct call to the gateway, such as the customer it just created. */
    public static final int SOURCE_DIRECT = 2;

    private static final Comparator<ObservationKey> ORDER = Comparator
            .comparing(ObservationKey::terminal)
            .thenComparing(ObservationKey::created)
            .thenComparingInt(ObservationKey::source)
            .thenComparingInt(ObservationKey::rank)
            .thenComparing(ObservationKey::eventId);

    /**
     * The order of observations of a customer's organisation: an observation of the customer
     * itself (its creation, {@code customer.updated}, a checkout's {@code client_reference_id})
     * outranks one taken from a subscription's metadata ({@link #SOURCE_METADATA}) whatever their
     * times, then the {@linkplain #compareTo natural order} decides. A subscription keeps the
     * metadata it was created with and repeats it on every renewal, so it never moves a customer
     * whose own observation named an organisation; it links only a customer nothing else linked.
     */
    public static final Comparator<ObservationKey> LINK_ORDER = Comparator
            .comparing((ObservationKey k) -> k.source() != SOURCE_METADATA)
            .thenComparing(Comparator.naturalOrder());

    public ObservationKey {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(eventId, "eventId");
    }

    @Override
    public int compareTo(ObservationKey o) {
        return ORDER.compare(this, o);
    }

    /** Whether this key is newer than {@code other}; every key is newer than {@code null}. */
    public boolean newerThan(ObservationKey other) {
        return other == null || compareTo(other) > 0;
    }
}
