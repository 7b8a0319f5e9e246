package io.kombify.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret value resolved from a {@link SecretRef}. Its {@link #toString()} never shows the
 * value, so it can travel through logs, exceptions and debuggers without leaking; call
 * {@link #reveal()} at the single place where the value is really needed.
 */
public final class Secret {
    private final SecretRef ref;
    private final char[] value;

    private Secret(SecretRef ref, char[] value) {
        this.ref = Objects.requireNonNull(ref, "ref");
        this.value = value.clone();
    }

    /** A secret resolved from {@code ref}; the characters are copied. */
    public static Secret of(SecretRef ref, char[] value) {
        return new Secret(ref, Objects.requireNonNull(value, "value"));
    }

    /** A secret resolved from {@code ref}. */
    public static Secret of(SecretRef ref, String value) {
        return new Secret(ref, Objects.requireNonNull(value, "value").toCharArray());
    }

    /** Where the value came from. */
    public SecretRef ref() {
        return ref;
    }

    /** A copy of the value. */
    public char[] reveal() {
        return value.clone();
    }

    /** Shows the reference and a mask, never the value. */
    @Override
    public String toString() {
        return ref + " (value hidden)";
    }

    /** Secrets are equal when they come from the same reference and hold the same value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.ref.equals(ref) && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return ref.hashCode();
    }
}
