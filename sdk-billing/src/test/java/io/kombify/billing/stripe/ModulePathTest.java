package io.kombify.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module as a consumer on the module path sees it: resolved from the built classes and the
 * runtime dependencies only (stripe-java as an automatic module, Gson and sdk-core as named ones),
 * it exports its API but not its internals, and verifying a webhook works, which takes stripe-java
 * and Gson's reflection across module boundaries.
 */
class ModulePathTest {

    private static ModuleLayer layer() throws Exception {
        List<Path> path = new ArrayList<>();
        path.add(Path.of(System.getProperty("billing.classes", "target/classes")));
        String runtime = Files.readString(Path.of(System.getProperty("billing.runtimeModulePath",
                "target/runtime-module-path.txt"))).strip();
        for (String entry : runtime.split(File.pathSeparator)) {
            path.add(Path.of(entry));
        }
        ModuleFinder finder = ModuleFinder.of(path.toArray(Path[]::new));
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(),
                Set.of("io.kombify.billing"));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void theModuleExportsItsApiButNotItsInternals() throws Exception {
        ModuleLayer layer = layer();
        ModuleDescriptor billing = layer.findModule("io.kombify.billing").orElseThrow().getDescriptor();

        assertThat(billing.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("io.kombify.billing", "io.kombify.billing.spi", "io.kombify.billing.stripe",
                        "io.kombify.billing.dev");
        assertThat(billing.packages()).contains("io.kombify.billing.internal");
        assertThat(billing.requires().stream().map(ModuleDescriptor.Requires::name))
                .contains("io.kombify.core", "stripe.java");
        assertThat(layer.findModule("stripe.java").orElseThrow().getDescriptor().isAutomatic()).isTrue();
        assertThat(layer.findModule("com.google.gson")).isPresent();
    }

    @Test
    void aWebhookIsVerifiedAndReadInsideTheNamedModule() throws Exception {
        ModuleLayer layer = layer();
        ClassLoader loader = layer.findLoader("io.kombify.billing");
        Class<?> refType = Class.forName("io.kombify.core.SecretRef", true, loader);
        Class<?> secretType = Class.forName("io.kombify.core.Secret", true, loader);
        Class<?> pricesType = Class.forName("io.kombify.billing.stripe.StripePrices", true, loader);
        Class<?> verifierType = Class.forName("io.kombify.billing.stripe.StripeWebhookVerifier", true, loader);
        assertThat(verifierType.getModule().getName()).isEqualTo("io.kombify.billing");

        Object ref = refType.getConstructor(String.class).newInstance("webhook");
        Object secret = secretType.getMethod("of", refType, String.class).invoke(null, ref, WebhookFixture.SECRET);
        Object prices = pricesType.getMethod("none").invoke(null);
        Object verifier = verifierType.getMethod("create", secretType, Duration.class, pricesType)
                .invoke(null, secret, Duration.ofSeconds(300), prices);

        String body = WebhookFixture.subscriptionEvent("evt_1", "customer.subscription.updated", WebhookFixture.T0,
                "sub_1", "cus_1", "past_due", "price_x", "acme");
        Object event = verifierType.getMethod("verify", String.class, String.class, Instant.class).invoke(verifier, body,
                Signatures.header(WebhookFixture.SECRET, WebhookFixture.T0, body), Instant.ofEpochSecond(WebhookFixture.T0));

        assertThat(event.getClass().getName()).isEqualTo("io.kombify.billing.spi.GatewayEvent$SubscriptionChanged");
        assertThat(event.getClass().getModule().getLayer()).isSameAs(layer);
        assertThat(event.toString()).contains("status=PAST_DUE").contains("organization=acme");
    }
}
