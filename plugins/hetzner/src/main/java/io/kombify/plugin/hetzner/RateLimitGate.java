package io.kombify.plugin.hetzner;

import io.kombify.deploy.spi.ProviderException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps to the rate limit the API reports in the headers {@code RateLimit-Limit} (requests per
 * hour), {@code RateLimit-Remaining} and {@code RateLimit-Reset} (the Unix time at which the
 * budget is full again). Hetzner refills the budget gradually, one request every
 * {@code 3600 / limit} seconds. While the budget lasts, requests go at once and each counts
 * against it as it starts. Once it is used up, requests get start times one refill apart, in the
 * order they ask (or the reset, if that comes first), and each waits for its own: so threads
 * sharing the provider neither all go at the same refill nor pass one that waits longer. A
 * request whose start would be further away than the call may wait fails as {@code RATE_LIMITED}
 * with that wait as its {@code retryAfter}, and the executor retries the call then.
 *
 * <p>While other requests are in flight, a response's {@code RateLimit-Remaining} only lowers the
 * budget kept here: an answer to an earlier request does not yet count the later ones. Each
 * {@link #acquire} is followed by one {@link #record}, with the headers of the response or with
 * none when there was none. Thread-safe.
 */
final class RateLimitGate {

    private final LongSupplier clockMillis;
    private long limit = -1;
    /** What the API has left, as far as known: -1 before the first response said. */
    private long remaining = -1;
    private long resetEpochSecond = -1;
    /** When a request may start next once the budget is used up (epoch millis). */
    private long nextSlot;
    private int inFlight;
    private int waiting;

    RateLimitGate(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /**
     * Waits until a request is allowed, at most {@code maxWait}.
     *
     * @throws ProviderException {@code RATE_LIMITED} when the wait would be longer
     * @throws InterruptedException when interrupted while waiting
     */
    void acquire(Duration maxWait) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = clockMillis.getAsLong();
            if (remaining != 0) {
                if (remaining > 0 && --remaining == 0 && waiting == 0) {
                    // This request spends the last of the budget: the next goes at the next refill.
                    nextSlot = Math.max(nextSlot, now + perRequest());
                }
                inFlight++;
                return;
            }
            long slot = slot(now);
            wait = slot - now;
            if (wait > maxWait.toMillis()) {
                throw ProviderException.rateLimited("the Hetzner Cloud API's rate limit of " + limit
                        + " requests per hour is used up; the next request is allowed in "
                        + Duration.ofMillis(wait).toSeconds() + "s", Duration.ofMillis(wait));
            }
            nextSlot = slot + perRequest();
            inFlight++;
            waiting++;
        }
        try {
            if (wait > 0) {
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            synchronized (this) {
                inFlight--;
            }
            throw e;
        } finally {
            synchronized (this) {
                waiting--;
            }
        }
    }

    /**
     * Takes note of the budget a response reports, and that a request {@linkplain #acquire let
     * through} has ended; {@code null} headers (no response) say nothing about the budget.
     */
    synchronized void record(String limitHeader, String remainingHeader, String resetHeader) {
        inFlight = Math.max(0, inFlight - 1);
        long l = parse(limitHeader);
        long r = parse(remainingHeader);
        long s = parse(resetHeader);
        if (l > 0) {
            limit = l;
        }
        if (s >= 0) {
            resetEpochSecond = s;
        }
        if (r < 0) {
            return;
        }
        remaining = inFlight > 0 && remaining >= 0 ? Math.min(remaining, r) : r;
        if (remaining == 0 && waiting == 0) {
            // Nobody holds a start time: the next one is a refill after this answer.
            nextSlot = clockMillis.getAsLong() + perRequest();
        }
    }

    /** How long a request asking now would wait: zero when it may go at once. */
    synchronized Duration waitNeeded() {
        if (remaining != 0) {
            return Duration.ZERO;
        }
        long now = clockMillis.getAsLong();
        return Duration.ofMillis(slot(now) - now);
    }

    /** The wait a refused request (HTTP 429 without Retry-After) should take, going by the last headers. */
    synchronized Duration retryAfterRefusal() {
        long now = clockMillis.getAsLong();
        long wait = Math.max(slot(now), now + perRequest()) - now;
        if (resetEpochSecond >= 0 && resetEpochSecond * 1000 > now) {
            wait = Math.min(wait, resetEpochSecond * 1000 - now);
        }
        return wait <= 0 ? Duration.ofSeconds(1) : Duration.ofMillis(wait);
    }

    /** The start time of the next request while the budget is used up: the next free refill, or the reset. */
    private long slot(long now) {
        long slot = Math.max(now, nextSlot);
        long reset = resetEpochSecond < 0 ? Long.MAX_VALUE : resetEpochSecond * 1000;
        return Math.max(now, Math.min(slot, reset));
    }

    private long perRequest() {
        return limit > 0 ? Math.max(1, 3_600_000 / limit) : 1000;
    }

    private static long parse(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
