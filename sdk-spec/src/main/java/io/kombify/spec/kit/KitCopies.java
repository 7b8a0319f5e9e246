package io.kombify.spec.kit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies that keep insertion order (kit files are shown in the order they were written). */
final class KitCopies {
    private KitCopies() {
    }

    static <V> Map<String, V> map(Map<String, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
