package io.kombify.spec.internal.read;

/** Names what a value is, for messages ("the number `1.0`", "a list"). */
final class Describe {
    private static final int MAX_TEXT = 40;

    private Describe() {
    }

    static String node(TreeNode node) {
        if (node instanceof TreeNode.MapNode) {
            return "a mapping";
        }
        if (node instanceof TreeNode.SeqNode) {
            return "a list";
        }
        TreeNode.Scalar s = (TreeNode.Scalar) node;
        return switch (s.kind) {
            case NULL -> s.text.isEmpty() ? "empty" : "null (`" + s.text + "`)";
            case BOOLEAN -> "the boolean `" + s.text + "`";
            case INTEGER -> "the integer `" + s.text + "`";
            case FLOAT -> "the number `" + s.text + "`";
            case STRING -> "the text " + quote(s.text);
        };
    }

    /** What kind of value {@code node} is, without its value (for values that may be secrets). */
    static String kind(TreeNode node) {
        if (!(node instanceof TreeNode.Scalar s)) {
            return node(node);
        }
        return switch (s.kind) {
            case NULL -> node(node);
            case BOOLEAN -> "a boolean";
            case INTEGER -> "a whole number";
            case FLOAT -> "a number";
            case STRING -> "a text";
        };
    }

    /** {@code text} in backticks, on one line and shortened. */
    static String quote(String text) {
        return "`" + shorten(text) + "`";
    }

    /** Names in backticks, comma-separated: {@code `always`, `no`}. */
    static String list(java.util.List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append('`').append(n).append('`');
        }
        return b.toString();
    }

    static String shorten(String text) {
        String oneLine = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT) + "...";
    }
}
