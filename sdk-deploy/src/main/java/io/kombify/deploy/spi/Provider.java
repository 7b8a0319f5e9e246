package io.kombify.deploy.spi;

import java.util.Optional;

/**
 * Manages resources of the types its {@link #descriptor()} declares. Implementations are
 * thread-safe: the executor calls them from several threads at once, up to the descriptor's
 * {@link RateLimit#maxConcurrentCalls()}.
 *
 * <p>The contract, which the provider contract tests check:
 * <ul>
 *   <li>{@link #create} with an idempotency key it has seen before returns the resource it made
 *       then and makes nothing new;</li>
 *   <li>{@link #read} of a resource that is gone returns empty;</li>
 *   <li>{@link #delete} of a resource that is gone succeeds;</li>
 *   <li>{@link #lookup} finds what a create with that key made, so an apply interrupted during a
 *       create can find the resource afterwards;</li>
 *   <li>failures are {@link ProviderException}s that say whether a retry may succeed;</li>
 *   <li>secret values (resolved through {@link ProviderContext#secrets()}) never appear in a
 *       returned {@link ResourceState}, an exception message or a log.</li>
 * </ul>
 */
public interface Provider extends AutoCloseable {

    /** What this provider is and what it handles. */
    ProviderDescriptor descriptor();

    /**
     * Reads a resource's actual state.
     *
     * @return empty when the resource no longer exists
     * @throws ProviderException when it cannot be read
     */
    Optional<ResourceState> read(ReadRequest request);

    /**
     * Creates a resource, or returns the one an earlier create with the same idempotency key made.
     *
     * @throws ProviderException when it cannot be created
     */
    ResourceState create(CreateRequest request);

    /**
     * Changes attributes the descriptor lists as updatable in place.
     *
     * @throws ProviderException when it cannot be changed
     */
    ResourceState update(UpdateRequest request);

    /**
     * Deletes a resource; succeeds when it is already gone.
     *
     * @throws ProviderException when it cannot be deleted
     */
    void delete(DeleteRequest request);

    /**
     * Finds the resource an earlier {@link #create} with this idempotency key made, through the
     * key or an ownership tag the provider stored with it.
     *
     * @return empty when no create with this key got as far as making anything
     * @throws ProviderException when the provider cannot be asked
     */
    Optional<ResourceState> lookup(LookupRequest request);

    /** Releases connections; the default does nothing. */
    @Override
    default void close() {
    }
}
