package io.kombify.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.billing.dev.DevelopmentGateway;
import io.kombify.billing.dev.InMemoryProcessedEventStore;
import io.kombify.billing.dev.InMemorySubscriptionStore;
import io.kombify.billing.spi.CustomerRecord;
import io.kombify.billing.spi.GatewayEvent;
import io.kombify.billing.spi.ProcessedEventStore;
import io.kombify.billing.spi.SubscriptionRecord;
import io.kombify.billing.spi.SubscriptionSnapshot;
import io.kombify.billing.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Events arrive in any order and any number of times; the state they leave must not depend on it.
 * Each property applies a sequence of events in order and a permutation of it with duplicates, once
 * with a processed-event store that acknowledges the duplicates and once with one that forgets
 * every event (so each duplicate is merged again), and compares what the organisation's billing is
 * (at several times, so the grace period is covered) and what the store holds. Examples pin what
 * the in-order lifecycle must give, and the arbitrary events are checked against rules that do
 * not depend on how the merge works.
 */
class OrderIndependenceProperties {
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final OrganizationId GLOBEX = OrganizationId.of("globex");
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    /** A Pro subscription's life: checkout, a failed renewal, a paid one, an upgrade, a cancellation. */
    private static List<GatewayEvent> lifecycle() {
        List<GatewayEvent> events = new ArrayList<>();
        events.add(new GatewayEvent.CheckoutCompleted("evt_checkout", "checkout.session.completed", at(0), "cs_1",
                "cus_1", ACME, "sub_1"));
        events.add(changed("evt_created", "customer.subscription.created", 0, SubscriptionStatus.INCOMPLETE, PlanId.PRO));
        events.add(changed("evt_active", "customer.subscription.updated", 0, SubscriptionStatus.ACTIVE, PlanId.PRO));
        events.add(invoice("evt_paid_1", 0, true));
        events.add(invoice("evt_failed_1", 2_592_000, false));
        events.add(changed("evt_past_due", "customer.subscription.updated", 2_592_000, SubscriptionStatus.PAST_DUE,
                PlanId.PRO));
        events.add(invoice("evt_failed_2", 2_851_200, false));
        events.add(invoice("evt_paid_2", 2_937_600, true));
        events.add(changed("evt_recovered", "customer.subscription.updated", 2_937_600, SubscriptionStatus.ACTIVE,
                PlanId.PRO));
        events.add(changed("evt_upgraded", "customer.subscription.updated", 3_000_000, SubscriptionStatus.ACTIVE,
                PlanId.TEAM));
        events.add(new GatewayEvent.CustomerUpdated("evt_email", "customer.updated", at(3_000_100), "cus_1", ACME,
                "billing@acme.example"));
        events.add(changed("evt_deleted", "customer.subscription.deleted", 4_000_000, SubscriptionStatus.CANCELED,
                PlanId.TEAM));
        return events;
    }

    @Property(tries = 200)
    void everyPermutationWithDuplicatesOfASubscriptionsLifeEndsInTheSameState(@ForAll Random random,
                                                                              @ForAll("prefixLength") int length) {
        List<GatewayEvent> events = lifecycle().subList(0, length);
        assertSameOutcome(events, permutedWithDuplicates(events, random));
    }

    @Example
    void theLifecycleInOrderGivesWhatEachStepMeans() {
        BillingState paid = stateAfter(4, Duration.ofSeconds(10));
        assertThat(paid).isEqualTo(new BillingState(ACME, "cus_1", "sub_1", PlanId.PRO, SubscriptionStatus.ACTIVE,
                PlanId.PRO, null, false, null, null, true));

        Instant failedAt = at(2_592_000);
        BillingState pastDue = stateAfter(6, Duration.ofDays(33));
        assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(pastDue.pastDueSince()).isEqualTo(failedAt);
        assertThat(pastDue.graceEndsAt()).isEqualTo(failedAt.plus(Duration.ofDays(7)));
        assertThat(pastDue.effectivePlan()).isEqualTo(PlanId.PRO);
        BillingState lapsed = stateAfter(7, Duration.ofDays(40));
        assertThat(lapsed.pastDueSince()).as("a second failure keeps the first one's grace period").isEqualTo(failedAt);
        assertThat(lapsed.effectivePlan()).isEqualTo(PlanId.FREE);
        assertThat(lapsed.hasLiveSubscription()).isTrue();

        BillingState recovered = stateAfter(8, Duration.ofDays(40));
        assertThat(recovered.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(recovered.pastDueSince()).isNull();
        assertThat(recovered.effectivePlan()).isEqualTo(PlanId.PRO);
        assertThat(stateAfter(10, Duration.ofDays(40)).effectivePlan()).isEqualTo(PlanId.TEAM);

        Outcome all = run(lifecycle(), new InMemoryProcessedEventStore());
        assertThat(all.states()).allSatisfy(state -> {
            if (state.organization().equals(ACME)) {
                assertThat(state).isEqualTo(new BillingState(ACME, "cus_1", "sub_1", PlanId.TEAM,
                        SubscriptionStatus.CANCELED, PlanId.FREE, null, false, null, null, false));
            } else {
                assertThat(state).isEqualTo(BillingState.free(GLOBEX, null));
            }
        });
        assertThat(all.customer().orElseThrow().email().value()).isEqualTo("billing@acme.example");
        assertThat(all.customer().orElseThrow().organizationId()).contains(ACME);
    }

    private static BillingState stateAfter(int events, Duration at) {
        TestClock clock = new TestClock(T0);
        BillingService billing = service(new InMemorySubscriptionStore(), new InMemoryProcessedEventStore(), clock);
        lifecycle().subList(0, events).forEach(billing::process);
        clock.set(T0.plus(at));
        return billing.state(ACME);
    }

    @Provide
    Arbitrary<Integer> prefixLength() {
        return Arbitraries.integers().between(1, lifecycle().size());
    }

    @Property(tries = 300)
    void everyPermutationWithDuplicatesOfArbitraryEventsEndsInTheSameState(@ForAll("events") List<GatewayEvent> events,
                                                                          @ForAll Random random) {
        Outcome outcome = assertSameOutcome(events, permutedWithDuplicates(events, random));
        assertFollowsTheRules(events, outcome);
    }

    /**
     * Rules the outcome must follow whatever the merge: a customer belongs to the organisation the
     * newest event about the customer itself names, or, when no such event names one, the newest
     * subscription's metadata (when that is unambiguous; a subscription's end does not end the
     * link), and a subscription seen in a final state stays there.
     */
    private static void assertFollowsTheRules(List<GatewayEvent> events, Outcome outcome) {
        boolean customerNamedOne = events.stream()
                .anyMatch(e -> !(e instanceof GatewayEvent.SubscriptionChanged) && linkedOrganization(e) != null);
        long newest = -1;
        Set<OrganizationId> named = new HashSet<>();
        for (GatewayEvent e : events) {
            if (customerNamedOne && e instanceof GatewayEvent.SubscriptionChanged) {
                continue;
            }
            OrganizationId org = linkedOrganization(e);
            if (org == null) {
                continue;
            }
            long second = e.created().getEpochSecond();
            if (second > newest) {
                newest = second;
                named.clear();
            }
            if (second == newest) {
                named.add(org);
            }
        }
        Optional<CustomerRecord> customer = outcome.customer();
        if (named.size() == 1) {
            assertThat(customer.flatMap(CustomerRecord::organizationId))
                    .as("the organisation of the newest link of the highest source").contains(named.iterator().next());
        } else if (named.isEmpty()) {
            assertThat(customer.flatMap(CustomerRecord::organizationId)).isEmpty();
        }
        for (String sub : List.of("sub_1", "sub_2")) {
            boolean ended = events.stream().anyMatch(e -> e instanceof GatewayEvent.SubscriptionChanged c
                    && c.subscription().subscriptionId().equals(sub) && c.subscription().status().terminal());
            if (ended) {
                assertThat(outcome.subscription(sub).flatMap(SubscriptionRecord::status))
                        .get().as("status of %s", sub).matches(SubscriptionStatus::terminal);
            }
        }
    }

    private static OrganizationId linkedOrganization(GatewayEvent e) {
        if (e instanceof GatewayEvent.CustomerUpdated u) {
            return u.organization();
        }
        if (e instanceof GatewayEvent.CheckoutCompleted c) {
            return c.organization();
        }
        if (e instanceof GatewayEvent.SubscriptionChanged c) {
            return c.subscription().organization();
        }
        return null;
    }

    @Provide
    Arbitrary<List<GatewayEvent>> events() {
        // times within a few seconds of each other, so that ties between events are common
        Arbitrary<Integer> second = Arbitraries.integers().between(0, 5);
        Arbitrary<SubscriptionStatus> status = Arbitraries.of(SubscriptionStatus.class);
        Arbitrary<PlanId> plan = Arbitraries.of(PlanId.PRO, PlanId.TEAM);
        Arbitrary<String> sub = Arbitraries.of("sub_1", "sub_2");
        Arbitrary<OrganizationId> org = Arbitraries.of(ACME, GLOBEX);
        Arbitrary<OrganizationId> metadata = Arbitraries.of(ACME, GLOBEX).injectNull(0.4);
        // every status, final ones included, each with or without an organisation in its metadata
        Arbitrary<GatewayEvent> changed = Combinators.combine(second, status, plan, sub, metadata)
                .as((s, st, p, id, o) -> (GatewayEvent) new GatewayEvent.SubscriptionChanged("x",
                        st.terminal() ? "customer.subscription.deleted" : "customer.subscription.updated", at(s),
                        new SubscriptionSnapshot(id, "cus_1", st, p, "price_" + p.key(), null, false, o)));
        Arbitrary<GatewayEvent> checkout = Combinators.combine(second, org, sub)
                .as((s, o, id) -> (GatewayEvent) new GatewayEvent.CheckoutCompleted("x", "checkout.session.completed",
                        at(s), "cs_1", "cus_1", o, id));
        Arbitrary<GatewayEvent> invoice = Combinators.combine(second, Arbitraries.of(true, false), sub)
                .as((s, paid, id) -> (GatewayEvent) new GatewayEvent.InvoiceSettled("x",
                        paid ? "invoice.paid" : "invoice.payment_failed", at(s), "in_1", "cus_1", id, paid));
        Arbitrary<GatewayEvent> link = Combinators.combine(second, org)
                .as((s, o) -> (GatewayEvent) new GatewayEvent.CustomerUpdated("x", "customer.updated", at(s), "cus_1",
                        o, o.value() + "@example.org"));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, changed), net.jqwik.api.Tuple.of(3, invoice),
                        net.jqwik.api.Tuple.of(1, link), net.jqwik.api.Tuple.of(1, checkout))
                .list().ofMinSize(1).ofMaxSize(12)
                .map(OrderIndependenceProperties::withUniqueIds);
    }

    private static List<GatewayEvent> withUniqueIds(List<GatewayEvent> events) {
        List<GatewayEvent> result = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String id = "evt_" + i;
            GatewayEvent e = events.get(i);
            if (e instanceof GatewayEvent.SubscriptionChanged c) {
                result.add(new GatewayEvent.SubscriptionChanged(id, c.type(), c.created(), c.subscription()));
            } else if (e instanceof GatewayEvent.InvoiceSettled v) {
                result.add(new GatewayEvent.InvoiceSettled(id, v.type(), v.created(), v.invoiceId(), v.customerId(),
                        v.subscriptionId(), v.paid()));
            } else if (e instanceof GatewayEvent.CustomerUpdated u) {
                result.add(new GatewayEvent.CustomerUpdated(id, u.type(), u.created(), u.customerId(), u.organization(),
                        u.email()));
            } else if (e instanceof GatewayEvent.CheckoutCompleted c) {
                result.add(new GatewayEvent.CheckoutCompleted(id, c.type(), c.created(), c.sessionId(), c.customerId(),
                        c.organization(), c.subscriptionId()));
            }
        }
        return result;
    }

    private static List<GatewayEvent> permutedWithDuplicates(List<GatewayEvent> events, Random random) {
        List<GatewayEvent> delivered = new ArrayList<>(events);
        int duplicates = random.nextInt(events.size() + 1);
        for (int i = 0; i < duplicates; i++) {
            delivered.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(delivered, random);
        return delivered;
    }

    private record Outcome(List<BillingState> states, List<Optional<SubscriptionRecord>> subscriptions,
                           Optional<CustomerRecord> customer) {

        Optional<SubscriptionRecord> subscription(String id) {
            return subscriptions.get(id.equals("sub_1") ? 0 : 1);
        }
    }

    /**
     * The outcome of {@code inOrder}, after checking that {@code delivered} gives it too, with the
     * duplicates acknowledged and with each merged again.
     */
    private static Outcome assertSameOutcome(List<GatewayEvent> inOrder, List<GatewayEvent> delivered) {
        Outcome expected = run(inOrder, new InMemoryProcessedEventStore());
        assertThat(run(delivered, new InMemoryProcessedEventStore())).as("delivered as %s", ids(delivered))
                .isEqualTo(expected);
        assertThat(run(delivered, new ForgetfulProcessedEventStore()))
                .as("delivered as %s, each duplicate merged again", ids(delivered)).isEqualTo(expected);
        return expected;
    }

    private static List<String> ids(List<GatewayEvent> events) {
        return events.stream().map(GatewayEvent::id).toList();
    }

    private static BillingService service(InMemorySubscriptionStore store, ProcessedEventStore processed,
                                          TestClock clock) {
        return BillingService.builder()
                .gateway(DevelopmentGateway.create())
                .subscriptionStore(store)
                .processedEventStore(processed)
                .clock(clock)
                .build();
    }

    private static Outcome run(List<GatewayEvent> events, ProcessedEventStore processed) {
        TestClock clock = new TestClock(T0);
        InMemorySubscriptionStore store = new InMemorySubscriptionStore();
        BillingService billing = service(store, processed, clock);
        for (GatewayEvent e : events) {
            WebhookResult r = billing.process(e);
            assertThat(r.acknowledged()).as("%s", r).isTrue();
        }
        List<BillingState> states = new ArrayList<>();
        for (Duration d : List.of(Duration.ofSeconds(10), Duration.ofDays(33), Duration.ofDays(40), Duration.ofDays(60))) {
            clock.set(T0.plus(d));
            states.add(billing.state(ACME));
            states.add(billing.state(GLOBEX));
        }
        return new Outcome(states, List.of(store.subscription("sub_1"), store.subscription("sub_2")),
                store.customer("cus_1"));
    }

    /** A processed-event store that forgets every event at once, as after a restart between deliveries. */
    private static final class ForgetfulProcessedEventStore implements ProcessedEventStore {
        private final AtomicLong tokens = new AtomicLong();

        @Override
        public Claim claim(String eventId, Instant now, Duration lease) {
            return Claim.claimed("forgotten-" + tokens.incrementAndGet());
        }

        @Override
        public boolean complete(String eventId, String token, Instant now) {
            return true;
        }

        @Override
        public boolean release(String eventId, String token) {
            return true;
        }

        @Override
        public int forgetCompletedBefore(Instant cutoff) {
            return 0;
        }
    }

    private static Instant at(long second) {
        return T0.plusSeconds(second);
    }

    private static SubscriptionSnapshot snapshot(String id, SubscriptionStatus status, PlanId plan) {
        return new SubscriptionSnapshot(id, "cus_1", status, plan, "price_" + plan.key(), null, false, null);
    }

    private static GatewayEvent changed(String id, String type, long second, SubscriptionStatus status, PlanId plan) {
        return new GatewayEvent.SubscriptionChanged(id, type, at(second), snapshot("sub_1", status, plan));
    }

    private static GatewayEvent invoice(String id, long second, boolean paid) {
        return new GatewayEvent.InvoiceSettled(id, paid ? "invoice.paid" : "invoice.payment_failed", at(second), "in_1",
                "cus_1", "sub_1", paid);
    }
}
