package io.kombify.billing.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.spi.ObservationKey;
import io.kombify.billing.spi.SubscriptionSnapshot;
import io.kombify.billing.spi.SubscriptionStore;
import io.kombify.billing.testing.SubscriptionStoreContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemorySubscriptionStoreTest extends SubscriptionStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @Override
    protected SubscriptionStore newStore() {
        return new InMemorySubscriptionStore();
    }

    private static ObservationKey key(long second) {
        return new ObservationKey(false, T0.plusSeconds(second), ObservationKey.SOURCE_SNAPSHOT, 0, "evt_" + second);
    }

    @Test
    void aRecordThatMovesLeavesNoEntryBehindInTheIndexes() {
        InMemorySubscriptionStore store = new InMemorySubscriptionStore();
        OrganizationId acme = OrganizationId.of("acme");
        OrganizationId globex = OrganizationId.of("globex");
        store.updateCustomer("cus_1", c -> c.withOrganization(acme, key(1)));
        store.updateSubscription("sub_1", r -> r.withSnapshot(new SubscriptionSnapshot("sub_1", "cus_1",
                SubscriptionStatus.ACTIVE, PlanId.PRO, "price_pro", null, false, null), key(1)));
        assertThat(store.indexEntries()).isEqualTo(2);

        // the customer moves to another organisation, the subscription to another customer, many times
        for (int i = 2; i < 50; i++) {
            OrganizationId org = i % 2 == 0 ? globex : acme;
            String customer = "cus_" + i;
            ObservationKey k = key(i);
            store.updateCustomer("cus_1", c -> c.withOrganization(org, k));
            store.updateSubscription("sub_1", r -> r.withSnapshot(new SubscriptionSnapshot("sub_1", customer,
                    SubscriptionStatus.ACTIVE, PlanId.PRO, "price_pro", null, false, null), k));
        }

        assertThat(store.indexEntries()).isEqualTo(2);
        assertThat(store.customersOf(acme)).extracting(c -> c.customerId()).containsExactly("cus_1");
        assertThat(store.customersOf(globex)).isEmpty();
        assertThat(store.subscriptionsOf("cus_49")).hasSize(1);
        assertThat(store.subscriptionsOf("cus_48")).isEmpty();
    }
}
