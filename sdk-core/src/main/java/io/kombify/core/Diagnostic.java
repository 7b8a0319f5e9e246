package io.kombify.core;

import java.util.Objects;

/**
 * One finding about a user's input: what is wrong, where, and what to do about it.
 *
 * <p>Diagnostics are data, not exceptions: readers and validators return every one they
 * find at once. The {@code code} is a stable identifier ({@code SPEC_NAME_INVALID},
 * {@code SERVICE_NEEDS_UNKNOWN}, ...) that programs can rely on across releases; the
 * message is for people and may be reworded. The {@code path} is a JSON pointer
 * (RFC 6901) into the document, {@code ""} for the document itself.
 *
 * @param severity never {@code null}
 * @param code     stable upper-snake-case identifier, never {@code null}
 * @param message  human-readable sentence, never {@code null}
 * @param path     JSON pointer to the offending value, never {@code null}
 * @param line     1-based line in the source, or 0 when unknown
 * @param column   1-based column in the source, or 0 when unknown
 * @param hint     what the user can do, or {@code null} when there is nothing useful to say
 */
public record Diagnostic(
        Severity severity, String code, String message, String path, int line, int column, String hint) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(path, "path");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0");
        }
        if (hint != null && hint.isBlank()) {
            hint = null;
        }
    }

    /** An error at {@code path} with no known position yet. */
    public static Diagnostic error(String code, String path, String message, String hint) {
        return new Diagnostic(Severity.ERROR, code, message, path, 0, 0, hint);
    }

    /** A warning at {@code path} with no known position yet. */
    public static Diagnostic warning(String code, String path, String message, String hint) {
        return new Diagnostic(Severity.WARNING, code, message, path, 0, 0, hint);
    }

    /** Whether this diagnostic makes the input invalid. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Whether a source position is known. */
    public boolean hasPosition() {
        return line > 0;
    }

    /** This diagnostic placed at the given 1-based line and column. */
    public Diagnostic at(int line, int column) {
        return new Diagnostic(severity, code, message, path, line, column, hint);
    }

    /** This diagnostic with another hint. */
    public Diagnostic withHint(String newHint) {
        return new Diagnostic(severity, code, message, path, line, column, newHint);
    }

    /** {@code line:column: severity CODE: message} (position omitted when unknown). */
    @Override
    public String toString() {
        String where = hasPosition() ? line + ":" + column + ": " : "";
        return where + severity.label() + " " + code + ": " + message + (path.isEmpty() ? "" : " (at " + path + ")");
    }
}
