package io.kombify.billing.stripe;

import io.kombify.core.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Stripe. {@link #toString()} never shows the API key.
 *
 * @param apiKey            the secret or restricted API key
 * @param apiBase           the API's address, {@code https://api.stripe.com} unless testing against a fake;
 *                          plain {@code http} only to this machine (a loopback address or {@code localhost}),
 *                          because the API key travels in every request
 * @param prices            which prices stand for which plan
 * @param maxNetworkRetries how often stripe-java retries a request that failed on the network or
 *                          with a retryable status (with the same idempotency key)
 * @param timeout           connect and read timeout of each request
 */
public record StripeSettings(Secret apiKey, URI apiBase, StripePrices prices, int maxNetworkRetries,
                             Duration timeout) {

    /** Stripe's API. */
    public static final URI LIVE_API_BASE = URI.create("https://api.stripe.com");

    public StripeSettings {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiBase, "apiBase");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(timeout, "timeout");
        if (maxNetworkRetries < 0 || maxNetworkRetries > 10) {
            throw new IllegalArgumentException("maxNetworkRetries must be 0 to 10");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        String scheme = apiBase.getScheme();
        if ((!"https".equals(scheme) && !"http".equals(scheme)) || apiBase.getHost() == null) {
            throw new IllegalArgumentException("apiBase must be an http or https address");
        }
        if ("http".equals(scheme) && !isLoopback(apiBase.getHost())) {
            throw new IllegalArgumentException("apiBase " + apiBase + " is plain http to another machine: the API key "
                    + "would travel unencrypted; use https, or http only to a loopback address (127.0.0.1, ::1, localhost)");
        }
    }

    /** Whether {@code host} names this machine: {@code localhost}, 127.x.x.x or ::1; no name is looked up. */
    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.equals("localhost") || h.equals("[::1]") || h.equals("::1")) {
            return true;
        }
        return h.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    }

    /** Stripe's API with 2 retries and a 30 s timeout. */
    public static StripeSettings of(Secret apiKey, StripePrices prices) {
        return new StripeSettings(apiKey, LIVE_API_BASE, prices, 2, Duration.ofSeconds(30));
    }

    /** These settings with another API address (a fake, a proxy). */
    public StripeSettings withApiBase(URI base) {
        return new StripeSettings(apiKey, base, prices, maxNetworkRetries, timeout);
    }

    /** These settings with another number of retries. */
    public StripeSettings withMaxNetworkRetries(int retries) {
        return new StripeSettings(apiKey, apiBase, prices, retries, timeout);
    }

    @Override
    public String toString() {
        return "StripeSettings[apiKey=(hidden), apiBase=" + apiBase + ", prices=" + prices + ", maxNetworkRetries="
                + maxNetworkRetries + ", timeout=" + timeout + "]";
    }
}
