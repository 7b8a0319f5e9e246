package io.kombify.plugin.hetzner;

import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for the Hetzner Cloud API as plain Java values: objects are {@code Map<String, Object>},
 * arrays are lists, numbers are {@code Integer}, {@code Long}, {@code BigInteger} or
 * {@code Double}. Requests are built as maps and responses read through the accessors below, so
 * Jackson (the host's copy) is touched in two places only.
 */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /**
     * Parses a response body.
     *
     * @throws IllegalArgumentException when it is not JSON
     */
    static Object parse(byte[] body) {
        try {
            return MAPPER.readValue(body, Object.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the response is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON text of a request body. */
    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** A mutable, ordered map of the given key-value pairs, leaving out pairs whose value is {@code null}. */
    static Map<String, Object> object(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    /** The value as an object, or an empty map when it is something else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    /** The object under {@code key}, or an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        return v instanceof Map<?, ?> ? (Map<String, Object>) v : Map.of();
    }

    /** Whether {@code key} holds an object. */
    static boolean hasObj(Object node, String key) {
        return node instanceof Map<?, ?> m && m.get(key) instanceof Map<?, ?>;
    }

    /** The objects in the array under {@code key}, or an empty list. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?>) {
                    out.add((Map<String, Object>) item);
                }
            }
        }
        return out;
    }

    /** The strings (and numbers, as text) in the array under {@code key}, or an empty list. */
    static List<String> strings(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String || item instanceof Number) {
                    out.add(String.valueOf(item));
                }
            }
        }
        return out;
    }

    /** The numbers in the array under {@code key}, or an empty list. */
    static List<Long> longs(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        List<Long> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Number n) {
                    out.add(n.longValue());
                }
            }
        }
        return out;
    }

    /** The string under {@code key}, if it is one. */
    static Optional<String> str(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The whole number under {@code key}, if it is one. */
    static Optional<Long> num(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        return v instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    /** The number under {@code key} as a double, if it is one. */
    static Optional<Double> decimal(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        if (v instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The boolean under {@code key}, if it is one. */
    static Optional<Boolean> bool(Object node, String key) {
        Object v = node instanceof Map<?, ?> m ? m.get(key) : null;
        return v instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /**
     * The {@code id} of an API object; every object the API returns has one.
     *
     * @throws ProviderException {@code FATAL} when it has none (an answer missing the object it should hold)
     */
    static long id(Map<String, Object> node) {
        return num(node, "id").orElseThrow(() -> new ProviderException(ErrorKind.FATAL, "Hetzner Cloud answered "
                + (node.isEmpty() ? "without the object the request was to return" : "with an object without an id: " + node.keySet())));
    }

    /** The object with the highest id (the one made last), if any. */
    static Optional<Map<String, Object>> newest(List<Map<String, Object>> objects) {
        return objects.stream().max(Comparator.comparingLong(Json::id));
    }
}
