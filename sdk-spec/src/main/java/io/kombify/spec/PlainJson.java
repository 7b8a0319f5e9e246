package io.kombify.spec;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;

/**
 * Writes a plain tree as JSON text: {@link Map}s (members in the map's iteration order, keys
 * written with {@link String#valueOf(Object)}), {@link Collection}s (in iteration order),
 * {@link String}s, {@link Boolean}s, {@code null}, and the numbers {@link Integer},
 * {@link Long}, {@link Short}, {@link Byte}, {@link BigInteger}, {@link BigDecimal},
 * {@link Double} and {@link Float}, each spelled as its own {@code toString} spells it (so
 * {@code 80} and {@code 80.0} stay apart). Use it to print trees the SDK hands out or that
 * you build from its results (reports, resolved stacks) without pulling in a data-binding
 * library; for a {@link io.kombify.spec.model.Kombination} use {@link SpecWriter#json()}.
 * JSON cannot spell a non-finite number, so {@code NaN} and the infinities are written as the
 * strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}. Any other value is
 * rejected with an {@link IllegalArgumentException}. Stateless and thread-safe.
 */
public final class PlainJson {
    // Immutable and thread-safe in jackson-core 3; created only when JSON is first written.
    private static final JsonFactory FACTORY = new JsonFactory();
    // Two-space indentation and "\n" everywhere, so the text is the same on every platform.
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private PlainJson() {
    }

    /**
     * {@code tree} as two-space indented JSON ending with a line break; empty objects and
     * arrays print as {@code {}} and {@code []}.
     *
     * @param tree the value to write; {@code null} gives {@code "null\n"}
     * @throws IllegalArgumentException if the tree holds a value of another type
     */
    public static String pretty(Object tree) {
        return write(tree, true) + "\n";
    }

    /**
     * {@code tree} as JSON on one line, without white space between tokens and without a
     * trailing line break.
     *
     * @param tree the value to write; {@code null} gives {@code "null"}
     * @throws IllegalArgumentException if the tree holds a value of another type
     */
    public static String compact(Object tree) {
        return write(tree, false);
    }

    private static String write(Object tree, boolean pretty) {
        StringWriter out = new StringWriter(1024);
        ObjectWriteContext context = pretty ? new Pretty() : ObjectWriteContext.empty();
        try (JsonGenerator g = FACTORY.createGenerator(context, out)) {
            value(g, tree);
        }
        return out.toString();
    }

    private static void value(JsonGenerator g, Object value) {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Double d) {
            floating(g, d);
        } else if (value instanceof Float f) {
            if (Float.isFinite(f)) {
                g.writeNumber(f);
            } else {
                floating(g, f.doubleValue());
            }
        } else {
            throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
        }
    }

    private static void floating(JsonGenerator g, double d) {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeString(Double.toString(d));
        }
    }

    /** Hands each generator its own printer: a pretty printer tracks the nesting it writes. */
    private static final class Pretty extends ObjectWriteContext.Base {
        @Override
        public PrettyPrinter getPrettyPrinter() {
            return PRETTY.createInstance();
        }

        @Override
        public boolean hasPrettyPrinter() {
            return true;
        }
    }
}
