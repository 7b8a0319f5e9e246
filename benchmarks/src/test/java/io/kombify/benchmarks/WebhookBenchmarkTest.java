package io.kombify.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.WebhookResult.Outcome;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Runs each benchmark's code once and checks it measures what it says. */
class WebhookBenchmarkTest {

    @Test
    void eachBenchmarkDoesWhatItsNameSays() throws Exception {
        WebhookBenchmark b = new WebhookBenchmark();
        b.prepare();

        assertThat(b.deliver().outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(b.deliver().outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(b.duplicate().outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(b.forged().code()).isEqualTo("WEBHOOK_SIGNATURE_INVALID");
        assertThat(b.processOnly().outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(b.signOnly()).startsWith("t=" + WebhookBenchmark.T0 + ",v1=");
        assertThat(WebhookBenchmark.body(0).length()).isBetween(1_400, 1_800);
    }

    @Test
    void eachThreadHasItsOwnSignerAndCounter() {
        // a Mac and a counter shared by JMH's threads would sign garbage and repeat event ids
        assertThat(WebhookBenchmark.class.getAnnotation(State.class).value()).isEqualTo(Scope.Thread);
    }

    @Test
    void theEventsChangeTheOrganisationsState() throws Exception {
        WebhookBenchmark b = new WebhookBenchmark();
        b.prepare();
        b.deliver();   // event 0: organisation 0, active
        var billing = b.getClass().getDeclaredField("billing");
        billing.setAccessible(true);
        var service = (io.kombify.billing.BillingService) billing.get(b);
        assertThat(service.state(OrganizationId.of("org-0")).status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(service.state(OrganizationId.of("org-0")).effectivePlan()).isEqualTo(PlanId.PRO);
        b.deliver();   // event 1: organisation 1, past due
        assertThat(service.state(OrganizationId.of("org-1")).status()).isEqualTo(SubscriptionStatus.PAST_DUE);
    }
}
