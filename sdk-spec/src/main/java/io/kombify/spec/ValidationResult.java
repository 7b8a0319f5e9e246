package io.kombify.spec;

import io.kombify.core.Diagnostic;

import java.util.List;
import java.util.Objects;

/**
 * Everything a validation found, in document order: errors make the spec invalid, warnings
 * do not. Mirrors upstream's {@code #ValidationResult}.
 *
 * @param valid       whether there are no errors
 * @param errors      every error, never {@code null}
 * @param warnings    every warning, never {@code null}
 * @param resolvedKit the StackKit the spec selects (named or auto-selected), or {@code null}
 *                    when it names an unknown kit
 */
public record ValidationResult(boolean valid, List<Diagnostic> errors, List<Diagnostic> warnings, String resolvedKit) {
    public ValidationResult {
        errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
        if (valid != errors.isEmpty()) {
            throw new IllegalArgumentException("valid must be true exactly when there are no errors");
        }
    }

    /** Errors and warnings together, ordered by line. */
    public List<Diagnostic> all() {
        return java.util.stream.Stream.concat(errors.stream(), warnings.stream())
                .sorted(java.util.Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column))
                .toList();
    }
}
