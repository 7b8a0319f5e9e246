package io.kombify.core;

/**
 * How serious a {@link Diagnostic} is. An {@link #ERROR} makes the input invalid; a
 * {@link #WARNING} is worth a look but does not stop anything.
 */
public enum Severity {
    ERROR,
    WARNING;

    /** The lower-case word used in messages and JSON output ({@code error}, {@code warning}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
