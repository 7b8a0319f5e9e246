package io.kombify.benchmarks;

import io.kombify.billing.BillingService;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.WebhookResult;
import io.kombify.billing.dev.DevelopmentGateway;
import io.kombify.billing.dev.InMemoryProcessedEventStore;
import io.kombify.billing.dev.InMemorySubscriptionStore;
import io.kombify.billing.spi.GatewayEvent;
import io.kombify.billing.spi.SubscriptionSnapshot;
import io.kombify.billing.stripe.StripePrices;
import io.kombify.billing.stripe.StripeWebhookVerifier;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Webhook throughput of {@code sdk-billing} on the development (in-memory) stores: a
 * {@link BillingService} with a {@link StripeWebhookVerifier}, an {@link InMemorySubscriptionStore}
 * and an {@link InMemoryProcessedEventStore}, on a fixed clock.
 *
 * <p>Each operation of {@code deliver} makes a new {@code customer.subscription.updated} event (a
 * 1.6 KB body shaped like Stripe's, for one of 1,000 organisations, alternating between active
 * and past due, each newer than the last), signs it by Stripe's scheme and hands it to
 * {@link BillingService#handleWebhook}: signature check, parsing by stripe-java, the claim, the
 * merge into the store, and the organisation's state read before and after for the listener
 * events. {@code signOnly} is the making and signing alone, to subtract. {@code duplicate} is a
 * delivery of an event processed before, {@code forged} one whose body was changed after signing,
 * and {@code processOnly} the processing of an already verified event, without the webhook.
 * The stores start empty at every iteration.
 *
 * <p>The state is per thread ({@link Scope#Thread}): the {@link Mac} that signs and the event
 * counter are not thread-safe, and each thread gets its own service and stores, so a run with
 * {@code -t N} measures N independent webhook handlers rather than threads racing over one
 * counter and one signer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class WebhookBenchmark {
    static final String SECRET = "whsec_benchmark_secret";
    static final long T0 = 1_800_000_000L;
    static final int ORGANISATIONS = 1_000;
    static final StripePrices PRICES = StripePrices.of(Map.of(PlanId.PRO, List.of("price_pro"),
            PlanId.TEAM, List.of("price_team")));

    private BillingService billing;
    private long sequence;
    private String processedBody;
    private String processedHeader;
    private String forgedBody;
    private Mac mac;

    @Setup(Level.Iteration)
    public void prepare() throws GeneralSecurityException {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        billing = service();
        sequence = 0;
        processedBody = body(-1);
        processedHeader = header(processedBody);
        forgedBody = processedBody.replace("\"past_due\"", "\"active\"").replace("\"active\"", "\"trialing\"");
        WebhookResult first = billing.handleWebhook(processedBody, processedHeader);
        if (first.outcome() != WebhookResult.Outcome.PROCESSED) {
            throw new IllegalStateException("set-up delivery not processed: " + first);
        }
    }

    static BillingService service() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(T0), ZoneOffset.UTC);
        return BillingService.builder()
                .gateway(DevelopmentGateway.builder().clock(clock).build())
                .webhookVerifier(StripeWebhookVerifier.create(Secret.of(new SecretRef("webhook"), SECRET),
                        Duration.ofSeconds(300), PRICES))
                .subscriptionStore(new InMemorySubscriptionStore())
                .processedEventStore(new InMemoryProcessedEventStore())
                .clock(clock)
                .build();
    }

    /** A {@code customer.subscription.updated} event; {@code n} picks the organisation, status and time. */
    static String body(long n) {
        long org = Math.floorMod(n, ORGANISATIONS);
        String status = (n & 1) == 0 ? "active" : "past_due";
        long created = T0 - 1_000_000 + n;
        return "{\"id\":\"evt_bench_" + n + "\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\","
                + "\"created\":" + created + ",\"livemode\":false,\"pending_webhooks\":1,"
                + "\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\"customer.subscription.updated\","
                + "\"data\":{\"object\":{\"id\":\"sub_bench_" + org + "\",\"object\":\"subscription\","
                + "\"application\":null,\"billing_cycle_anchor\":" + T0 + ",\"cancel_at\":null,"
                + "\"cancel_at_period_end\":false,\"canceled_at\":null,\"collection_method\":\"charge_automatically\","
                + "\"created\":" + T0 + ",\"currency\":\"usd\",\"customer\":\"cus_bench_" + org + "\","
                + "\"default_payment_method\":null,\"description\":null,\"discounts\":[],\"ended_at\":null,"
                + "\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_bench_" + org + "\",\"object\":\"subscription_item\","
                + "\"created\":" + T0 + ",\"current_period_end\":" + (T0 + 2_592_000) + ",\"current_period_start\":" + T0
                + ",\"discounts\":[],\"metadata\":{},\"price\":{\"id\":\"price_pro\",\"object\":\"price\",\"active\":true,"
                + "\"billing_scheme\":\"per_unit\",\"created\":" + T0 + ",\"currency\":\"usd\",\"livemode\":false,"
                + "\"lookup_key\":null,\"metadata\":{},\"nickname\":null,\"product\":\"prod_bench\","
                + "\"recurring\":{\"interval\":\"month\",\"interval_count\":1,\"meter\":null,\"usage_type\":\"licensed\"},"
                + "\"tax_behavior\":\"unspecified\",\"type\":\"recurring\",\"unit_amount\":2900,"
                + "\"unit_amount_decimal\":\"2900\"},\"quantity\":1,\"subscription\":\"sub_bench_" + org + "\","
                + "\"tax_rates\":[]}],\"has_more\":false,\"url\":\"/v1/subscription_items?subscription=sub_bench_" + org
                + "\"},\"latest_invoice\":null,\"livemode\":false,\"metadata\":{\"kombify_org\":\"org-" + org + "\"},"
                + "\"start_date\":" + T0 + ",\"status\":\"" + status + "\",\"trial_end\":null,\"trial_start\":null}},"
                + "\"previous_attributes\":null}";
    }

    String header(String body) {
        byte[] sig = mac.doFinal((T0 + "." + body).getBytes(StandardCharsets.UTF_8));
        return "t=" + T0 + ",v1=" + HexFormat.of().formatHex(sig);
    }

    @Benchmark
    public String signOnly() {
        return header(body(sequence++));
    }

    @Benchmark
    public WebhookResult deliver() {
        String body = body(sequence++);
        return billing.handleWebhook(body, header(body));
    }

    @Benchmark
    public WebhookResult duplicate() {
        return billing.handleWebhook(processedBody, processedHeader);
    }

    @Benchmark
    public WebhookResult forged() {
        return billing.handleWebhook(forgedBody, processedHeader);
    }

    @Benchmark
    public WebhookResult processOnly() {
        long n = sequence++;
        long org = Math.floorMod(n, ORGANISATIONS);
        SubscriptionSnapshot s = new SubscriptionSnapshot("sub_bench_" + org, "cus_bench_" + org,
                (n & 1) == 0 ? SubscriptionStatus.ACTIVE : SubscriptionStatus.PAST_DUE, PlanId.PRO, "price_pro",
                Instant.ofEpochSecond(T0 + 2_592_000), false, OrganizationId.of("org-" + org));
        return billing.process(new GatewayEvent.SubscriptionChanged("evt_direct_" + n, "customer.subscription.updated",
                Instant.ofEpochSecond(T0 - 1_000_000 + n), s));
    }
}
