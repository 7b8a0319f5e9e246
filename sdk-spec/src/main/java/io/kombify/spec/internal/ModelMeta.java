package io.kombify.spec.internal;

import io.kombify.spec.model.Intent;
import io.kombify.spec.model.Key;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Open;
import io.kombify.spec.model.WireValue;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reader, the writer and the tree conversion need to know about the model records,
 * derived once from the record components (their types, {@link Key} and {@link Open}) so that
 * binding a value never looks anything up reflectively. Immutable after class initialisation.
 */
public final class ModelMeta {
    private static final Map<Class<?>, RecordType> TYPES = build();

    private ModelMeta() {
    }

    /** The metadata of a model record, or {@code null} for a class outside the model. */
    public static RecordType of(Class<?> recordClass) {
        return TYPES.get(recordClass);
    }

    /** The root type. */
    public static RecordType root() {
        return TYPES.get(Kombination.class);
    }

    /** How a component's value is shaped. */
    public enum Kind {
        STRING, INTEGER, BOOLEAN, ENUM, RECORD, INTENT, LIST, MAP, OBJECT
    }

    /**
     * The type of a value.
     *
     * @param kind        its shape
     * @param recordClass for {@link Kind#RECORD}
     * @param enumType    for {@link Kind#ENUM}
     * @param element     for {@link Kind#LIST} and {@link Kind#MAP}: the element or value type
     */
    public record ValueType(Kind kind, Class<?> recordClass, EnumType enumType, ValueType element) {
    }

    /** An enum of the model with its wire spellings. */
    public static final class EnumType {
        private final Class<?> type;
        private final Map<String, Object> byWire;
        private final List<String> wires;

        EnumType(Class<?> type) {
            this.type = type;
            Map<String, Object> map = new HashMap<>();
            List<String> list = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                String wire = ((WireValue) constant).wire();
                map.put(wire, constant);
                list.add(wire);
            }
            this.byWire = Map.copyOf(map);
            this.wires = List.copyOf(list);
        }

        public Class<?> type() {
            return type;
        }

        /** The constant spelled {@code wire}, or {@code null}. */
        public Object find(String wire) {
            return byWire.get(wire);
        }

        /** Every spelling, in declaration order. */
        public List<String> wires() {
            return wires;
        }
    }

    /**
     * One record component.
     *
     * @param javaName     the Java name
     * @param yamlName     the name in {@code kombination.yaml}
     * @param type         its value type
     * @param accessor     the accessor method
     * @param open         whether it collects the unknown keys of an open object
     * @param keepsAbsence whether an empty collection differs from an absent one (the record keeps {@code null})
     */
    public record Component(String javaName, String yamlName, ValueType type, Method accessor, boolean open, boolean keepsAbsence) {
        /** The value of this component in {@code instance}. */
        public Object get(Object instance) {
            try {
                return accessor.invoke(instance);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + javaName, e);
            }
        }
    }

    /** A model record: its components in declaration order and how to build one. */
    public static final class RecordType {
        private final Class<?> type;
        private final List<Component> components;
        private final Map<String, Integer> indexByYamlName;
        private final int openIndex;
        private final List<String> fieldNames;
        private final Constructor<?> constructor;

        RecordType(Class<?> type, List<Component> components, Constructor<?> constructor) {
            this.type = type;
            this.components = List.copyOf(components);
            Map<String, Integer> index = new HashMap<>();
            int open = -1;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < components.size(); i++) {
                Component c = components.get(i);
                if (c.open()) {
                    open = i;
                } else {
                    index.put(c.yamlName(), i);
                    names.add(c.yamlName());
                }
            }
            this.indexByYamlName = Map.copyOf(index);
            this.openIndex = open;
            this.fieldNames = List.copyOf(names);
            this.constructor = constructor;
        }

        public Class<?> type() {
            return type;
        }

        public List<Component> components() {
            return components;
        }

        /** Index of the component named {@code yamlName} in the spec, or -1. */
        public int indexOf(String yamlName) {
            Integer i = indexByYamlName.get(yamlName);
            return i == null ? -1 : i;
        }

        /** Index of the {@link Open} component, or -1 for a closed object. */
        public int openIndex() {
            return openIndex;
        }

        /** The names the schema gives this object's fields, in declaration order. */
        public List<String> fieldNames() {
            return fieldNames;
        }

        /** A new instance from component values in declaration order. */
        public Object create(Object[] args) {
            try {
                return constructor.newInstance(args);
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException("cannot create " + type.getSimpleName(), e);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("cannot create " + type.getSimpleName(), cause);
            }
        }
    }

    private static Map<Class<?>, RecordType> build() {
        Map<Class<?>, RecordType> types = new LinkedHashMap<>();
        Map<Class<?>, EnumType> enums = new HashMap<>();
        collect(Kombination.class, types, enums);
        collect(Intent.Detailed.class, types, enums);
        return Collections.unmodifiableMap(types);
    }

    private static void collect(Class<?> recordClass, Map<Class<?>, RecordType> types, Map<Class<?>, EnumType> enums) {
        if (types.containsKey(recordClass)) {
            return;
        }
        RecordComponent[] rcs = recordClass.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[rcs.length];
        List<Component> components = new ArrayList<>(rcs.length);
        List<Class<?>> nested = new ArrayList<>();
        for (int i = 0; i < rcs.length; i++) {
            RecordComponent rc = rcs[i];
            parameterTypes[i] = rc.getType();
            Key key = rc.getAnnotation(Key.class);
            String yamlName = key == null ? rc.getName() : key.value();
            ValueType vt = typeOf(rc.getGenericType(), enums, nested);
            components.add(new Component(rc.getName(), yamlName, vt, rc.getAccessor(), rc.isAnnotationPresent(Open.class), false));
        }
        Constructor<?> ctor;
        try {
            ctor = recordClass.getDeclaredConstructor(parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor in " + recordClass, e);
        }
        RecordType provisional = new RecordType(recordClass, components, ctor);
        types.put(recordClass, withAbsence(provisional));
        for (Class<?> n : nested) {
            collect(n, types, enums);
        }
    }

    /**
     * Marks the collections whose record keeps {@code null}: those are the ones where {@code []}
     * means something else than leaving the field out, so the writer must keep an empty one.
     */
    private static RecordType withAbsence(RecordType t) {
        List<Component> cs = t.components();
        boolean anyCollection = cs.stream().anyMatch(c -> c.type().kind() == Kind.LIST || c.type().kind() == Kind.MAP);
        if (!anyCollection) {
            return t;
        }
        Object probe = t.create(new Object[cs.size()]);
        List<Component> marked = new ArrayList<>(cs.size());
        for (Component c : cs) {
            boolean collection = c.type().kind() == Kind.LIST || c.type().kind() == Kind.MAP;
            boolean keeps = collection && c.get(probe) == null;
            marked.add(keeps ? new Component(c.javaName(), c.yamlName(), c.type(), c.accessor(), c.open(), true) : c);
        }
        return new RecordType(t.type(), marked, t.constructor);
    }

    private static ValueType typeOf(Type type, Map<Class<?>, EnumType> enums, List<Class<?>> nested) {
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] args = pt.getActualTypeArguments();
            if (raw == List.class) {
                return new ValueType(Kind.LIST, null, null, typeOf(args[0], enums, nested));
            }
            if (raw == Map.class) {
                return new ValueType(Kind.MAP, null, null, typeOf(args[1], enums, nested));
            }
            throw new IllegalStateException("unsupported model type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return new ValueType(Kind.STRING, null, null, null);
        }
        if (c == Integer.class) {
            return new ValueType(Kind.INTEGER, null, null, null);
        }
        if (c == Boolean.class) {
            return new ValueType(Kind.BOOLEAN, null, null, null);
        }
        if (c == Object.class) {
            return new ValueType(Kind.OBJECT, null, null, null);
        }
        if (c == Intent.class) {
            nested.add(Intent.Detailed.class);
            return new ValueType(Kind.INTENT, Intent.Detailed.class, null, null);
        }
        if (c.isEnum() && WireValue.class.isAssignableFrom(c)) {
            return new ValueType(Kind.ENUM, null, enums.computeIfAbsent(c, EnumType::new), null);
        }
        if (c.isRecord()) {
            nested.add(c);
            return new ValueType(Kind.RECORD, c, null, null);
        }
        throw new IllegalStateException("unsupported model type " + type);
    }
}
