package io.kombify.server.cli;

import java.util.List;
import java.util.Map;

/** Attribute values as text: strings quoted, lists and maps in JSON-like form. */
final class Values {
    private Values() {
    }

    static String show(Object v) {
        if (v == null) {
            return "(none)";
        }
        if (v instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(show(list.get(i)));
            }
            return b.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(first ? "" : ", ").append(e.getKey()).append(": ").append(show(e.getValue()));
                first = false;
            }
            return b.append('}').toString();
        }
        return String.valueOf(v);
    }
}
