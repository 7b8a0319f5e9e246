package io.kombify.plugin.docker;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Typed access to one resource's attributes (JSON values in normal form). A value of the wrong
 * shape is a {@link ProviderException} of kind {@link ErrorKind#INVALID} with code
 * {@code DOCKER_ATTRIBUTE_INVALID}, naming the resource and the attribute.
 */
final class Attrs {
    /** The names Docker accepts for containers, networks and volumes. */
    static final Pattern DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private final ResourceId id;
    private final Map<String, Object> map;
    private final String prefix;

    Attrs(ResourceId id, Map<String, Object> map) {
        this(id, map, "");
    }

    private Attrs(ResourceId id, Map<String, Object> map, String prefix) {
        this.id = id;
        this.map = map;
        this.prefix = prefix;
    }

    /** Fails with {@code DOCKER_ATTRIBUTE_UNKNOWN} when an attribute is not one of {@code known}. */
    Attrs requireKnown(Set<String> known) {
        Set<String> unknown = new TreeSet<>(map.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ProviderException(ErrorKind.INVALID, "DOCKER_ATTRIBUTE_UNKNOWN", id + " has attribute(s) " + unknown
                    + " that the docker provider does not know for a " + id.type() + "; it knows " + new TreeSet<>(known), null, null);
        }
        return this;
    }

    boolean has(String name) {
        return map.get(name) != null;
    }

    String string(String name) {
        return optionalString(name).orElseThrow(() -> invalid(name, "is missing"));
    }

    Optional<String> optionalString(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        throw invalid(name, "must be a string, not " + v);
    }

    Optional<Long> optionalWhole(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Long l) {
            return Optional.of(l);
        }
        throw invalid(name, "must be a whole number, not " + v);
    }

    /** A number as a decimal, exactly as written (a {@code Long} or a {@code Double}). */
    Optional<BigDecimal> optionalDecimal(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Long l) {
            return Optional.of(BigDecimal.valueOf(l));
        }
        if (v instanceof Double d) {
            return Optional.of(BigDecimal.valueOf(d));
        }
        throw invalid(name, "must be a number, not " + v);
    }

    boolean bool(String name, boolean otherwise) {
        Object v = map.get(name);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw invalid(name, "must be true or false, not " + v);
    }

    /** A map of strings to strings (absent: empty), in key order. */
    Map<String, String> stringMap(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw invalid(name, "must be a map of names to strings, not " + v);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object value = e.getValue();
            if (value instanceof String s) {
                out.put((String) e.getKey(), s);
            } else if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
                out.put((String) e.getKey(), String.valueOf(value));
            } else {
                throw invalid(name + "." + e.getKey(), "must be a string, not " + value);
            }
        }
        return out;
    }

    /** A list of maps (absent: empty). */
    List<Attrs> mapList(String name) {
        Object v = map.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(name, "must be a list, not " + v);
        }
        List<Attrs> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw invalid(name + "[" + i + "]", "must be a map, not " + list.get(i));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) m;
            out.add(new Attrs(id, entry, path(name) + "[" + i + "]"));
        }
        return out;
    }

    /** A list of strings (absent: empty). */
    List<String> stringList(String name) {
        Object v = map.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(name, "must be a list of strings, not " + v);
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw invalid(name, "must be a list of strings, not " + v);
            }
            out.add(s);
        }
        return out;
    }

    /** The nested map {@code name} (absent: an empty one). */
    Attrs nested(String name) {
        Object v = map.get(name);
        if (v == null) {
            return new Attrs(id, Map.of(), path(name));
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw invalid(name, "must be a map, not " + v);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) m;
        return new Attrs(id, nested, path(name));
    }

    Object raw(String name) {
        return map.get(name);
    }

    ProviderException invalid(String name, String problem) {
        return new ProviderException(ErrorKind.INVALID, "DOCKER_ATTRIBUTE_INVALID", "attribute " + path(name) + " of " + id
                + " " + problem, null, null);
    }

    private String path(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
