package io.kombify.sim.model;

import java.time.Duration;

/**
 * The local network of one site. Every site has exactly one; nodes of a site reach each other
 * over it without crossing the internet.
 *
 * @param site          site name
 * @param bandwidthMbps capacity in megabits per second
 * @param latency       one-way latency between two nodes of the site
 */
public record Lan(String site, int bandwidthMbps, Duration latency) {
}
