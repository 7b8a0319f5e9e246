package io.kombify.core;

import java.util.List;

/**
 * The root of every exception the kombify SDK throws.
 *
 * <p>Exceptions are for failures of the environment (a file that cannot be read, a
 * provider that is down) and for misuse of the API. Problems in a user's input are not
 * exceptions: they are {@link Diagnostic}s returned by the call. When an operation cannot
 * continue because of such problems, it throws this exception carrying them, so that no
 * finding is lost. Exceptions of third-party libraries are wrapped and never cross the
 * SDK's API.
 */
public class KombifyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient List<Diagnostic> diagnostics;

    public KombifyException(String code, String message) {
        this(code, message, List.of(), null);
    }

    public KombifyException(String code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public KombifyException(String code, String message, List<Diagnostic> diagnostics) {
        this(code, message, diagnostics, null);
    }

    public KombifyException(String code, String message, List<Diagnostic> diagnostics, Throwable cause) {
        super(message, cause);
        this.code = code == null ? "KOMBIFY_ERROR" : code;
        this.diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
    }

    /** Stable identifier of what failed, such as {@code IO_ERROR} or {@code SPEC_INVALID}. */
    public String code() {
        return code;
    }

    /** The findings that made the operation stop; empty for environment failures. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
