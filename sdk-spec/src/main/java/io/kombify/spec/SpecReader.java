package io.kombify.spec;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.spec.internal.read.Binder;
import io.kombify.spec.internal.read.JsonTreeBuilder;
import io.kombify.spec.internal.read.ParsedTree;
import io.kombify.spec.internal.read.ReadCodes;
import io.kombify.spec.internal.read.TreeLookup;
import io.kombify.spec.internal.read.Utf8;
import io.kombify.spec.internal.read.YamlTreeBuilder;
import io.kombify.spec.model.Kombination;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a {@code kombination.yaml} (or its JSON form) into a {@link SpecDocument}: the model,
 * the source position of every value, and every problem found while reading. Use
 * {@link #defaults()} for files from users; untrusted input is safe to read, because the
 * document size, the nesting depth and the values YAML aliases expand to are all limited, and
 * bad content never throws: it comes back as diagnostics with a line and column.
 *
 * <pre>{@code
 * SpecDocument doc = SpecReader.defaults().read(Path.of("kombination.yaml"));
 * ValidationResult result = SpecValidator.create().validate(doc);
 * }</pre>
 *
 * <p>A reader is immutable and thread-safe; share one. JSON is recognised by a file name
 * ending in {@code .json} or by a document whose first non-blank character is <code>{</code>.
 */
public final class SpecReader {
    /** 4 MiB: a thousand-node spec is far smaller. */
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 4L * 1024 * 1024;
    /** 64 levels: a kombination needs fewer than ten. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** 10,000 values expanded from YAML aliases: enough for any real spec, far too few for a "billion laughs". */
    public static final int DEFAULT_MAX_ALIAS_NODES = 10_000;

    private static final SpecReader DEFAULTS = builder().build();

    private final long maxDocumentBytes;
    private final int maxDepth;
    private final int maxAliasNodes;
    private final YamlTreeBuilder yaml;
    // Created on the first JSON document: most specs are YAML, and the CLI's cold start
    // should not pay for loading Jackson's parser.
    private volatile JsonTreeBuilder json;

    private SpecReader(Builder b) {
        this.maxDocumentBytes = b.maxDocumentBytes;
        this.maxDepth = b.maxDepth;
        this.maxAliasNodes = b.maxAliasNodes;
        this.yaml = new YamlTreeBuilder(maxDepth, maxAliasNodes);
    }

    /** A reader with the default limits: 4 MiB, 64 levels, 10,000 values expanded from aliases. */
    public static SpecReader defaults() {
        return DEFAULTS;
    }

    /** A builder for a reader with other limits; unset limits keep their defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this reader's limits. */
    public Builder toBuilder() {
        return new Builder().maxDocumentBytes(maxDocumentBytes).maxDepth(maxDepth).maxAliasNodes(maxAliasNodes);
    }

    private JsonTreeBuilder json() {
        JsonTreeBuilder j = json;
        if (j == null) {
            synchronized (this) {
                j = json;
                if (j == null) {
                    j = new JsonTreeBuilder(maxDepth);
                    json = j;
                }
            }
        }
        return j;
    }

    /** The largest document, in bytes, this reader accepts. */
    public long maxDocumentBytes() {
        return maxDocumentBytes;
    }

    /** The deepest nesting of lists and mappings this reader accepts. */
    public int maxDepth() {
        return maxDepth;
    }

    /** How many values YAML aliases may expand to in one document. */
    public int maxAliasNodes() {
        return maxAliasNodes;
    }

    /**
     * Reads a file. A file larger than the size limit is reported without being read.
     *
     * @throws KombifyException with code {@code IO_ERROR} when the file cannot be read (missing,
     *                          unreadable, a directory); never for its content
     */
    public SpecDocument read(Path path) {
        Objects.requireNonNull(path, "path");
        String source = path.toString();
        try {
            long size = Files.size(path);
            if (size > maxDocumentBytes) {
                return failed(source, "", tooLarge(size));
            }
            return read(source, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new KombifyException("IO_ERROR", "cannot read " + source + ": no such file", e);
        } catch (IOException e) {
            throw new KombifyException("IO_ERROR", "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stream to its end, or until it exceeds the size limit. The stream is not closed.
     *
     * @throws KombifyException with code {@code IO_ERROR} when reading the stream fails
     */
    public SpecDocument read(String source, InputStream in) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(in, "in");
        try {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8L, maxDocumentBytes + 1);
            byte[] bytes = in.readNBytes(cap);
            if (bytes.length > maxDocumentBytes) {
                return failed(source, "", tooLarge(-1));
            }
            return read(source, bytes);
        } catch (IOException e) {
            throw new KombifyException("IO_ERROR", "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Reads UTF-8 bytes (a UTF-8 byte order mark is allowed). */
    public SpecDocument read(String source, byte[] bytes) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > maxDocumentBytes) {
            return failed(source, "", tooLarge(bytes.length));
        }
        Utf8.Decoded decoded = Utf8.decode(bytes);
        if (decoded.problem() != null) {
            return failed(source, "", decoded.problem());
        }
        return parse(source, decoded.text());
    }

    /** Reads text already decoded. */
    public SpecDocument readString(String source, String text) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        long bytes = Utf8.length(text, maxDocumentBytes);
        if (bytes > maxDocumentBytes) {
            return failed(source, "", tooLarge(-1));
        }
        String t = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        return parse(source, t);
    }

    private SpecDocument parse(String source, String text) {
        try {
            ParsedTree tree = isJson(source, text) ? json().parse(text) : yaml.parse(text);
            if (tree.root() == null) {
                return new SpecDocument(source, text, null, SourceMap.empty(), tree.diagnostics());
            }
            List<Diagnostic> diagnostics = new ArrayList<>(tree.diagnostics());
            Kombination spec = Binder.bind(tree.root(), diagnostics);
            diagnostics.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
            return new SpecDocument(source, text, spec, SourceMap.of(new TreeLookup(tree.root())), diagnostics);
        } catch (StackOverflowError e) {
            return failed(source, text, Diagnostic.error(ReadCodes.TOO_DEEP, "",
                    "the document nests values too deeply to be read", "lower the nesting of lists and mappings").at(1, 1));
        } catch (RuntimeException e) {
            // The parsers' own failures are all mapped before this point; this keeps the promise
            // that content never makes the reader throw, even for a case nobody foresaw.
            return failed(source, text, Diagnostic.error(ReadCodes.SYNTAX, "",
                    "the document cannot be read", "check the file's syntax near its beginning").at(1, 1));
        }
    }

    private Diagnostic tooLarge(long size) {
        String actual = size >= 0 ? " (" + size + " bytes)" : "";
        return Diagnostic.error(ReadCodes.TOO_LARGE, "",
                "the document is larger than the limit of " + maxDocumentBytes + " bytes" + actual,
                "a kombination.yaml is usually a few kilobytes; raise the limit with `SpecReader.builder().maxDocumentBytes(..)` if this one is meant to be this big")
                .at(1, 1);
    }

    private static SpecDocument failed(String source, String text, Diagnostic d) {
        return new SpecDocument(source, text, null, SourceMap.empty(), List.of(d));
    }

    private static boolean isJson(String source, String text) {
        if (source.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c == '{';
            }
        }
        return false;
    }

    /** Sets the reader's limits; every limit must be positive. */
    public static final class Builder {
        private long maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxAliasNodes = DEFAULT_MAX_ALIAS_NODES;

        private Builder() {
        }

        /** The largest document read, in bytes (default 4 MiB). */
        public Builder maxDocumentBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxDocumentBytes must be positive: " + bytes);
            }
            this.maxDocumentBytes = bytes;
            return this;
        }

        /** The deepest nesting of lists and mappings (default 64). */
        public Builder maxDepth(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("maxDepth must be positive: " + depth);
            }
            this.maxDepth = depth;
            return this;
        }

        /** How many values all YAML aliases together may expand to (default 10,000). */
        public Builder maxAliasNodes(int nodes) {
            if (nodes < 0) {
                throw new IllegalArgumentException("maxAliasNodes must not be negative: " + nodes);
            }
            this.maxAliasNodes = nodes;
            return this;
        }

        /** The reader; the builder can be used again afterwards. */
        public SpecReader build() {
            return new SpecReader(this);
        }
    }
}
