package io.kombify.spec;

import io.kombify.core.Diagnostic;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
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

    private final Lookup lookup;

    private SourceMap(Map<String, SourcePosition> values, Map<String, SourcePosition> keys) {
        this.lookup = new MapLookup(values, keys);
    }

    private SourceMap(Lookup lookup) {
        this.lookup = lookup;
    }

    /**
     * Finds positions on demand. A reader that keeps its own positioned tree implements this
     * instead of storing one map entry per value, which would cost as much as parsing.
     * Implementations must be immutable and thread-safe.
     */
    public interface Lookup {
        /** Where the value at {@code pointer} starts, or {@code null}. */
        SourcePosition value(String pointer);

        /** Where the key of the member at {@code pointer} is written, or {@code null}. */
        SourcePosition key(String pointer);

        /** Number of values with a known position. */
        int size();
    }

    private record MapLookup(Map<String, SourcePosition> values, Map<String, SourcePosition> keys) implements Lookup {
        @Override
        public SourcePosition value(String pointer) {
            return values.get(pointer);
        }

        @Override
        public SourcePosition key(String pointer) {
            return keys.get(pointer);
        }

        @Override
        public int size() {
            return values.size();
        }
    }

    /** A map backed by {@code lookup}. */
    public static SourceMap of(Lookup lookup) {
        return new SourceMap(Objects.requireNonNull(lookup, "lookup"));
    }

    /** A map that knows no positions, for models built in code. */
    public static SourceMap empty() {
        return EMPTY;
    }

    /** A builder for a reader that records positions as it goes. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder sized for about {@code expectedValues} positions, for large documents. */
    public static Builder builder(int expectedValues) {
        return new Builder(expectedValues);
    }

    /** Where the value at {@code pointer} starts. */
    public Optional<SourcePosition> valueAt(String pointer) {
        return Optional.ofNullable(lookup.value(pointer));
    }

    /** Where the key of the member at {@code pointer} is written (empty for array elements). */
    public Optional<SourcePosition> keyAt(String pointer) {
        return Optional.ofNullable(lookup.key(pointer));
    }

    /**
     * The best position for a finding about {@code pointer}: its value, or else the nearest
     * enclosing value that has a position (a missing field is reported where its parent is).
     */
    public Optional<SourcePosition> nearest(String pointer) {
        String p = pointer;
        while (true) {
            SourcePosition pos = lookup.value(p);
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
        return lookup.size();
    }

    /** Collects positions while a document is read. Not thread-safe. */
    public static final class Builder {
        private Map<String, SourcePosition> values;
        private Map<String, SourcePosition> keys;
        // build() hands its maps to the SourceMap instead of copying them (copying dominated the
        // cost of reading large documents); a builder used again after build() copies first.
        private boolean handedOver;

        private Builder() {
            this(16);
        }

        private Builder(int expectedValues) {
            int capacity = (int) Math.min(1 << 30, Math.max(16, expectedValues * 4L / 3 + 1));
            values = new HashMap<>(capacity);
            keys = new HashMap<>(capacity);
        }

        /** Records where the value at {@code pointer} starts (1-based). */
        public Builder value(String pointer, int line, int column) {
            detach();
            values.put(pointer, new SourcePosition(line, column));
            return this;
        }

        /** Records where the key of the member at {@code pointer} is written (1-based). */
        public Builder key(String pointer, int line, int column) {
            detach();
            keys.put(pointer, new SourcePosition(line, column));
            return this;
        }

        /** The finished map; positions recorded afterwards do not change it. */
        public SourceMap build() {
            if (values.isEmpty() && keys.isEmpty()) {
                return EMPTY;
            }
            handedOver = true;
            return new SourceMap(Collections.unmodifiableMap(values), Collections.unmodifiableMap(keys));
        }

        private void detach() {
            if (handedOver) {
                values = new HashMap<>(values);
                keys = new HashMap<>(keys);
                handedOver = false;
            }
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
