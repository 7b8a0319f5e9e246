package io.kombify.spec.internal.read;

import io.kombify.core.Diagnostic;

/**
 * Stops parsing with the one diagnostic that explains why the document cannot be read.
 * Thrown and caught inside the reader only; it never reaches a caller.
 */
final class ParseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Diagnostic diagnostic;

    ParseFailure(String code, String message, String hint, int line, int column) {
        super(message, null, false, false);
        Diagnostic d = Diagnostic.error(code, "", message, hint);
        this.diagnostic = line > 0 ? d.at(line, Math.max(column, 1)) : d;
    }

    Diagnostic diagnostic() {
        return diagnostic;
    }
}
