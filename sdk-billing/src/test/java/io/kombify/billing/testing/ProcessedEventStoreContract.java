package io.kombify.billing.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.billing.spi.ProcessedEventStore;
import io.kombify.billing.spi.ProcessedEventStore.Claim;
import io.kombify.billing.spi.ProcessedEventStore.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ProcessedEventStore} must pass: extend it and return a new, empty store
 * from {@link #newStore()}.
 */
public abstract class ProcessedEventStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    /** A new, empty store. */
    protected abstract ProcessedEventStore newStore();

    private static String claimed(ProcessedEventStore store, String id, Instant now) {
        Claim claim = store.claim(id, now, LEASE);
        assertThat(claim.status()).as("claim of %s", id).isEqualTo(Status.CLAIMED);
        assertThat(claim.token()).isNotNull();
        return claim.token();
    }

    @Test
    void theFirstClaimWinsAndACompletedEventStaysProcessed() {
        ProcessedEventStore store = newStore();
        String token = claimed(store, "evt_1", T0);
        assertThat(store.claim("evt_1", T0, LEASE)).isEqualTo(Claim.IN_PROGRESS);
        assertThat(store.complete("evt_1", token, T0)).isTrue();
        assertThat(store.claim("evt_1", T0.plusSeconds(1), LEASE)).isEqualTo(Claim.ALREADY_PROCESSED);
        assertThat(store.claim("evt_1", T0.plus(Duration.ofDays(30)), LEASE)).isEqualTo(Claim.ALREADY_PROCESSED);
        assertThat(store.complete("evt_1", token, T0)).as("a second completion").isFalse();
        claimed(store, "evt_2", T0);
    }

    @Test
    void everyClaimHasItsOwnToken() {
        ProcessedEventStore store = newStore();
        String first = claimed(store, "evt_1", T0);
        String second = claimed(store, "evt_2", T0);
        String taken = claimed(store, "evt_1", T0.plus(LEASE));
        assertThat(List.of(first, second, taken)).doesNotHaveDuplicates();
    }

    @Test
    void aClaimThatWasNeitherCompletedNorReleasedExpiresAfterItsLease() {
        ProcessedEventStore store = newStore();
        claimed(store, "evt_1", T0);
        assertThat(store.claim("evt_1", T0.plus(LEASE).minusSeconds(1), LEASE)).isEqualTo(Claim.IN_PROGRESS);
        claimed(store, "evt_1", T0.plus(LEASE));
    }

    @Test
    void aReleasedClaimCanBeTakenAtOnce() {
        ProcessedEventStore store = newStore();
        String token = claimed(store, "evt_1", T0);
        assertThat(store.release("evt_1", token)).isTrue();
        claimed(store, "evt_1", T0);
    }

    @Test
    void aHolderThatLostItsLeaseCanNeitherReleaseNorCompleteTheClaimThatTookOver() {
        ProcessedEventStore store = newStore();
        String stale = claimed(store, "evt_1", T0);
        String current = claimed(store, "evt_1", T0.plus(LEASE));

        assertThat(store.release("evt_1", stale)).isFalse();
        assertThat(store.claim("evt_1", T0.plus(LEASE).plusSeconds(1), LEASE)).isEqualTo(Claim.IN_PROGRESS);
        assertThat(store.complete("evt_1", stale, T0.plus(LEASE))).isFalse();
        assertThat(store.claim("evt_1", T0.plus(LEASE).plusSeconds(2), LEASE)).isEqualTo(Claim.IN_PROGRESS);

        assertThat(store.complete("evt_1", current, T0.plus(LEASE))).isTrue();
        assertThat(store.claim("evt_1", T0.plus(LEASE).plusSeconds(3), LEASE)).isEqualTo(Claim.ALREADY_PROCESSED);
    }

    @Test
    void aHolderPastItsLeaseThatNobodyReplacedStillCompletes() {
        ProcessedEventStore store = newStore();
        String token = claimed(store, "evt_1", T0);
        assertThat(store.complete("evt_1", token, T0.plus(LEASE).plusSeconds(30))).isTrue();
        assertThat(store.claim("evt_1", T0.plus(LEASE).plusSeconds(31), LEASE)).isEqualTo(Claim.ALREADY_PROCESSED);
    }

    @Test
    void aTokenOfAnotherEventOrNoClaimDoesNothing() {
        ProcessedEventStore store = newStore();
        String other = claimed(store, "evt_2", T0);
        claimed(store, "evt_1", T0);
        assertThat(store.release("evt_1", other)).isFalse();
        assertThat(store.complete("evt_1", other, T0)).isFalse();
        assertThat(store.complete("evt_3", other, T0)).isFalse();
        assertThat(store.claim("evt_1", T0, LEASE)).isEqualTo(Claim.IN_PROGRESS);
        assertThat(store.claim("evt_3", T0, LEASE).status()).isEqualTo(Status.CLAIMED);
    }

    @Test
    void releasingACompletedEventDoesNotUndoIt() {
        ProcessedEventStore store = newStore();
        String token = claimed(store, "evt_1", T0);
        store.complete("evt_1", token, T0);
        assertThat(store.release("evt_1", token)).isFalse();
        assertThat(store.claim("evt_1", T0, LEASE)).isEqualTo(Claim.ALREADY_PROCESSED);
    }

    @Test
    void forgettingRemovesOnlyEventsCompletedBeforeTheCutoff() {
        ProcessedEventStore store = newStore();
        store.complete("old", claimed(store, "old", T0), T0);
        store.complete("new", claimed(store, "new", T0), T0.plus(Duration.ofDays(4)));
        claimed(store, "open", T0);

        assertThat(store.forgetCompletedBefore(T0.plus(Duration.ofDays(3)))).isEqualTo(1);
        claimed(store, "old", T0.plus(Duration.ofDays(5)));
        assertThat(store.claim("new", T0.plus(Duration.ofDays(5)), LEASE)).isEqualTo(Claim.ALREADY_PROCESSED);
        assertThat(store.claim("open", T0.plusSeconds(1), LEASE)).isEqualTo(Claim.IN_PROGRESS);
    }

    @Test
    void ofManyConcurrentClaimsOfOneEventExactlyOneWins() throws Exception {
        ProcessedEventStore store = newStore();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                String id = "evt_race_" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Claim>> claims = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    claims.add(pool.submit(() -> {
                        start.await();
                        return store.claim(id, T0, LEASE);
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<Claim> f : claims) {
                    if (f.get(10, TimeUnit.SECONDS).status() == Status.CLAIMED) {
                        won++;
                    }
                }
                assertThat(won).as("winners of round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
