package io.kombify.spec.internal;

import io.kombify.spec.internal.ModelMeta.Component;
import io.kombify.spec.internal.ModelMeta.RecordType;
import io.kombify.spec.model.Intent;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.WireValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model as a plain tree of maps, lists and scalars, in field order with the names used in
 * {@code kombination.yaml}: what the writer prints, and what JSON output, hashing and schema
 * checks start from. Holds exactly what the model holds: absent fields are left out and no
 * default is filled in.
 */
public final class SpecTree {
    private SpecTree() {
    }

    /**
     * The tree of {@code spec}: {@link LinkedHashMap}s in field order, {@link ArrayList}s, enum
     * values as their spelling in the spec, and Strings, Integers, Longs, Doubles and Booleans.
     */
    public static LinkedHashMap<String, Object> toTree(Kombination spec) {
        Objects.requireNonNull(spec, "spec");
        return record(spec);
    }

    /** The tree of any model record. */
    public static LinkedHashMap<String, Object> toTree(Record modelRecord) {
        Objects.requireNonNull(modelRecord, "modelRecord");
        return record(modelRecord);
    }

    private static LinkedHashMap<String, Object> record(Object instance) {
        RecordType type = ModelMeta.of(instance.getClass());
        if (type == null) {
            throw new IllegalArgumentException("not a model record: " + instance.getClass().getName());
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (Component c : type.components()) {
            Object v = c.get(instance);
            if (v == null) {
                continue;
            }
            if (c.open()) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    out.putIfAbsent(String.valueOf(e.getKey()), plain(e.getValue()));
                }
                continue;
            }
            if (!c.keepsAbsence() && (v instanceof List<?> l && l.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty())) {
                continue;
            }
            out.put(c.yamlName(), value(v));
        }
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof Intent.Simple s) {
            return s.kind() == null ? null : s.kind().wire();
        }
        if (v instanceof WireValue w) {
            return w.wire();
        }
        if (v instanceof Record r) {
            return record(r);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(value(item));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), value(e.getValue()));
            }
            return out;
        }
        return v;
    }

    /** Open values are user data: copied as they are, empty collections included. */
    private static Object plain(Object v) {
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(plain(item));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return out;
        }
        return v;
    }
}
