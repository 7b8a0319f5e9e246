package io.kombify.billing.dev;

import io.kombify.billing.spi.ProcessedEventStore;
import io.kombify.billing.testing.ProcessedEventStoreContract;

class InMemoryProcessedEventStoreTest extends ProcessedEventStoreContract {
    @Override
    protected ProcessedEventStore newStore() {
        return new InMemoryProcessedEventStore();
    }
}
