package io.kombify.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.billing.dev.DevelopmentGateway;
import io.kombify.billing.dev.InMemoryProcessedEventStore;
import io.kombify.billing.dev.InMemorySubscriptionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code docs/billing.md}: each {@code // docs:NAME {} ... {@code // }} region below
 * appears there word for word, and runs here.
 */
class BillingDocsExampleTest {
    private static final OrganizationId ORG = OrganizationId.of("acme");

    private static BillingService setUp(Map<String, String> settings, Map<String, String> environment) {
        // docs:setup {
        BillingService billing = BillingService.builder()
                .configuration(BillingConfiguration.from(settings, environment))
                .subscriptionStore(new InMemorySubscriptionStore())       // the server's database in production
                .processedEventStore(new InMemoryProcessedEventStore())
                .listener(event -> { /* metrics, audit log */ })
                .build();
        // }
        return billing;
    }

    private static Decision mayCreateStack(BillingService billing, OrganizationId org, int existingStacks) {
        // docs:entitlements {
        Entitlements entitlements = billing.entitlements(org);
        Decision decision = entitlements.createStack(existingStacks);
        if (decision.denied()) {
            // e.g. ENTITLEMENT_STACK_LIMIT: "the Free plan allows 1 stack and this organisation has 1"
            //      hint: "upgrade to Pro ($29/month) for 5 stacks"
            return decision;
        }
        // }
        return decision;
    }

    private static int webhook(BillingService billing, String body, String signatureHeader) {
        // docs:webhook {
        WebhookResult result = billing.handleWebhook(body, signatureHeader);
        int status = result.httpStatus();   // 2xx: done; anything else: Stripe delivers it again later
        // }
        return status;
    }

    @Test
    void theExamplesRun() {
        BillingService billing = setUp(Map.of("kombify.billing.gateway", "development"), Map.of());
        assertThat(billing.gateway()).isInstanceOf(DevelopmentGateway.class);

        Decision no = mayCreateStack(billing, ORG, 1);
        assertThat(no.code()).isEqualTo("ENTITLEMENT_STACK_LIMIT");
        assertThat(no.reason()).isEqualTo("the Free plan allows 1 stack and this organisation has 1");
        assertThat(no.hint()).isEqualTo("upgrade to Pro ($29/month) for 5 stacks");

        billing.startCheckout(ORG, PlanId.PRO, "https://app.example.org/ok", "https://app.example.org/billing");
        assertThat(mayCreateStack(billing, ORG, 1).allowed()).isTrue();
        assertThat(webhook(billing, "{}", null)).isEqualTo(400);
    }

    @Test
    void theDocumentationQuotesTheExamplesWordForWord() throws IOException {
        Path root = Path.of(System.getProperty("kombify.root", ".."));
        String source = Files.readString(root.resolve(
                "sdk-billing/src/test/java/io/kombify/billing/BillingDocsExampleTest.java"));
        String docs = Files.readString(root.resolve("docs/billing.md"));
        List<String> regions = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)// docs:(\\w+) \\{\\n(.*?)\\n\\s*// }").matcher(source);
        while (m.find()) {
            regions.add(m.group(1));
            assertThat(docs).as("docs/billing.md quotes region %s", m.group(1)).contains(dedent(m.group(2)));
        }
        assertThat(regions).containsExactly("setup", "entitlements", "webhook");
    }

    private static String dedent(String block) {
        String[] lines = block.split("\n");
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.length() >= indent ? l.substring(indent) : l.strip()).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
