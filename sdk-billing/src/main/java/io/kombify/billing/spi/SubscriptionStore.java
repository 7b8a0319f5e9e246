package io.kombify.billing.spi;

import io.kombify.billing.OrganizationId;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Keeps what billing knows about customers and subscriptions. Billing changes a record only
 * through {@code update*}, with a function that merges an observation into it (see
 * {@link SubscriptionRecord}); the store makes each update atomic.
 *
 * <p>Implementations must be thread-safe: two updates of the same record at the same time must
 * both take effect (the second sees the first's result), as with
 * {@link java.util.concurrent.ConcurrentHashMap#compute}. The functions are pure and may be called
 * more than once, so an implementation may retry them (optimistic locking). The contract test
 * {@code io.kombify.billing.testing.SubscriptionStoreContract} checks all of this.
 */
public interface SubscriptionStore {

    /**
     * Atomically replaces the record of {@code subscriptionId} (or
     * {@link SubscriptionRecord#empty} when there is none) by {@code change} applied to it.
     *
     * @return the record stored
     */
    SubscriptionRecord updateSubscription(String subscriptionId, UnaryOperator<SubscriptionRecord> change);

    /**
     * Atomically replaces the record of {@code customerId} (or {@link CustomerRecord#empty}) by
     * {@code change} applied to it.
     *
     * @return the record stored
     */
    CustomerRecord updateCustomer(String customerId, UnaryOperator<CustomerRecord> change);

    /** The record of a subscription. */
    Optional<SubscriptionRecord> subscription(String subscriptionId);

    /** The record of a customer. */
    Optional<CustomerRecord> customer(String customerId);

    /** The customers whose organisation is {@code organization}, in the order of their ids. */
    List<CustomerRecord> customersOf(OrganizationId organization);

    /** The subscriptions of a customer, in the order of their ids. */
    List<SubscriptionRecord> subscriptionsOf(String customerId);
}
