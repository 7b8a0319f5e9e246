package io.kombify.spec.internal.validate;

import java.util.Collection;
import java.util.Iterator;

/** Small helpers for messages: quoting user values safely and listing names. */
final class Text {
    private static final int MAX_SHOWN = 60;

    private Text() {
    }

    /**
     * {@code value} in backticks, shortened and with control characters made visible, so a
     * hostile or huge value cannot break or flood a terminal.
     */
    static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_SHOWN) + 8).append('`');
        int shown = 0;
        for (int i = 0; i < s.length() && shown < MAX_SHOWN; i++, shown++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX_SHOWN) {
            b.append("...");
        }
        return b.append('`').toString();
    }

    /** Up to {@code max} names, comma-separated, with a count of the rest. */
    static String list(Collection<String> names, int max) {
        StringBuilder b = new StringBuilder();
        Iterator<String> it = names.iterator();
        int n = 0;
        while (it.hasNext() && n < max) {
            if (n > 0) {
                b.append(", ");
            }
            b.append(it.next());
            n++;
        }
        if (names.size() > max) {
            b.append(", ... (").append(names.size() - max).append(" more)");
        }
        return b.toString();
    }
}
