package io.kombify.server.cli;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.core.SecretRef;
import io.kombify.spec.model.Key;
import io.kombify.spec.model.Open;
import io.kombify.spec.model.WireValue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns SDK values (records of the model, the resolved spec, kits) into plain trees of maps,
 * lists and scalars, for JSON and YAML output. Field names are the spec's ({@link Key});
 * enums print as the spec spells them; sizes as they are written ({@code 2Gi}) and CPUs as
 * numbers of cores; absent values and empty collections are left out.
 */
final class Trees {
    private Trees() {
    }

    static Object toTree(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof WireValue w) {
            return w.wire();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Optional<?> o) {
            return o.map(Trees::toTree).orElse(null);
        }
        if (value instanceof Collection<?> c) {
            List<Object> list = new ArrayList<>(c.size());
            for (Object item : c) {
                list.add(toTree(item));
            }
            return list;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                put(map, String.valueOf(toTree(e.getKey())), toTree(e.getValue()));
            }
            return map;
        }
        if (value instanceof CpuQuantity cpu) {
            // a number of cores, as the spec writes node CPUs: 2, 0.5
            return cpu.millis() % 1000 == 0 ? (Object) (cpu.millis() / 1000) : (Object) (cpu.millis() / 1000.0);
        }
        if (value instanceof ByteSize || value instanceof SecretRef) {
            return value.toString(); // as written: 2Gi, secret://name
        }
        if (value instanceof Record r) {
            return recordTree(r);
        }
        return value.toString();
    }

    private static Map<String, Object> recordTree(Record r) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (RecordComponent rc : r.getClass().getRecordComponents()) {
            Object v = toTree(read(rc, r));
            if (rc.isAnnotationPresent(Open.class) && v instanceof Map<?, ?> extra) {
                extra.forEach((k, x) -> put(map, (String) k, x));
                continue;
            }
            Key key = rc.getAnnotation(Key.class);
            put(map, key != null ? key.value() : rc.getName(), v);
        }
        return map;
    }

    private static void put(Map<String, Object> map, String name, Object value) {
        if (value == null || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
            return;
        }
        map.put(name, value);
    }

    private static Object read(RecordComponent rc, Record r) {
        Method accessor = rc.getAccessor();
        try {
            if (!accessor.canAccess(r)) {
                accessor.setAccessible(true);
            }
            return accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + rc.getName(), e);
        }
    }
}
