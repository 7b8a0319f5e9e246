package io.kombify.spec.internal.read;

import java.util.ArrayList;
import java.util.List;

/**
 * A value of a parsed document with the 1-based line and column where it starts. YAML and
 * JSON both parse into these, so binding and positions work the same for either syntax.
 * Nodes reached through a YAML alias are shared, never copied.
 */
public abstract sealed class TreeNode permits TreeNode.Scalar, TreeNode.MapNode, TreeNode.SeqNode {
    final int line;
    final int column;
    /** Number of nodes in this subtree with aliases expanded; saturates at {@link Long#MAX_VALUE}. */
    long size = 1;

    TreeNode(int line, int column) {
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The number of values in this subtree, aliases expanded. */
    public long size() {
        return size;
    }

    /** What a scalar resolved to. */
    public enum ScalarKind {
        NULL, BOOLEAN, INTEGER, FLOAT, STRING
    }

    /** A scalar: its resolved value and the text it was written as. */
    public static final class Scalar extends TreeNode {
        final ScalarKind kind;
        final Object value;
        final String text;
        final boolean quoted;
        /**
         * Whether the value is a Long within the range of an int, kept here with {@link #intValue}
         * so binding an int field reads this node alone rather than a boxed Long elsewhere in memory.
         */
        final boolean isInt;
        final int intValue;

        Scalar(int line, int column, ScalarKind kind, Object value, String text, boolean quoted) {
            super(line, column);
            this.kind = kind;
            this.value = value;
            this.text = text;
            this.quoted = quoted;
            if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                this.isInt = true;
                this.intValue = (int) (long) l;
            } else {
                this.isInt = false;
                this.intValue = 0;
            }
        }

        public ScalarKind kind() {
            return kind;
        }

        /** {@code null}, a Boolean, a Long or BigInteger, a Double or a String. */
        public Object value() {
            return value;
        }

        /** The scalar as written (without quotes). */
        public String text() {
            return text;
        }

        /** Whether it was written quoted or as a block scalar, which always makes a string. */
        public boolean quoted() {
            return quoted;
        }
    }

    /** A member of a mapping with the position of its key. */
    public record Entry(String key, int keyLine, int keyColumn, TreeNode value) {
    }

    /** A mapping; keys are unique, in document order. */
    public static final class MapNode extends TreeNode {
        final List<Entry> entries = new ArrayList<>();
        /** Key to entry index, built only while parsing a large mapping; unused afterwards. */
        java.util.Map<String, Integer> index;
        int indexed;

        MapNode(int line, int column) {
            super(line, column);
        }

        public List<Entry> entries() {
            return entries;
        }
    }

    /** A sequence. */
    public static final class SeqNode extends TreeNode {
        final List<TreeNode> items = new ArrayList<>();

        SeqNode(int line, int column) {
            super(line, column);
        }

        public List<TreeNode> items() {
            return items;
        }
    }

    static long addSaturated(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
