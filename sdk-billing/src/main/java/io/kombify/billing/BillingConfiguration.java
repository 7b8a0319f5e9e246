package io.kombify.billing;

import io.kombify.billing.dev.DevelopmentGateway;
import io.kombify.billing.internal.Settings;
import io.kombify.billing.spi.BillingGateway;
import io.kombify.billing.spi.WebhookVerifier;
import io.kombify.billing.stripe.StripeGateway;
import io.kombify.billing.stripe.StripePrices;
import io.kombify.billing.stripe.StripeSettings;
import io.kombify.billing.stripe.StripeWebhookVerifier;
import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Billing's configuration, read from settings (such as a server's properties) and the
 * environment. The gateway is always named: there is no silent fallback to the development
 * gateway.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code kombify.billing.gateway}</td><td>{@code stripe} or {@code development}</td><td>required</td></tr>
 *   <tr><td>{@code kombify.billing.stripe.api-key}</td><td>a {@code secret://} reference to the API key</td>
 *       <td>the environment variable {@code STRIPE_API_KEY}</td></tr>
 *   <tr><td>{@code kombify.billing.stripe.webhook-secret}</td><td>a {@code secret://} reference to the
 *       endpoint's signing secret</td><td>the environment variable {@code STRIPE_WEBHOOK_SECRET}</td></tr>
 *   <tr><td>{@code kombify.billing.stripe.price.pro}, {@code .team}, {@code .enterprise}</td>
 *       <td>the plan's price ids, comma-separated; the first is used for checkouts</td><td>none</td></tr>
 *   <tr><td>{@code kombify.billing.stripe.api-base}</td><td>Stripe's address (plain http only to
 *       this machine)</td><td>{@code https://api.stripe.com}</td></tr>
 *   <tr><td>{@code kombify.billing.stripe.max-network-retries}</td><td>retries of a failed request</td><td>2</td></tr>
 *   <tr><td>{@code kombify.billing.stripe.timeout}</td><td>connect and read timeout</td><td>30s</td></tr>
 *   <tr><td>{@code kombify.billing.webhook.tolerance}</td><td>how far a signature's time may be
 *       from now, past or future (at least 1 s)</td><td>300s</td></tr>
 *   <tr><td>{@code kombify.billing.past-due-grace}</td><td>how long a past-due subscription keeps its plan</td><td>7d</td></tr>
 *   <tr><td>{@code kombify.billing.development.auto-complete-checkout}</td><td>development checkouts complete at once</td><td>true</td></tr>
 *   <tr><td>{@code kombify.billing.development.pages-base}</td><td>where the server shows development checkout and portal pages</td>
 *       <td>{@code http://localhost:8080/dev-billing/}</td></tr>
 * </table>
 *
 * <p>Secrets are never written in settings: the keys take {@code secret://name} references, which
 * the given resolver (by default the environment variable {@code KOMBIFY_SECRET_NAME}) turns into
 * values. A plain value is refused without being repeated.
 */
public final class BillingConfiguration {
    /** The key naming the gateway. */
    public static final String GATEWAY = "kombify.billing.gateway";
    private static final String PREFIX = "kombify.billing.";
    private static final String API_KEY = "kombify.billing.stripe.api-key";
    private static final String WEBHOOK_SECRET = "kombify.billing.stripe.webhook-secret";
    private static final String API_BASE = "kombify.billing.stripe.api-base";
    private static final String RETRIES = "kombify.billing.stripe.max-network-retries";
    private static final String TIMEOUT = "kombify.billing.stripe.timeout";
    private static final String PRICE = "kombify.billing.stripe.price.";
    private static final String TOLERANCE = "kombify.billing.webhook.tolerance";
    private static final String GRACE = "kombify.billing.past-due-grace";
    private static final String AUTO_COMPLETE = "kombify.billing.development.auto-complete-checkout";
    private static final String PAGES_BASE = "kombify.billing.development.pages-base";
    private static final List<String> KNOWN = List.of(GATEWAY, API_KEY, WEBHOOK_SECRET, API_BASE, RETRIES, TIMEOUT,
            TOLERANCE, GRACE, AUTO_COMPLETE, PAGES_BASE);

    private final BillingGateway gateway;
    private final WebhookVerifier verifier;
    private final Duration pastDueGrace;

    private BillingConfiguration(BillingGateway gateway, WebhookVerifier verifier, Duration pastDueGrace) {
        this.gateway = gateway;
        this.verifier = verifier;
        this.pastDueGrace = pastDueGrace;
    }

    /**
     * The configuration of {@code settings}, with {@code secret://} references resolved from the
     * environment ({@code secret://stripe-key} from {@code KOMBIFY_SECRET_STRIPE_KEY}).
     *
     * @throws BillingException {@code BILLING_CONFIGURATION_INVALID} naming the key at fault
     */
    public static BillingConfiguration from(Map<String, String> settings, Map<String, String> environment) {
        Map<String, String> env = Map.copyOf(environment);
        // The mapping of the kombify command's environment secrets (the server's EnvironmentSecrets),
        // repeated here because this module does not depend on the server.
        return from(settings, env, ref -> {
            String variable = "KOMBIFY_SECRET_" + ref.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            String value = env.get(variable);
            if (value == null) {
                throw new KombifyException("SECRET_UNRESOLVED", "no value for " + ref + ": set the environment variable "
                        + variable);
            }
            return Secret.of(ref, value);
        }, Clock.systemUTC());
    }

    /**
     * The configuration of {@code settings}.
     *
     * @param environment where {@code STRIPE_API_KEY} and {@code STRIPE_WEBHOOK_SECRET} are looked up
     * @param secrets     resolves {@code secret://} references
     * @param clock       the development gateway's clock
     * @throws BillingException {@code BILLING_CONFIGURATION_INVALID} naming the key at fault
     */
    public static BillingConfiguration from(Map<String, String> settings, Map<String, String> environment,
                                            Function<SecretRef, Secret> secrets, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(secrets, "secrets");
        for (String key : settings.keySet()) {
            if (key.startsWith(PREFIX) && !KNOWN.contains(key) && !key.startsWith(PRICE)) {
                throw Settings.invalid(key, "is not a billing setting", "the billing settings are " + String.join(", ", KNOWN)
                        + " and " + PRICE + "<plan>");
            }
        }
        String gatewayName = value(settings, GATEWAY);
        Duration grace = Optional.ofNullable(value(settings, GRACE)).map(v -> Settings.duration(GRACE, v))
                .orElse(Duration.ofDays(7));
        if (gatewayName == null) {
            throw Settings.invalid(GATEWAY, "is not set",
                    "set it to stripe (with an API key and a webhook signing secret) or to development (in memory, "
                            + "nothing is charged; for machines without Stripe credentials)");
        }
        switch (gatewayName.strip().toLowerCase(Locale.ROOT)) {
            case "development" -> {
                DevelopmentGateway.Builder dev = DevelopmentGateway.builder().clock(clock);
                Optional.ofNullable(value(settings, AUTO_COMPLETE))
                        .ifPresent(v -> dev.autoCompleteCheckout(Settings.bool(AUTO_COMPLETE, v)));
                Optional.ofNullable(value(settings, PAGES_BASE)).ifPresent(v -> dev.pagesBase(uri(PAGES_BASE, v)));
                return new BillingConfiguration(dev.build(), null, grace);
            }
            case "stripe" -> {
                Secret apiKey = secret(settings, environment, secrets, API_KEY, "STRIPE_API_KEY");
                Secret webhookSecret = secret(settings, environment, secrets, WEBHOOK_SECRET, "STRIPE_WEBHOOK_SECRET");
                StripePrices prices = prices(settings);
                URI base = Optional.ofNullable(value(settings, API_BASE)).map(v -> uri(API_BASE, v))
                        .orElse(StripeSettings.LIVE_API_BASE);
                int retries = Optional.ofNullable(value(settings, RETRIES)).map(v -> Settings.integer(RETRIES, v, 0, 10))
                        .orElse(2);
                Duration timeout = Optional.ofNullable(value(settings, TIMEOUT)).map(v -> Settings.duration(TIMEOUT, v))
                        .orElse(Duration.ofSeconds(30));
                if (timeout.isZero() || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
                    throw Settings.invalid(TIMEOUT, "must be more than 0 and at most 24 days",
                            "give a duration such as 30s");
                }
                Duration tolerance = Optional.ofNullable(value(settings, TOLERANCE))
                        .map(v -> Settings.duration(TOLERANCE, v)).orElse(StripeWebhookVerifier.DEFAULT_TOLERANCE);
                if (tolerance.getSeconds() < 1) {
                    throw Settings.invalid(TOLERANCE, "must be at least 1 s", "Stripe's default is 300s");
                }
                StripeSettings stripe;
                try {
                    stripe = new StripeSettings(apiKey, base, prices, retries, timeout);
                } catch (IllegalArgumentException e) {
                    throw Settings.invalid(API_BASE, "`" + base + "` is plain http to another machine, so the API key "
                            + "would travel unencrypted", "use https, or http only to this machine (127.0.0.1, ::1, "
                            + "localhost) for a local fake of Stripe");
                }
                StripeGateway gateway = StripeGateway.create(stripe);
                return new BillingConfiguration(gateway, StripeWebhookVerifier.create(webhookSecret, tolerance, prices),
                        grace);
            }
            default -> throw Settings.invalid(GATEWAY, "`" + gatewayName + "` is not a gateway",
                    "write stripe or development");
        }
    }

    private static String value(Map<String, String> settings, String key) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static URI uri(String key, String value) {
        try {
            URI u = URI.create(value);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw Settings.invalid(key, "`" + value + "` is not an http(s) address", "write an address such as https://...");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw Settings.invalid(key, "`" + value + "` is not an address", "write an address such as https://...");
        }
    }

    private static Secret secret(Map<String, String> settings, Map<String, String> environment,
                                 Function<SecretRef, Secret> secrets, String key, String variable) {
        String v = value(settings, key);
        if (v != null) {
            if (!SecretRef.isReference(v)) {
                throw Settings.invalid(key, "must be a secret reference such as secret://stripe-api-key, not a value "
                        + "(the value given is not shown)", "store the value in the secrets backend and write its reference");
            }
            try {
                return secrets.apply(SecretRef.parse(v));
            } catch (KombifyException e) {
                throw new BillingException("BILLING_CONFIGURATION_INVALID", key + ": " + e.getMessage(),
                        "give the secret a value, or leave " + key + " unset to use " + variable);
            }
        }
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw Settings.invalid(key, "is not set and the environment variable " + variable + " is empty",
                    "set " + key + " to a secret:// reference or the environment variable " + variable);
        }
        return Secret.of(new SecretRef("env/" + variable), fromEnvironment.strip());
    }

    private static StripePrices prices(Map<String, String> settings) {
        Map<PlanId, List<String>> byPlan = new EnumMap<>(PlanId.class);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().startsWith(PRICE)) {
                continue;
            }
            String planKey = e.getKey().substring(PRICE.length());
            PlanId plan = PlanId.fromKey(planKey).filter(p -> p != PlanId.FREE).orElseThrow(() -> Settings.invalid(
                    e.getKey(), "`" + planKey + "` is not a paid plan", "write " + PRICE + "pro, team or enterprise"));
            List<String> ids = new ArrayList<>();
            for (String id : e.getValue().split(",")) {
                String s = id.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (!s.matches("[A-Za-z0-9_]+")) {
                    throw Settings.invalid(e.getKey(), "`" + s + "` is not a price id", "write ids such as price_1Pgaf...");
                }
                ids.add(s);
            }
            byPlan.put(plan, ids);
        }
        try {
            return StripePrices.of(byPlan);
        } catch (IllegalArgumentException ex) {
            throw Settings.invalid(PRICE + "*", ex.getMessage(), "give each price to one plan");
        }
    }

    /** The gateway named by the configuration. */
    public BillingGateway gateway() {
        return gateway;
    }

    /** The webhook verifier; empty for the development gateway, which delivers its events itself. */
    public Optional<WebhookVerifier> webhookVerifier() {
        return Optional.ofNullable(verifier);
    }

    /** How long a past-due subscription keeps its plan's entitlements. */
    public Duration pastDueGrace() {
        return pastDueGrace;
    }

    @Override
    public String toString() {
        return "BillingConfiguration[gateway=" + gateway.name() + ", pastDueGrace=" + pastDueGrace + "]";
    }
}
