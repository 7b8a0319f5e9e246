package io.kombify.spec;

import io.kombify.core.Diagnostic;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where every value of a document was written: for each JSON pointer (RFC 6901), the
 * position of the value and, for object members, of its key.
 *
 * <p>A reader fills one in through {@link Builder}; afterwards it is immutable and safe to
 * share. {@link #place(Diagnostic)} is how a diagnostic found on the model gets its line and
 * column.
 */
public final class SourceMap {
    private static final SourceMap EMPTY = new SourceMap(Map.of(), Map.of());

    private final Map<String, SourcePosition> values;
    private final Map<String, SourcePosition> keys;

    private SourceMap(Map<String, SourcePosition> values, Map<String, SourcePosition> keys) {
        this.values = values;
        this.keys = keys;
    }

    /** A map that knows no positions, for models built in code. */
    public static SourceMap empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the value at {@code pointer} starts. */
    public Optional<SourcePosition> valueAt(String pointer) {
        return Optional.ofNullable(values.get(pointer));
    }

    /** Where the key of the member at {@code pointer} is written (empty for array elements). */
    public Optional<SourcePosition> keyAt(String pointer) {
        return Optional.ofNullable(keys.get(pointer));
    }

    /**
     * The best position for a finding about {@code pointer}: its value, or else the nearest
     * enclosing value that has a position (a missing field is reported where its parent is).
     */
    public Optional<SourcePosition> nearest(String pointer) {
        String p = pointer;
        while (true) {
            SourcePosition pos = values.get(p);
            if (pos != null) {
                return Optional.of(pos);
            }
            if (p.isEmpty()) {
                return Optional.empty();
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
        }
    }

    /** {@code diagnostic} with the position of its path, unless it already has one. */
    public Diagnostic place(Diagnostic diagnostic) {
        if (diagnostic.hasPosition()) {
            return diagnostic;
        }
        return nearest(diagnostic.path())
                .map(pos -> diagnostic.at(pos.line(), pos.column()))
                .orElse(diagnostic);
    }

    /** Number of values with a known position. */
    public int size() {
        return values.size();
    }

    /** Collects positions while a document is read. Not thread-safe. */
    public static final class Builder {
        private final Map<String, SourcePosition> values = new HashMap<>();
        private final Map<String, SourcePosition> keys = new HashMap<>();

        private Builder() {
        }

        public Builder value(String pointer, int line, int column) {
            values.put(pointer, new SourcePosition(line, column));
            return this;
        }

        public Builder key(String pointer, int line, int column) {
            keys.put(pointer, new SourcePosition(line, column));
            return this;
        }

        public SourceMap build() {
            return values.isEmpty() && keys.isEmpty() ? EMPTY : new SourceMap(Map.copyOf(values), Map.copyOf(keys));
        }
    }

    /** Escapes one reference token for a JSON pointer ({@code ~} as {@code ~0}, {@code /} as {@code ~1}). */
    public static String escape(String token) {
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }
}
