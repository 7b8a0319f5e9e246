package io.kombify.billing.spi;

import java.util.Comparator;
import java.util.Objects;

/**
 * A value and where its observation stands in history: a last-writer-wins register. Merging two
 * keeps the one with the newer key, which makes merging commutative, associative and idempotent.
 *
 * @param <T>   the value's type
 * @param value what was observed
 * @param key   when, in the order of {@link ObservationKey}
 */
public record Observed<T>(T value, ObservationKey key) {

    public Observed {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(key, "key");
    }

    /** The newer of {@code a} and {@code b}; either may be {@code null}. */
    public static <T> Observed<T> newer(Observed<T> a, Observed<T> b) {
        return newer(a, b, Comparator.naturalOrder());
    }

    /** The newer of {@code a} and {@code b} in the given order of keys; either may be {@code null}. */
    public static <T> Observed<T> newer(Observed<T> a, Observed<T> b, Comparator<ObservationKey> order) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return order.compare(b.key, a.key) > 0 ? b : a;
    }
}
