package io.kombify.spec.cue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes a plain tree as block-style YAML, so that every document of the differential test
 * also goes through our YAML reading path, not only the JSON one.
 */
final class Yaml {
    private static final Dump DUMP = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());

    private Yaml() {
    }

    static String write(Object tree) {
        return DUMP.dumpToString(plain(tree));
    }

    /** The dumper knows no BigDecimal; a double keeps the spelling the tests use ({@code 80.5}, {@code 1.0}). */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        return value;
    }
}
