package io.kombify.spec.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive copies for the model's compact constructors: order kept, {@code null} becomes empty. */
final class Copies {
    private Copies() {
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** Like {@link #list} but keeps {@code null}, for lists whose absence means "use the default". */
    static <T> List<T> nullableList(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** Keeps insertion order and allows {@code null} values (YAML's {@code ~}). */
    static <V> Map<String, V> map(Map<String, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
