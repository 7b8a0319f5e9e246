package io.kombify.sim.model;

import java.time.Duration;

/**
 * The internet path between two sites. Its bandwidth is the slower of the two sites' uplinks, so
 * a home site's asymmetric connection limits every link it takes part in.
 *
 * @param from          first site, in topology order
 * @param to            second site
 * @param latency       one-way latency
 * @param bandwidthMbps capacity in megabits per second
 */
public record InternetLink(String from, String to, Duration latency, int bandwidthMbps) {

    /** Whether this link joins {@code a} and {@code b}, in either direction. */
    public boolean joins(String a, String b) {
        return from.equals(a) && to.equals(b) || from.equals(b) && to.equals(a);
    }
}
