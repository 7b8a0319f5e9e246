package io.kombify.server.cli;

import java.io.Writer;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;

/** Pretty-printed JSON output with jackson-core's streaming generator (no data binding, for a fast start). */
final class Json {
    private Json() {
    }

    /** A generator writing indented JSON to {@code out}; closing it does not close {@code out}. */
    static JsonGenerator generator(Writer out) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        PrettyPrinter pretty = new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        ObjectWriteContext context = new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                return pretty;
            }

            @Override
            public boolean hasPrettyPrinter() {
                return true;
            }
        };
        return new JsonFactory().createGenerator(context, new NonClosing(out));
    }

    /** Writes a tree of maps, lists, strings, numbers, booleans and nulls. */
    static void write(JsonGenerator g, Object value) {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof java.math.BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof java.math.BigDecimal b) {
            g.writeNumber(b);
        } else {
            g.writeString(value.toString());
        }
    }

    /** Writes {@code tree} as a whole document followed by a line break. */
    static void print(Writer out, Object tree) {
        try (JsonGenerator g = generator(out)) {
            write(g, tree);
        }
        try {
            out.write('\n');
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Lets a generator be closed (to flush it) without closing the command's output. */
    private static final class NonClosing extends Writer {
        private final Writer delegate;

        NonClosing(Writer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws java.io.IOException {
            delegate.write(cbuf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            delegate.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            delegate.flush();
        }
    }
}
