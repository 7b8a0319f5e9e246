package io.kombify.spec;

import io.kombify.core.Diagnostic;
import io.kombify.spec.model.Kombination;

import java.util.List;
import java.util.Objects;

/**
 * A {@code kombination.yaml} as read from a source: the model, where each value was written,
 * and what the reader found wrong.
 *
 * <p>A reader never throws for bad content. When the text cannot be parsed at all (a syntax
 * error, a limit exceeded) {@link #spec()} is {@code null} and {@link #diagnostics()} says
 * why; when single values are wrong (a string where a number belongs, an unknown field) the
 * model is still built, with those values left out, and each problem is a diagnostic.
 *
 * @param source      name of the source for messages (a file name, or {@code <stdin>})
 * @param text        the decoded text, for showing the offending line; empty when it could not be decoded
 * @param spec        the model, or {@code null} when nothing could be read
 * @param positions   where each value was written
 * @param diagnostics reading problems, each with a position
 */
public record SpecDocument(String source, String text, Kombination spec, SourceMap positions, List<Diagnostic> diagnostics) {
    public SpecDocument {
        Objects.requireNonNull(source, "source");
        text = text == null ? "" : text;
        positions = positions == null ? SourceMap.empty() : positions;
        diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
    }

    /** A document for a model built in code: no text, no positions, no reading problems. */
    public static SpecDocument of(Kombination spec) {
        return new SpecDocument("<memory>", "", Objects.requireNonNull(spec, "spec"), SourceMap.empty(), List.of());
    }

    /** Whether reading found an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** The 1-based {@code line} of {@link #text()}, without its line break, or {@code ""}. */
    public String line(int line) {
        if (line < 1) {
            return "";
        }
        int start = 0;
        for (int i = 1; i < line; i++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return "";
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        String l = end < 0 ? text.substring(start) : text.substring(start, end);
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }
}
