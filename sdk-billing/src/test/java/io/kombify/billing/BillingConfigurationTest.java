package io.kombify.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.billing.dev.DevelopmentGateway;
import io.kombify.billing.stripe.StripeGateway;
import io.kombify.billing.stripe.StripeWebhookVerifier;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillingConfigurationTest {
    private static final String KEY_VALUE = "sk_live_CANARYa1b2c3";

    private static BillingException refused(Map<String, String> settings, Map<String, String> env) {
        try {
            BillingConfiguration.from(settings, env);
        } catch (BillingException e) {
            assertThat(e.code()).isEqualTo("BILLING_CONFIGURATION_INVALID");
            assertThat(e.getMessage() + e.hint()).doesNotContain("CANARY");
            return e;
        }
        throw new AssertionError("accepted " + settings);
    }

    @Test
    void theGatewayMustBeNamedThereIsNoSilentFallback() {
        BillingException e = refused(Map.of(), Map.of());
        assertThat(e.getMessage()).isEqualTo("kombify.billing.gateway: is not set");
        assertThat(e.hint()).contains("stripe").contains("development");
        assertThat(refused(Map.of("kombify.billing.gateway", "paypal"), Map.of()).getMessage()).contains("paypal");
    }

    @Test
    void theDevelopmentGatewayNeedsNoCredentials() {
        BillingConfiguration c = BillingConfiguration.from(Map.of("kombify.billing.gateway", "development",
                "kombify.billing.past-due-grace", "3d"), Map.of());
        assertThat(c.gateway()).isInstanceOf(DevelopmentGateway.class);
        assertThat(c.gateway().name()).isEqualTo("development");
        assertThat(c.webhookVerifier()).isEmpty();
        assertThat(c.pastDueGrace()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void stripeTakesItsSecretsFromSecretReferences() {
        Map<String, String> settings = new HashMap<>();
        settings.put("kombify.billing.gateway", "stripe");
        settings.put("kombify.billing.stripe.api-key", "secret://stripe-api-key");
        settings.put("kombify.billing.stripe.webhook-secret", "secret://stripe-webhook");
        settings.put("kombify.billing.stripe.price.pro", "price_pro_monthly, price_pro_yearly");
        settings.put("kombify.billing.stripe.price.team", "price_team");
        settings.put("kombify.billing.stripe.api-base", "http://127.0.0.1:12111");
        settings.put("kombify.billing.webhook.tolerance", "120s");
        BillingConfiguration c = BillingConfiguration.from(settings, Map.of(
                "KOMBIFY_SECRET_STRIPE_API_KEY", KEY_VALUE, "KOMBIFY_SECRET_STRIPE_WEBHOOK", "whsec_abc"));

        StripeGateway gateway = (StripeGateway) c.gateway();
        assertThat(gateway.settings().apiBase()).isEqualTo(URI.create("http://127.0.0.1:12111"));
        assertThat(gateway.settings().prices().checkoutPrice(PlanId.PRO)).contains("price_pro_monthly");
        assertThat(gateway.settings().prices().planOf("price_pro_yearly", null)).contains(PlanId.PRO);
        assertThat(c.webhookVerifier()).get().isInstanceOf(StripeWebhookVerifier.class);
        assertThat(c.webhookVerifier().get().toString()).contains("120 s").doesNotContain("whsec_abc");
        assertThat(c + gateway.toString() + gateway.settings()).doesNotContain("CANARY");
    }

    @Test
    void stripeFallsBackToTheEnvironment() {
        BillingConfiguration c = BillingConfiguration.from(Map.of("kombify.billing.gateway", "stripe"),
                Map.of("STRIPE_API_KEY", KEY_VALUE, "STRIPE_WEBHOOK_SECRET", "whsec_abc"));
        assertThat(c.gateway().name()).isEqualTo("stripe");

        BillingException missing = refused(Map.of("kombify.billing.gateway", "stripe"), Map.of("STRIPE_API_KEY", KEY_VALUE));
        assertThat(missing.getMessage()).startsWith("kombify.billing.stripe.webhook-secret").contains("STRIPE_WEBHOOK_SECRET");
    }

    @Test
    void plainHttpReachesStripeOnlyOnThisMachine() {
        Map<String, String> env = Map.of("STRIPE_API_KEY", KEY_VALUE, "STRIPE_WEBHOOK_SECRET", "whsec_abc");
        BillingException e = refused(Map.of("kombify.billing.gateway", "stripe",
                "kombify.billing.stripe.api-base", "http://stripe-proxy.example.org"), env);
        assertThat(e.getMessage()).startsWith("kombify.billing.stripe.api-base:").contains("http://stripe-proxy.example.org");
        assertThat(e.hint()).contains("https");

        for (String local : java.util.List.of("http://127.0.0.1:12111", "http://localhost:12111", "http://[::1]:12111",
                "https://stripe-proxy.example.org")) {
            BillingConfiguration c = BillingConfiguration.from(Map.of("kombify.billing.gateway", "stripe",
                    "kombify.billing.stripe.api-base", local), env);
            assertThat(((StripeGateway) c.gateway()).settings().apiBase()).isEqualTo(URI.create(local));
        }
        io.kombify.billing.stripe.StripeSettings settings = io.kombify.billing.stripe.StripeSettings.of(
                io.kombify.core.Secret.of(new io.kombify.core.SecretRef("k"), KEY_VALUE),
                io.kombify.billing.stripe.StripePrices.none());
        assertThatThrownBy(() -> settings.withApiBase(URI.create("http://10.0.0.7")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }

    @Test
    void aKeyWrittenIntoTheSettingsIsRefusedWithoutBeingRepeated() {
        BillingException e = refused(Map.of("kombify.billing.gateway", "stripe",
                "kombify.billing.stripe.api-key", KEY_VALUE), Map.of("STRIPE_WEBHOOK_SECRET", "whsec_abc"));
        assertThat(e.getMessage()).contains("must be a secret reference").contains("not shown");
    }

    @Test
    void anUnresolvableReferenceNamesItsVariable() {
        BillingException e = refused(Map.of("kombify.billing.gateway", "stripe",
                "kombify.billing.stripe.api-key", "secret://stripe-key"), Map.of("STRIPE_WEBHOOK_SECRET", "whsec_abc"));
        assertThat(e.getMessage()).contains("KOMBIFY_SECRET_STRIPE_KEY");
    }

    @Test
    void badValuesNameTheirKey() {
        Map<String, String> env = Map.of("STRIPE_API_KEY", KEY_VALUE, "STRIPE_WEBHOOK_SECRET", "whsec_abc");
        assertThat(refused(Map.of("kombify.billing.gateway", "stripe", "kombify.billing.webhook.tolerance", "soon"), env)
                .getMessage()).startsWith("kombify.billing.webhook.tolerance: `soon` is not a duration");
        assertThat(refused(Map.of("kombify.billing.gateway", "stripe", "kombify.billing.stripe.price.free", "price_x"), env)
                .getMessage()).contains("not a paid plan");
        assertThat(refused(Map.of("kombify.billing.gateway", "stripe", "kombify.billing.stripe.price.pro", "p1",
                "kombify.billing.stripe.price.team", "p1"), env).getMessage()).contains("p1");
        assertThat(refused(Map.of("kombify.billing.gateway", "stripe", "kombify.billing.stripe.max-network-retries", "99"),
                env).hint()).contains("0 to 10");
        assertThat(refused(Map.of("kombify.billing.gateway", "development", "kombify.billing.stripe.apikey", "x"), env)
                .getMessage()).startsWith("kombify.billing.stripe.apikey: is not a billing setting");
    }
}
