package io.kombify.billing.dev;

import io.kombify.billing.spi.ProcessedEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ProcessedEventStore} in memory: for development, tests and a single process that may
 * forget after a restart (processing is idempotent, so an event delivered again after a restart
 * changes nothing). Thread-safe; claims are atomic.
 */
public final class InMemoryProcessedEventStore implements ProcessedEventStore {

    /** A claim held by {@code token} until {@code until}, or ({@code done}) the time it was completed. */
    private record Entry(boolean done, Instant until, String token) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    @Override
    public Claim claim(String eventId, Instant now, Duration lease) {
        Objects.requireNonNull(eventId, "eventId");
        Instant until = now.plus(lease);
        AtomicReference<Claim> answer = new AtomicReference<>();
        entries.compute(eventId, (id, e) -> {
            if (e == null || (!e.done() && !now.isBefore(e.until()))) {
                String token = "claim-" + tokens.incrementAndGet();
                answer.set(Claim.claimed(token));
                return new Entry(false, until, token);
            }
            answer.set(e.done() ? Claim.ALREADY_PROCESSED : Claim.IN_PROGRESS);
            return e;
        });
        return answer.get();
    }

    @Override
    public boolean complete(String eventId, String token, Instant now) {
        Objects.requireNonNull(token, "token");
        AtomicBoolean recorded = new AtomicBoolean();
        entries.computeIfPresent(eventId, (id, e) -> {
            if (e.done() || !token.equals(e.token())) {
                return e;
            }
            recorded.set(true);
            return new Entry(true, now, null);
        });
        return recorded.get();
    }

    @Override
    public boolean release(String eventId, String token) {
        Objects.requireNonNull(token, "token");
        AtomicBoolean released = new AtomicBoolean();
        entries.computeIfPresent(eventId, (id, e) -> {
            if (e.done() || !token.equals(e.token())) {
                return e;
            }
            released.set(true);
            return null;
        });
        return released.get();
    }

    @Override
    public int forgetCompletedBefore(Instant cutoff) {
        int[] removed = {0};
        entries.forEach((id, e) -> {
            if (e.done() && e.until().isBefore(cutoff) && entries.remove(id, e)) {
                removed[0]++;
            }
        });
        return removed[0];
    }

    /** How many events are remembered (claimed or processed). */
    public int size() {
        return entries.size();
    }
}
