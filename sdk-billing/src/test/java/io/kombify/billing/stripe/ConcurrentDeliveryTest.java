package io.kombify.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.billing.BillingEvent;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.WebhookResult;
import io.kombify.billing.WebhookResult.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentDeliveryTest {

    @Test
    void ofConcurrentDeliveriesOfOneEventExactlyOneProcessesIt() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                WebhookFixture f = new WebhookFixture();
                String body = WebhookFixture.subscriptionEvent("evt_" + round, "customer.subscription.created",
                        WebhookFixture.T0, "sub_1", "cus_1", "active", "price_team", "acme");
                String header = f.sign(body);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<WebhookResult>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return f.billing.handleWebhook(body, header);
                    }));
                }
                start.countDown();
                List<Outcome> outcomes = new ArrayList<>();
                for (Future<WebhookResult> r : results) {
                    outcomes.add(r.get(10, TimeUnit.SECONDS).outcome());
                }

                assertThat(outcomes).filteredOn(o -> o == Outcome.PROCESSED).hasSize(1);
                assertThat(outcomes).filteredOn(o -> o != Outcome.PROCESSED)
                        .allMatch(o -> o == Outcome.DUPLICATE || o == Outcome.IN_PROGRESS);
                assertThat(f.events).filteredOn(e -> e instanceof BillingEvent.EventProcessed).hasSize(1);
                assertThat(f.events).filteredOn(e -> e instanceof BillingEvent.StateChanged).hasSize(1);
                assertThat(f.billing.state(OrganizationId.of("acme")).effectivePlan()).isEqualTo(PlanId.TEAM);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeliveryThatFindsTheEventInProgressIsToldToComeBackAndIsProcessedWhenTheClaimExpires() {
        WebhookFixture f = new WebhookFixture();
        String body = WebhookFixture.subscriptionEvent("evt_1", "customer.subscription.created", WebhookFixture.T0,
                "sub_1", "cus_1", "active", "price_team", "acme");
        // another delivery claimed the event and its process died before completing it
        f.processed.claim("evt_1", f.clock.instant(), java.time.Duration.ofMinutes(2));

        WebhookResult busy = f.billing.handleWebhook(body, f.sign(body));
        assertThat(busy.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(busy.acknowledged()).isFalse();
        assertThat(busy.httpStatus()).isEqualTo(409);

        f.clock.advance(java.time.Duration.ofMinutes(2));
        WebhookResult retried = f.billing.handleWebhook(body, f.sign(body));
        assertThat(retried.outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(f.billing.state(OrganizationId.of("acme")).effectivePlan()).isEqualTo(PlanId.TEAM);
    }
}
