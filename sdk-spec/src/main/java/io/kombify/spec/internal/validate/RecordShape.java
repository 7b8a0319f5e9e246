package io.kombify.spec.internal.validate;

import io.kombify.spec.model.Key;
import io.kombify.spec.model.MaxLength;
import io.kombify.spec.model.MinItems;
import io.kombify.spec.model.Open;
import io.kombify.spec.model.Pattern;
import io.kombify.spec.model.Range;
import io.kombify.spec.model.Required;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the validator needs to know about one model record, computed once per class from its
 * annotations and kept immutable: the components that carry constraints or lead to nested
 * records, with their YAML names and compiled patterns.
 */
final class RecordShape {
    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    /** How the walk treats a component's value. */
    enum Descent {
        /** A scalar, or an open map: nothing below it to check. */
        NONE,
        /** A record (or a sealed interface of records). */
        RECORD,
        /** A list whose elements may be records. */
        LIST
    }

    /** One component that the walk must look at. */
    record Component(
            String yamlName,
            int index,
            Method accessor,
            Class<?> type,
            boolean required,
            CompiledPattern pattern,
            Range range,
            int minItems,
            int maxLength,
            Descent descent) {
    }

    private final List<Component> checked;
    private final Map<String, Integer> order;
    private final Method[] accessors;

    private RecordShape(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        this.accessors = new Method[components.length];
        List<Component> list = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent rc = components[i];
            Key key = rc.getAnnotation(Key.class);
            String yamlName = key != null ? key.value() : rc.getName();
            names.put(yamlName, i);
            accessors[i] = rc.getAccessor();
            if (rc.isAnnotationPresent(Open.class)) {
                continue;
            }
            Pattern p = rc.getAnnotation(Pattern.class);
            MinItems minItems = rc.getAnnotation(MinItems.class);
            MaxLength maxLength = rc.getAnnotation(MaxLength.class);
            Component c = new Component(
                    yamlName,
                    i,
                    rc.getAccessor(),
                    rc.getType(),
                    rc.isAnnotationPresent(Required.class),
                    p == null ? null : CompiledPattern.of(p.value(), p.example()),
                    rc.getAnnotation(Range.class),
                    minItems == null ? 0 : minItems.value(),
                    maxLength == null ? -1 : maxLength.value(),
                    descent(rc.getType(), rc.getGenericType()));
            if (c.required() || c.pattern() != null || c.range() != null || c.minItems() > 0
                    || c.maxLength() >= 0 || c.descent() != Descent.NONE) {
                c.accessor().setAccessible(true);
                list.add(c);
            }
        }
        this.checked = Collections.unmodifiableList(list);
        this.order = Map.copyOf(names);
    }

    static RecordShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    /** The components the walk visits, in declaration order. */
    List<Component> checked() {
        return checked;
    }

    /** Declaration index of the component written as {@code yamlName}, or -1. */
    int indexOf(String yamlName) {
        Integer i = order.get(yamlName);
        return i == null ? -1 : i;
    }

    /** The value of the component at declaration {@code index} of {@code record}. */
    Object value(Object record, int index) {
        return invoke(accessors[index], record);
    }

    static Object invoke(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("model accessor not accessible: " + accessor, e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("model accessor failed: " + accessor, e.getCause());
        }
    }

    private static Descent descent(Class<?> raw, Type generic) {
        if (isModel(raw)) {
            return Descent.RECORD;
        }
        if (List.class.isAssignableFrom(raw) && generic instanceof ParameterizedType pt) {
            Type element = pt.getActualTypeArguments()[0];
            if (element instanceof Class<?> ec && isModel(ec)) {
                return Descent.LIST;
            }
        }
        return Descent.NONE;
    }

    /** A record or sealed interface of the model (not a JDK type, not an enum). */
    private static boolean isModel(Class<?> c) {
        return (c.isRecord() || (c.isInterface() && c.isSealed()))
                && c.getPackageName().startsWith("io.kombify.spec.model");
    }
}
