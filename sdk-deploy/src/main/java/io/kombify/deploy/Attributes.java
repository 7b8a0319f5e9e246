package io.kombify.deploy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Resource attributes are JSON values: strings, booleans, whole numbers ({@code Long}), other
 * numbers ({@code Double}), lists and maps with string keys, and {@code null}. This class turns
 * any such tree into its normal form (immutable, maps sorted by key, numbers widened), so that
 * attributes compare equal before and after a round trip through a state or plan file.
 */
public final class Attributes {

    private Attributes() {
    }

    /**
     * The normal form of an attribute map.
     *
     * @throws IllegalArgumentException when a value is not a JSON value
     */
    public static Map<String, Object> normalize(Map<String, ?> attributes) {
        Objects.requireNonNull(attributes, "attributes");
        @SuppressWarnings("unchecked")
        Map<String, Object> normal = (Map<String, Object>) normalizeValue(attributes, "");
        return normal;
    }

    /**
     * The normal form of one attribute value.
     *
     * @throws IllegalArgumentException when the value is not a JSON value
     */
    public static Object normalizeValue(Object value) {
        return normalizeValue(value, "");
    }

    private static Object normalizeValue(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().scale() <= 0 ? (Object) decimal.longValueExact() : decimal.doubleValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("attribute " + describe(path) + " is " + d + ", which JSON cannot hold");
            }
            return d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15 ? (Object) (long) d : d;
        }
        if (value instanceof Enum<?> e) {
            return e.toString();
        }
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("attribute " + describe(path) + " has a key that is not a string: "
                            + entry.getKey());
                }
                sorted.put(key, normalizeValue(entry.getValue(), path.isEmpty() ? key : path + "." + key));
            }
            return Collections.unmodifiableMap(sorted);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(normalizeValue(list.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("attribute " + describe(path) + " is a " + value.getClass().getName()
                + "; attributes hold only strings, numbers, booleans, lists, maps and null");
    }

    private static String describe(String path) {
        return path.isEmpty() ? "map" : "'" + path + "'";
    }
}
