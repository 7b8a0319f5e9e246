package io.kombify.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cloud provider's API as the simulated run left it: the hook a deployment engine calls
 * instead of the real provider, to test its retries and back-off against rate limits, server
 * errors and timeouts. Obtain one with {@link SimulationReport#providerApi(String)}, move it to a
 * virtual time with {@link #at(Duration)} and {@link #call(String) call} it; the answer depends
 * only on the provider faults of the run ({@link Fault#providerRateLimit},
 * {@link Fault#providerServerError}, {@link Fault#providerTimeout}) in force at that time, so the
 * same run always answers the same way. Instances are immutable and thread-safe.
 */
public final class SimulatedProviderApi {

    /** How a call went. */
    public enum Outcome {
        /** 200: the call succeeded. */
        OK,
        /** 429: the caller must wait {@link Response#retryAfter()}. */
        RATE_LIMITED,
        /** 5xx: the provider failed. */
        SERVER_ERROR,
        /** No answer at all. */
        TIMEOUT
    }

    /**
     * The answer to one call: {@code status} is the HTTP status (200, 429 or 5xx; 0 when the call
     * timed out) and {@code retryAfter} is present for a 429.
     */
    public record Response(String operation, Duration time, Outcome outcome, int status, Optional<Duration> retryAfter) {

        public Response {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** Whether the call succeeded (200). */
        public boolean isSuccess() {
            return outcome == Outcome.OK;
        }
    }

    private record Window(Duration from, Duration until, String detail) {
    }

    private final String provider;
    private final List<Window> windows;
    private final Duration time;

    private SimulatedProviderApi(String provider, List<Window> windows, Duration time) {
        this.provider = provider;
        this.windows = windows;
        this.time = time;
    }

    /** The API of {@code provider} as the provider-error events of a run describe it, at time zero. */
    static SimulatedProviderApi of(String provider, List<SimEvent> events) {
        List<Window> windows = new ArrayList<>();
        for (SimEvent e : events) {
            if (!e.subject().equals(provider)) {
                continue;
            }
            if (e.kind() == EventKind.PROVIDER_ERRORS_STARTED) {
                windows.add(new Window(e.time(), null, e.detail()));
            } else if (e.kind() == EventKind.PROVIDER_ERRORS_ENDED) {
                for (int i = 0; i < windows.size(); i++) {
                    Window w = windows.get(i);
                    if (w.until() == null && w.detail().equals(e.detail())) {
                        windows.set(i, new Window(w.from(), e.time(), w.detail()));
                        break;
                    }
                }
            }
        }
        return new SimulatedProviderApi(provider, List.copyOf(windows), Duration.ZERO);
    }

    /** The provider, such as {@code hetzner}. */
    public String provider() {
        return provider;
    }

    /** The virtual time calls are answered at. */
    public Duration time() {
        return time;
    }

    /** This API, answering calls at virtual {@code time} after the simulation started. */
    public SimulatedProviderApi at(Duration time) {
        Objects.requireNonNull(time, "time");
        if (time.isNegative()) {
            throw new IllegalArgumentException("time must not be negative: " + time);
        }
        return new SimulatedProviderApi(provider, windows, time);
    }

    /**
     * Calls {@code operation} (any name, such as {@code createServer}; it is echoed in the answer)
     * at {@link #time()}. When several provider faults are in force, the one that struck last
     * answers; a fault without recovery stays in force after the run's end.
     */
    public Response call(String operation) {
        Objects.requireNonNull(operation, "operation");
        Window active = null;
        for (Window w : windows) {
            if (w.from().compareTo(time) <= 0 && (w.until() == null || time.compareTo(w.until()) < 0)) {
                active = w;
            }
        }
        if (active == null) {
            return new Response(operation, time, Outcome.OK, 200, Optional.empty());
        }
        String d = active.detail();
        if (d.equals("timeout")) {
            return new Response(operation, time, Outcome.TIMEOUT, 0, Optional.empty());
        }
        if (d.startsWith("429 retry-after ")) {
            return new Response(operation, time, Outcome.RATE_LIMITED, 429,
                    Optional.of(DurationText.parse(d.substring("429 retry-after ".length()))));
        }
        return new Response(operation, time, Outcome.SERVER_ERROR, Integer.parseInt(d), Optional.empty());
    }

    @Override
    public String toString() {
        return "SimulatedProviderApi[" + provider + " at " + DurationText.format(time) + "]";
    }
}
