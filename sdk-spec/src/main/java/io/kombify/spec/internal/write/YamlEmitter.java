package io.kombify.spec.internal.write;

import io.kombify.spec.internal.read.Scalars;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints a plain tree as block-style YAML with a stable layout: two-space indentation, list
 * items under their key, no blank lines, and strings quoted whenever plain text would read
 * back as something else (a number, a boolean, null, or broken syntax).
 */
public final class YamlEmitter {
    /** Words other YAML readers (YAML 1.1) take for booleans or null; quoted so every reader sees text. */
    private static final Set<String> AMBIGUOUS = Set.of("y", "yes", "n", "no", "on", "off", "true", "false", "null", "~");

    private YamlEmitter() {
    }

    public static String write(Map<String, ?> root) {
        StringBuilder sb = new StringBuilder(1024);
        if (root.isEmpty()) {
            return "{}\n";
        }
        map(sb, root, 0, false);
        return sb.toString();
    }

    /** Writes the entries of {@code map}; when {@code inline}, the first entry continues the current line. */
    private static void map(StringBuilder sb, Map<?, ?> map, int indent, boolean inline) {
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(first && inline)) {
                pad(sb, indent);
            }
            first = false;
            scalar(sb, String.valueOf(e.getKey()));
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                sb.append('\n');
                map(sb, m, indent + 2, false);
            } else if (v instanceof List<?> l && !l.isEmpty()) {
                sb.append('\n');
                list(sb, l, indent + 2);
            } else {
                sb.append(' ');
                leaf(sb, v);
                sb.append('\n');
            }
        }
    }

    private static void list(StringBuilder sb, List<?> list, int indent) {
        for (Object item : list) {
            pad(sb, indent);
            sb.append("- ");
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                map(sb, m, indent + 2, true);
            } else if (item instanceof List<?> l && !l.isEmpty()) {
                sb.setLength(sb.length() - 1);
                sb.append('\n');
                list(sb, l, indent + 2);
            } else {
                leaf(sb, item);
                sb.append('\n');
            }
        }
    }

    private static void leaf(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?>) {
            sb.append("{}");
        } else if (v instanceof List<?>) {
            sb.append("[]");
        } else if (v instanceof String s) {
            scalar(sb, s);
        } else if (v instanceof Double d) {
            sb.append(number(d));
        } else if (v instanceof Float f) {
            sb.append(number(f.doubleValue()));
        } else {
            sb.append(v);
        }
    }

    static String number(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        return Double.toString(d);
    }

    private static void pad(StringBuilder sb, int indent) {
        for (int i = 0; i < indent; i++) {
            sb.append(' ');
        }
    }

    /** Writes {@code s} plain when it reads back as the same string, double-quoted otherwise. */
    static void scalar(StringBuilder sb, String s) {
        if (needsQuotes(s)) {
            quoted(sb, s);
        } else {
            sb.append(s);
        }
    }

    static boolean needsQuotes(String s) {
        if (s.isEmpty() || Scalars.isSpecialPlain(s) || AMBIGUOUS.contains(s.toLowerCase(Locale.ROOT))) {
            return true;
        }
        char first = s.charAt(0);
        if ("-?:,[]{}#&*!|>'\"%@`+.=<".indexOf(first) >= 0 || (first >= '0' && first <= '9') || first == ' ') {
            return true;
        }
        char last = s.charAt(s.length() - 1);
        if (last == ' ' || last == ':') {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029' || c == '\uFEFF'
                    || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                return true;
            }
            if ((c == ':' || c == '#') && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
                return true;
            }
            if (c == '#' && i > 0 && s.charAt(i - 1) == ' ') {
                return true;
            }
            if (c == ' ' && i + 1 < s.length() && s.charAt(i + 1) == '#') {
                return true;
            }
        }
        return false;
    }

    static void quoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(i + 1));
                        i++;
                    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                            || c == '\uFEFF' || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
