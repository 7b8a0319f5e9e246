package io.kombify.spec.internal.validate;

import io.kombify.core.Diagnostic;
import io.kombify.spec.SourceMap;
import io.kombify.spec.SourcePosition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the findings of one validation run. Rules report against JSON pointers; the
 * positions are filled in later, so a rule only asks the source map when its message refers
 * to another place ("already used at line 3"). Not thread-safe: one per run.
 */
public final class Findings {
    private final SourceMap positions;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    public Findings(SourceMap positions) {
        this.positions = positions;
    }

    void error(String code, String path, String message, String hint) {
        diagnostics.add(Diagnostic.error(code, path, message, hint));
    }

    void warning(String code, String path, String message, String hint) {
        diagnostics.add(Diagnostic.warning(code, path, message, hint));
    }

    /** Adds a diagnostic made elsewhere (kit gates). */
    public void add(Diagnostic diagnostic) {
        diagnostics.add(diagnostic);
    }

    /** Everything found so far, in the order it was found. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /**
     * How a message names another place in the document: {@code line 12} when the source
     * is known, else the pointer itself.
     */
    String where(String pointer) {
        Optional<SourcePosition> pos = positions.valueAt(pointer);
        return pos.map(p -> "line " + p.line()).orElse(pointer);
    }
}
