package io.kombify.sim.cloud.hetzner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Failures a test plans for the next requests of a {@link HetznerCloudFake}, to check how a
 * client copes with them: the API's rate limit ({@code 429}), an unavailable service
 * ({@code 503}), answers that come late and actions that end in {@code error}. Planned failures
 * add up: two calls of {@link #serverErrorNext(int)} with 1 fail the next two requests.
 * Rate-limit failures are answered before server errors. Thread-safe.
 */
public final class Faults {
    /** The longest an answer can be held back, in minutes. */
    public static final int MAX_DELAY_MINUTES = 10;
    private static final Duration MAX_DELAY = Duration.ofMinutes(MAX_DELAY_MINUTES);

    private int rateLimited;
    private Duration retryAfter = Duration.ZERO;
    private int serverErrors;
    private int delayed;
    private Duration delay = Duration.ZERO;
    private final List<Planned> actionFailures = new ArrayList<>();

    private record Planned(String command, Action.Failure failure) {
    }

    Faults() {
    }

    /**
     * Answers the next {@code count} requests with {@code 429 rate_limit_exceeded}, a
     * {@code Retry-After} header of {@code retryAfter} (whole seconds, rounded up) and the
     * rate-limit headers saying nothing remains until then.
     *
     * @throws IllegalArgumentException when {@code count} is negative or {@code retryAfter} negative
     */
    public synchronized Faults rateLimitNext(int count, Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (count < 0 || retryAfter.isNegative()) {
            throw new IllegalArgumentException("count and retryAfter must not be negative: " + count + ", " + retryAfter);
        }
        this.rateLimited += count;
        this.retryAfter = retryAfter;
        return this;
    }

    /**
     * Answers the next {@code count} requests with {@code 503 unavailable}.
     *
     * @throws IllegalArgumentException when {@code count} is negative
     */
    public synchronized Faults serverErrorNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        this.serverErrors += count;
        return this;
    }

    /**
     * Holds back the answers to the next {@code count} requests for {@code delay}: each request
     * takes effect at once, as it would at the API, but its answer arrives only after the delay,
     * as over a slow network. A client that gives up sooner (a read timeout) has to find out what
     * its request did; the answer it no longer waits for is dropped. The delays of the same
     * planned requests do not add up: the answers are held back side by side. A later call
     * replaces the delay of those not yet received.
     *
     * @throws IllegalArgumentException when {@code count} is negative, or {@code delay} negative
     *         or longer than {@value #MAX_DELAY_MINUTES} minutes
     */
    public synchronized Faults delayNext(int count, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (count < 0 || delay.isNegative()) {
            throw new IllegalArgumentException("count and delay must not be negative: " + count + ", " + delay);
        }
        if (delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay " + delay + " is longer than the " + MAX_DELAY_MINUTES
                    + " minutes an answer can be held back; plan a shorter one");
        }
        this.delayed += count;
        this.delay = delay;
        return this;
    }

    /**
     * Makes the next action with this command (such as {@code create_server},
     * {@code start_server}, {@code attach_volume}) end with status {@code error} and
     * {@code {"error": {"code": errorCode, "message": errorMessage}}}, as the API reports a failed
     * action. A failed action changes nothing in the project; the request that started it still
     * succeeds.
     */
    public synchronized Faults failNextAction(String command, String errorCode, String errorMessage) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(errorMessage, "errorMessage");
        actionFailures.add(new Planned(command, new Action.Failure(errorCode, errorMessage)));
        return this;
    }

    /** Forgets every planned failure that has not happened yet. */
    public synchronized Faults clear() {
        rateLimited = 0;
        serverErrors = 0;
        delayed = 0;
        actionFailures.clear();
        return this;
    }

    /** The {@code Retry-After} of a planned 429 for this request, or {@code null}. */
    synchronized Duration takeRateLimit() {
        if (rateLimited == 0) {
            return null;
        }
        rateLimited--;
        return retryAfter;
    }

    /** The delay planned for the answer to this request, or {@code null}. */
    synchronized Duration takeDelay() {
        if (delayed == 0) {
            return null;
        }
        delayed--;
        return delay;
    }

    synchronized boolean takeServerError() {
        if (serverErrors == 0) {
            return false;
        }
        serverErrors--;
        return true;
    }

    /** The failure planned for the next action with this command, or {@code null}. */
    synchronized Action.Failure takeActionFailure(String command) {
        for (Iterator<Planned> it = actionFailures.iterator(); it.hasNext(); ) {
            Planned p = it.next();
            if (p.command().equals(command)) {
                it.remove();
                return p.failure();
            }
        }
        return null;
    }
}
