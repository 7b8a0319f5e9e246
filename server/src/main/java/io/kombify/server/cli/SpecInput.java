package io.kombify.server.cli;

import io.kombify.core.KombifyException;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the spec a command argument names: a file, or standard input for {@code -}. */
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
}
