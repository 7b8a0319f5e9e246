package io.kombify.spec.internal.schema;

import io.kombify.spec.PlainJson;
import io.kombify.spec.model.Key;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.MaxLength;
import io.kombify.spec.model.MinItems;
import io.kombify.spec.model.Open;
import io.kombify.spec.model.Pattern;
import io.kombify.spec.model.Range;
import io.kombify.spec.model.Required;
import io.kombify.spec.model.WireValue;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the JSON Schema of {@code kombination.yaml} from the model records: field names
 * from record components (or {@link Key}), closed objects unless a component is {@link Open},
 * enums from {@link WireValue} spellings, and the constraint annotations as the matching
 * JSON Schema keywords. Prose and defaults come from {@link SchemaNotes}.
 */
public final class SchemaGenerator {
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    public static final String ID = "https://kombify.io/schemas/kombination.schema.json";

    private final Map<String, Object> defs = new LinkedHashMap<>();

    private SchemaGenerator() {
    }

    /** The schema as pretty-printed JSON text. */
    public static String generate() {
        return PlainJson.pretty(new SchemaGenerator().root());
    }

    private Map<String, Object> root() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", DIALECT);
        root.put("$id", ID);
        root.put("title", "kombination.yaml");
        root.putAll(recordSchema(Kombination.class));
        root.put("$defs", defs);
        return root;
    }

    private Map<String, Object> recordSchema(Class<?> type) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        describe(schema, key(type));
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        boolean open = false;
        for (RecordComponent rc : type.getRecordComponents()) {
            if (rc.isAnnotationPresent(Open.class)) {
                open = true;
                continue;
            }
            String name = rc.isAnnotationPresent(Key.class) ? rc.getAnnotation(Key.class).value() : rc.getName();
            String componentKey = key(type) + "." + rc.getName();
            Map<String, Object> property = new LinkedHashMap<>();
            describe(property, componentKey);
            property.putAll(componentSchema(rc, componentKey));
            Object defaultValue = SchemaNotes.DEFAULTS.get(componentKey);
            if (defaultValue != null) {
                property.put("default", defaultValue);
            }
            properties.put(name, property);
            if (rc.isAnnotationPresent(Required.class)) {
                required.add(name);
            }
        }
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", open);
        return schema;
    }

    private Map<String, Object> componentSchema(RecordComponent rc, String componentKey) {
        List<String> union = SchemaNotes.UNION_TYPES.get(componentKey);
        if (union != null) {
            return Map.of("type", union);
        }
        Map<String, Object> schema = typeSchema(rc.getGenericType(), rc);
        MinItems minItems = rc.getAnnotation(MinItems.class);
        if (minItems != null) {
            schema.put("minItems", minItems.value());
        }
        return schema;
    }

    /** The schema of a value of {@code type}; string and number constraints of {@code rc} apply to its leaves. */
    private Map<String, Object> typeSchema(Type type, RecordComponent rc) {
        Map<String, Object> schema = new LinkedHashMap<>();
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                schema.put("type", "array");
                schema.put("items", typeSchema(args[0], rc));
                return schema;
            }
            if (Map.class.isAssignableFrom(raw)) {
                schema.put("type", "object");
                if (args[1] != Object.class) {
                    schema.put("additionalProperties", typeSchema(args[1], rc));
                }
                return schema;
            }
            throw new IllegalStateException("no JSON Schema mapping for " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            schema.put("type", "string");
            Pattern pattern = rc.getAnnotation(Pattern.class);
            if (pattern != null) {
                schema.put("pattern", pattern.value());
                schema.put("examples", List.of(pattern.example()));
            }
            MaxLength maxLength = rc.getAnnotation(MaxLength.class);
            if (maxLength != null) {
                schema.put("maxLength", maxLength.value());
            }
        } else if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            schema.put("type", "integer");
            Range range = rc.getAnnotation(Range.class);
            if (range != null) {
                schema.put("minimum", range.min());
                schema.put("maximum", range.max());
            }
        } else if (c == Boolean.class || c == boolean.class) {
            schema.put("type", "boolean");
        } else if (c.isEnum() && WireValue.class.isAssignableFrom(c)) {
            schema.put("type", "string");
            List<String> values = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                values.add(((WireValue) constant).wire());
            }
            schema.put("enum", values);
        } else if (c.isRecord() || c.isSealed()) {
            schema.put("$ref", "#/$defs/" + define(c));
        } else if (c != Object.class) {
            throw new IllegalStateException("no JSON Schema mapping for " + c.getName());
        }
        return schema;
    }

    /** Adds the definition of {@code type} to {@code $defs} once; returns its name there. */
    private String define(Class<?> type) {
        String name = type.getEnclosingClass() == null
                ? type.getSimpleName()
                : type.getSimpleName() + type.getEnclosingClass().getSimpleName();
        if (!defs.containsKey(name)) {
            defs.put(name, Map.of()); // reserve the slot first: definitions may refer to themselves
            defs.put(name, type.isSealed() ? unionSchema(type) : recordSchema(type));
        }
        return name;
    }

    /**
     * A sealed type is one of its records. A record of one component is the short form of
     * the value (an intent written as a bare name), so it stands for that component's type.
     */
    private Map<String, Object> unionSchema(Class<?> type) {
        Map<String, Object> schema = new LinkedHashMap<>();
        describe(schema, key(type));
        List<Object> alternatives = new ArrayList<>();
        for (Class<?> variant : type.getPermittedSubclasses()) {
            RecordComponent[] components = variant.getRecordComponents();
            if (components == null) {
                throw new IllegalStateException("sealed model types permit records only: " + variant.getName());
            }
            Map<String, Object> alternative;
            if (components.length == 1) {
                alternative = new LinkedHashMap<>();
                describe(alternative, key(variant));
                alternative.putAll(typeSchema(components[0].getGenericType(), components[0]));
            } else {
                alternative = new LinkedHashMap<>();
                alternative.put("$ref", "#/$defs/" + define(variant));
            }
            alternatives.add(alternative);
        }
        schema.put("oneOf", alternatives);
        return schema;
    }

    // A field without a note still gets its constraints; SchemaNotesTest keeps the notes complete.
    private static void describe(Map<String, Object> schema, String key) {
        String description = SchemaNotes.DESCRIPTIONS.get(key);
        if (description != null) {
            schema.put("description", description);
        }
    }

    /** {@code Node}, or {@code Intent.Detailed} for a nested record. */
    static String key(Class<?> type) {
        return type.getEnclosingClass() == null
                ? type.getSimpleName()
                : type.getEnclosingClass().getSimpleName() + "." + type.getSimpleName();
    }
}
