package io.kombify.spec.internal.validate;

import io.kombify.core.Diagnostic;
import io.kombify.spec.model.Kombination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Puts diagnostics in document order: by line and column where the source is known, and
 * otherwise (a model built in code, or two findings on one spot) by where their paths lead
 * in the model: fields in declaration order, list entries by index, map keys in insertion
 * order. A parent comes before its children.
 */
public final class DocumentOrder {
    private DocumentOrder() {
    }

    private record Keyed(Diagnostic diagnostic, int line, int column, int[] path, int arrival) {
    }

    private static final Comparator<Keyed> ORDER = Comparator.comparingInt(Keyed::line)
            .thenComparingInt(Keyed::column)
            .thenComparing(Keyed::path, Arrays::compare)
            .thenComparingInt(Keyed::arrival);

    /** {@code diagnostics} sorted; {@code spec} may be {@code null} when nothing could be read. */
    public static List<Diagnostic> sort(List<Diagnostic> diagnostics, Kombination spec) {
        List<Keyed> keyed = new ArrayList<>(diagnostics.size());
        for (int i = 0; i < diagnostics.size(); i++) {
            Diagnostic d = diagnostics.get(i);
            keyed.add(new Keyed(d,
                    d.line() > 0 ? d.line() : Integer.MAX_VALUE,
                    d.line() > 0 ? d.column() : 0,
                    pathKey(spec, d.path()),
                    i));
        }
        keyed.sort(ORDER);
        List<Diagnostic> out = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            out.add(k.diagnostic());
        }
        return out;
    }

    static int[] pathKey(Object root, String pointer) {
        if (pointer.isEmpty()) {
            return new int[0];
        }
        String[] tokens = pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/", -1);
        int[] key = new int[tokens.length];
        Object current = root;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i].replace("~1", "/").replace("~0", "~");
            int k = Integer.MAX_VALUE;
            Object next = null;
            if (current instanceof Record r) {
                RecordShape shape = RecordShape.of(r.getClass());
                int index = shape.indexOf(token);
                if (index >= 0) {
                    k = index;
                    next = shape.value(r, index);
                }
            } else if (current instanceof List<?> list) {
                int index = index(token);
                if (index >= 0) {
                    k = index;
                    next = index < list.size() ? list.get(index) : null;
                }
            } else if (current instanceof Map<?, ?> map) {
                int position = 0;
                for (Object mapKey : map.keySet()) {
                    if (token.equals(mapKey)) {
                        k = position;
                        next = map.get(mapKey);
                        break;
                    }
                    position++;
                }
            }
            key[i] = k;
            current = next;
        }
        return key;
    }

    private static int index(String token) {
        if (token.isEmpty() || token.length() > 9) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }
}
