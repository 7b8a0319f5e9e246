package io.kombify.plugin.opentofu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads JSON text into plain trees ({@link Map}s in document order, {@link List}s, {@link String}s,
 * {@link Long}s or {@link Double}s, {@link Boolean}s and {@code null}), refusing duplicate keys.
 * Jackson's exceptions stay inside: a text that is not JSON gives {@link IllegalArgumentException}.
 */
final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /**
     * The value {@code text} holds.
     *
     * @throws IllegalArgumentException when the text is not one JSON value, with the reason
     */
    static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("no JSON value");
            }
            Object value = value(p, first);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the JSON value");
            }
            return value;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /** The object {@code text} holds, or empty when it holds anything else or is not JSON. */
    static java.util.Optional<Map<String, Object>> object(String text) {
        try {
            Object value = parse(text);
            if (value instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) value;
                return java.util.Optional.of(map);
            }
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static Object value(JsonParser p, JsonToken token) {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    map.put(name, value(p, p.nextToken()));
                }
                if (t != JsonToken.END_OBJECT) {
                    throw new IllegalArgumentException("unexpected " + t + " in an object");
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new IllegalArgumentException("unterminated array");
                    }
                    list.add(value(p, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getString();
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return p.getDoubleValue();
                }
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("unexpected " + token);
        }
    }

    // --- reading trees ---

    /** {@code tree[key]} when {@code tree} is an object and the member is an object, else an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object tree, String key) {
        if (tree instanceof Map<?, ?> m && m.get(key) instanceof Map<?, ?> inner) {
            return (Map<String, Object>) inner;
        }
        return Map.of();
    }

    /** {@code tree[key]} as text, or {@code ""} when absent or {@code null}. */
    static String str(Object tree, String key) {
        if (tree instanceof Map<?, ?> m) {
            Object v = m.get(key);
            return v == null ? "" : v instanceof String s ? s : String.valueOf(v);
        }
        return "";
    }

    /** {@code tree[key]} as a whole number, or {@code fallback}. */
    static long num(Object tree, String key, long fallback) {
        if (tree instanceof Map<?, ?> m && m.get(key) instanceof Number n) {
            return n.longValue();
        }
        return fallback;
    }
}
