package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.ValidationPolicy;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and resolves the spec a command argument names: a file, or standard input for {@code -}. */
final class SpecInput {
    private SpecInput() {
    }

    /** Throws {@link KombifyException} (code {@code IO_ERROR}) when {@code file} cannot be read. */
    static SpecDocument read(SpecReader reader, String file, InputStream stdin) {
        if (file.equals("-")) {
            return reader.read("<stdin>", stdin);
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new KombifyException("IO_ERROR", "cannot read " + file + ": it is a directory");
        }
        return reader.read(path);
    }

    /**
     * Resolves {@code doc} under {@code policy}. When the spec is invalid, prints every
     * diagnostic to {@code err}, then a summary ending in {@code consequence} (such as
     * "nothing resolved"), and returns {@code null}.
     */
    static ResolvedSpec resolveOrReport(SpecDocument doc, ValidationPolicy policy, PrintWriter err, String consequence) {
        try {
            return SpecResolver.builder().policy(policy).build().resolve(doc);
        } catch (KombifyException e) {
            if (e.diagnostics().isEmpty()) {
                throw e;
            }
            DiagnosticText text = new DiagnosticText(false);
            int errors = 0;
            for (Diagnostic d : e.diagnostics()) {
                text.print(err, doc, d);
                errors += d.isError() ? 1 : 0;
            }
            err.println(doc.source() + ": invalid, " + errors + (errors == 1 ? " error" : " errors") + "; " + consequence);
            return null;
        }
    }
}
