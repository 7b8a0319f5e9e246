package io.kombify.spec.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.spec.model.Kombination;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SchemaNotesTest {

    @Test
    void namesOnlyTypesAndFieldsTheModelHas() {
        Set<String> known = new LinkedHashSet<>();
        collect(Kombination.class, known);

        assertThat(known).containsAll(SchemaNotes.DESCRIPTIONS.keySet());
        assertThat(known).containsAll(SchemaNotes.DEFAULTS.keySet());
        assertThat(known).containsAll(SchemaNotes.UNION_TYPES.keySet());
    }

    @Test
    void describesEveryTypeAndFieldOfTheModel() {
        Set<String> known = new LinkedHashSet<>();
        collect(Kombination.class, known);

        assertThat(SchemaNotes.DESCRIPTIONS.keySet()).containsAll(known);
    }

    /** Every record and sealed type reachable from {@code type}, and their components, by note key. */
    private static void collect(Class<?> type, Set<String> keys) {
        if (!keys.add(SchemaGenerator.key(type))) {
            return;
        }
        if (type.isSealed()) {
            for (Class<?> variant : type.getPermittedSubclasses()) {
                collect(variant, keys);
            }
            return;
        }
        for (RecordComponent rc : type.getRecordComponents()) {
            if (rc.isAnnotationPresent(io.kombify.spec.model.Open.class)) {
                continue;
            }
            keys.add(SchemaGenerator.key(type) + "." + rc.getName());
            visit(rc.getGenericType(), keys);
        }
    }

    private static void visit(Type t, Set<String> keys) {
        if (t instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                visit(arg, keys);
            }
        } else if (t instanceof Class<?> c && (c.isRecord() || c.isSealed())) {
            collect(c, keys);
        }
    }
}
