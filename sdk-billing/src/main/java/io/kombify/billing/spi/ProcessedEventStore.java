package io.kombify.billing.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Remembers which gateway events were processed, so that a delivery of an event processed before
 * is acknowledged without processing it again.
 *
 * <p>Processing an event is claim, process, then {@link #complete}. A claim is a lease held by
 * whoever got its {@link Claim#token() token}: if the process dies before completing, the lease
 * expires and a later delivery claims the event again, so an event is never lost; if processing
 * fails, {@link #release} lets the next delivery retry at once. Only the current holder's token
 * completes or releases a claim, so a holder that was too slow and lost its lease to another
 * delivery can neither free nor finish the other's claim.
 *
 * <p>A claim does not make processing exactly-once: a holder that outlives its lease may still
 * apply the event while the delivery that took over applies it too. Billing's merges are
 * idempotent, so this costs work, never correctness.
 *
 * <p>Implementations must be thread-safe, and {@link #claim} atomic: of any number of concurrent
 * claims of one event exactly one is {@link Status#CLAIMED}. The contract test
 * {@code io.kombify.billing.testing.ProcessedEventStoreContract} checks this.
 */
public interface ProcessedEventStore {

    /** What a claim found. */
    enum Status {
        /** The caller is the first (or the previous claim expired or was released): process the event. */
        CLAIMED,
        /** The event was processed before: acknowledge the delivery and do nothing. */
        ALREADY_PROCESSED,
        /** Another delivery holds an unexpired claim: answer so that the gateway delivers again later. */
        IN_PROGRESS
    }

    /**
     * The answer to a claim.
     *
     * @param status what the claim found
     * @param token  when {@link Status#CLAIMED}, what identifies this claim to {@link #complete} and
     *               {@link #release}; unique among the store's claims; otherwise {@code null}
     */
    record Claim(Status status, String token) {
        /** The answer for an event processed before. */
        public static final Claim ALREADY_PROCESSED = new Claim(Status.ALREADY_PROCESSED, null);
        /** The answer for an event another delivery holds. */
        public static final Claim IN_PROGRESS = new Claim(Status.IN_PROGRESS, null);

        public Claim {
            Objects.requireNonNull(status, "status");
            if ((status == Status.CLAIMED) != (token != null)) {
                throw new IllegalArgumentException("a token comes with, and only with, a successful claim");
            }
        }

        /** A successful claim identified by {@code token}. */
        public static Claim claimed(String token) {
            return new Claim(Status.CLAIMED, Objects.requireNonNull(token, "token"));
        }
    }

    /**
     * Claims {@code eventId} for processing until {@code now + lease}.
     *
     * @param now   the current time of the caller's clock
     * @param lease how long the claim holds before another delivery may take it over
     */
    Claim claim(String eventId, Instant now, Duration lease);

    /**
     * Records that {@code eventId} was processed, if {@code token} is its current claim's; later
     * claims answer {@link Status#ALREADY_PROCESSED}.
     *
     * @return whether it was recorded ({@code false} when another delivery took the claim over, or
     *     the event was completed before)
     */
    boolean complete(String eventId, String token, Instant now);

    /**
     * Gives up an unfinished claim, if {@code token} is its current claim's, so that the next
     * delivery processes the event.
     *
     * @return whether the claim was given up
     */
    boolean release(String eventId, String token);

    /**
     * Forgets events completed before {@code cutoff} (older than the gateway's redelivery window),
     * to bound the store's size. Processing is idempotent, so an event delivered again after
     * this changes nothing.
     *
     * @return how many were forgotten
     */
    int forgetCompletedBefore(Instant cutoff);
}
