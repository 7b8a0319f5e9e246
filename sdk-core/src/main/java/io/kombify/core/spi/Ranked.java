package io.kombify.core.spi;

/**
 * Implemented by a service provider that wants to be ordered among others of its kind.
 * {@link io.kombify.core.RankedServiceLoader} puts higher ranks first; providers that do
 * not implement this interface have rank 0.
 */
public interface Ranked {
    /** This provider's rank; higher comes first. Built-in providers use 0 or below. */
    default int rank() {
        return 0;
    }
}
