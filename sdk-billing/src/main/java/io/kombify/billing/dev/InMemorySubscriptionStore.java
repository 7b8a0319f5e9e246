package io.kombify.billing.dev;

import io.kombify.billing.OrganizationId;
import io.kombify.billing.spi.CustomerRecord;
import io.kombify.billing.spi.SubscriptionRecord;
import io.kombify.billing.spi.SubscriptionStore;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A {@link SubscriptionStore} in memory, for development and tests. Thread-safe; updates are
 * atomic per record, and the indexes by organisation and by customer change within the same
 * update as the record, so an entry leaves the index it no longer belongs to.
 */
public final class InMemorySubscriptionStore implements SubscriptionStore {
    private final ConcurrentHashMap<String, SubscriptionRecord> subscriptions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CustomerRecord> customers = new ConcurrentHashMap<>();
    // Sets are immutable and replaced whole, so an index entry changes atomically too.
    private final ConcurrentHashMap<OrganizationId, Set<String>> customersByOrganization = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> subscriptionsByCustomer = new ConcurrentHashMap<>();

    @Override
    public SubscriptionRecord updateSubscription(String subscriptionId, UnaryOperator<SubscriptionRecord> change) {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        return subscriptions.compute(subscriptionId, (id, old) -> {
            SubscriptionRecord next = Objects.requireNonNull(
                    change.apply(old == null ? SubscriptionRecord.empty(id) : old), "a change must return a record");
            reindex(subscriptionsByCustomer, id, old == null ? null : old.customerId(), next.customerId());
            return next;
        });
    }

    @Override
    public CustomerRecord updateCustomer(String customerId, UnaryOperator<CustomerRecord> change) {
        Objects.requireNonNull(customerId, "customerId");
        return customers.compute(customerId, (id, old) -> {
            CustomerRecord next = Objects.requireNonNull(
                    change.apply(old == null ? CustomerRecord.empty(id) : old), "a change must return a record");
            reindex(customersByOrganization, id, old == null ? null : old.organizationId().orElse(null),
                    next.organizationId().orElse(null));
            return next;
        });
    }

    /** Moves {@code id} from the entry of {@code before} to that of {@code after} (either may be null). */
    private static <K> void reindex(ConcurrentHashMap<K, Set<String>> index, String id, K before, K after) {
        if (Objects.equals(before, after)) {
            return;
        }
        if (before != null) {
            index.computeIfPresent(before, (k, ids) -> {
                Set<String> rest = new HashSet<>(ids);
                rest.remove(id);
                return rest.isEmpty() ? null : Set.copyOf(rest);
            });
        }
        if (after != null) {
            index.compute(after, (k, ids) -> {
                Set<String> more = ids == null ? new HashSet<>() : new HashSet<>(ids);
                more.add(id);
                return Set.copyOf(more);
            });
        }
    }

    @Override
    public Optional<SubscriptionRecord> subscription(String subscriptionId) {
        return Optional.ofNullable(subscriptions.get(subscriptionId));
    }

    @Override
    public Optional<CustomerRecord> customer(String customerId) {
        return Optional.ofNullable(customers.get(customerId));
    }

    // The index changes just before the record is published, so a read at that moment may see an
    // entry whose record does not say so yet: reads check the record.

    @Override
    public List<CustomerRecord> customersOf(OrganizationId organization) {
        return customersByOrganization.getOrDefault(organization, Set.of()).stream()
                .map(customers::get)
                .filter(c -> c != null && c.organizationId().filter(organization::equals).isPresent())
                .sorted(Comparator.comparing(CustomerRecord::customerId))
                .toList();
    }

    @Override
    public List<SubscriptionRecord> subscriptionsOf(String customerId) {
        return subscriptionsByCustomer.getOrDefault(customerId, Set.of()).stream()
                .map(subscriptions::get)
                .filter(s -> s != null && customerId.equals(s.customerId()))
                .sorted(Comparator.comparing(SubscriptionRecord::subscriptionId))
                .toList();
    }

    /** How many index entries there are (organisations with customers, customers with subscriptions). */
    int indexEntries() {
        return customersByOrganization.size() + subscriptionsByCustomer.size();
    }
}
