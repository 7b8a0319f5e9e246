package io.kombify.billing.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.spi.CustomerRecord;
import io.kombify.billing.spi.ObservationKey;
import io.kombify.billing.spi.SubscriptionRecord;
import io.kombify.billing.spi.SubscriptionSnapshot;
import io.kombify.billing.spi.SubscriptionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SubscriptionStore} must pass: extend it and return a new, empty store
 * from {@link #newStore()}.
 */
public abstract class SubscriptionStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final OrganizationId GLOBEX = OrganizationId.of("globex");

    /** A new, empty store. */
    protected abstract SubscriptionStore newStore();

    private static ObservationKey key(long second, String event) {
        return new ObservationKey(false, T0.plusSeconds(second), ObservationKey.SOURCE_SNAPSHOT, 0, event);
    }

    private static SubscriptionSnapshot snapshot(String id, String customer, SubscriptionStatus status) {
        return new SubscriptionSnapshot(id, customer, status, PlanId.PRO, "price_pro", T0.plusSeconds(86_400), false, null);
    }

    @Test
    void aRecordIsStoredAsTheUpdateReturnedIt() {
        SubscriptionStore store = newStore();
        SubscriptionRecord stored = store.updateSubscription("sub_1",
                r -> r.withSnapshot(snapshot("sub_1", "cus_1", SubscriptionStatus.ACTIVE), key(1, "evt_1")));

        assertThat(store.subscription("sub_1")).contains(stored);
        assertThat(stored.status()).contains(SubscriptionStatus.ACTIVE);
        assertThat(store.subscriptionsOf("cus_1")).containsExactly(stored);
        assertThat(store.subscription("sub_2")).isEmpty();
        assertThat(store.subscriptionsOf("cus_2")).isEmpty();
    }

    @Test
    void anUpdateStartsFromAnEmptyRecord() {
        SubscriptionStore store = newStore();
        List<Object> seen = new ArrayList<>();
        store.updateSubscription("sub_1", r -> {
            seen.add(r);
            return r;
        });
        store.updateCustomer("cus_1", c -> {
            seen.add(c);
            return c;
        });
        assertThat(seen).containsExactly(SubscriptionRecord.empty("sub_1"), CustomerRecord.empty("cus_1"));
    }

    @Test
    void customersAreFoundByTheirOrganisationAndFollowALaterLink() {
        SubscriptionStore store = newStore();
        store.updateCustomer("cus_2", c -> c.withOrganization(ACME, key(1, "evt_1")));
        store.updateCustomer("cus_1", c -> c.withOrganization(ACME, key(1, "evt_2")));
        store.updateCustomer("cus_3", c -> c.withOrganization(GLOBEX, key(1, "evt_3")));
        assertThat(store.customersOf(ACME)).extracting(CustomerRecord::customerId).containsExactly("cus_1", "cus_2");

        store.updateCustomer("cus_2", c -> c.withOrganization(GLOBEX, key(2, "evt_4")));
        assertThat(store.customersOf(ACME)).extracting(CustomerRecord::customerId).containsExactly("cus_1");
        assertThat(store.customersOf(GLOBEX)).extracting(CustomerRecord::customerId).containsExactly("cus_2", "cus_3");
        assertThat(store.customer("cus_2").orElseThrow().organizationId()).contains(GLOBEX);
    }

    @Test
    void aSubscriptionIsFoundByItsCurrentCustomerOnly() {
        SubscriptionStore store = newStore();
        store.updateSubscription("sub_1", r -> r.withSnapshot(snapshot("sub_1", "cus_1", SubscriptionStatus.ACTIVE),
                key(1, "evt_1")));
        store.updateSubscription("sub_1", r -> r.withSnapshot(snapshot("sub_1", "cus_2", SubscriptionStatus.ACTIVE),
                key(2, "evt_2")));

        assertThat(store.subscriptionsOf("cus_1")).isEmpty();
        assertThat(store.subscriptionsOf("cus_2")).extracting(SubscriptionRecord::subscriptionId).containsExactly("sub_1");
    }

    @Test
    void concurrentUpdatesOfOneRecordAreNeverLost() throws Exception {
        SubscriptionStore store = newStore();
        int threads = 4;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // every update adds one past-due observation; none may be lost
                        SubscriptionSnapshot s = snapshot("sub_1", "cus_1", SubscriptionStatus.PAST_DUE);
                        ObservationKey k = key(1 + thread * perThread + i, "evt_" + thread + "_" + i);
                        store.updateSubscription("sub_1", r -> r.withSnapshot(s, k));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        SubscriptionRecord r = store.subscription("sub_1").orElseThrow();
        assertThat(r.delinquency()).hasSize(threads * perThread);
        assertThat(r.pastDueSince()).contains(T0.plusSeconds(1));
    }
}
