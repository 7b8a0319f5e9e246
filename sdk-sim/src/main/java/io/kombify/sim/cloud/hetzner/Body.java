package io.kombify.sim.cloud.hetzner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request body being checked field by field. Every problem is collected, then {@link #check()}
 * answers {@code 400 invalid_input} naming each field with its messages, as the API does; a
 * missing or null optional field reads as absent.
 */
final class Body {
    static final String MISSING = "Missing data for required field.";
    static final String NULL = "Field may not be null.";

    private final JsonNode root;
    private final FieldErrors errors = new FieldErrors();

    private Body(JsonNode root) {
        this.root = root;
    }

    /** The body of a request; an empty body is an empty object. */
    static Body of(String raw) {
        if (raw == null || raw.isBlank()) {
            return new Body(Json.object());
        }
        JsonNode node = Json.parse(raw);
        if (!node.isObject()) {
            throw new ApiException(400, "invalid_input", "the request body must be a JSON object");
        }
        return new Body(node);
    }

    boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    JsonNode node(String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n;
    }

    void fail(String field, String message) {
        errors.add(field, message);
    }

    boolean failed(String field) {
        return errors.fields.containsKey(field);
    }

    /** Throws {@code 400 invalid_input} when any field failed. */
    void check() {
        if (!errors.fields.isEmpty()) {
            throw errors.exception();
        }
    }

    /** The field's value; null, after failing the field, when it is missing or null. */
    private JsonNode requiredNode(String field) {
        JsonNode n = root.get(field);
        if (n == null) {
            fail(field, MISSING);
            return null;
        }
        if (n.isNull()) {
            fail(field, NULL);
            return null;
        }
        return n;
    }

    /** A required field's value as {@code read} takes it; null when it is missing, null or not taken. */
    private <T> T required(String field, BiFunction<String, JsonNode, T> read) {
        JsonNode n = requiredNode(field);
        return n == null ? null : read.apply(field, n);
    }

    /** An optional field's value as {@code read} takes it; null when it is absent, null or not taken. */
    private <T> T optional(String field, BiFunction<String, JsonNode, T> read) {
        JsonNode n = node(field);
        return n == null ? null : read.apply(field, n);
    }

    String requiredString(String field) {
        return required(field, this::string);
    }

    String optionalString(String field) {
        return optional(field, this::string);
    }

    /** A reference to a resource by name or ID: a string, or an integer ID as clients also send it. */
    String requiredIdOrName(String field) {
        JsonNode n = node(field);
        return n != null && n.isIntegralNumber() ? n.asString() : requiredString(field);
    }

    String optionalIdOrName(String field) {
        JsonNode n = node(field);
        return n != null && n.isIntegralNumber() ? n.asString() : optionalString(field);
    }

    private String string(String field, JsonNode n) {
        if (!n.isString()) {
            fail(field, "Not a valid string.");
            return null;
        }
        return n.stringValue();
    }

    Long requiredLong(String field) {
        return required(field, this::integer);
    }

    Long optionalLong(String field) {
        return optional(field, this::integer);
    }

    private Long integer(String field, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            fail(field, "Not a valid integer.");
            return null;
        }
        return n.longValue();
    }

    boolean optionalBoolean(String field, boolean fallback) {
        JsonNode n = node(field);
        if (n == null) {
            return fallback;
        }
        if (!n.isBoolean()) {
            fail(field, "Not a valid boolean.");
            return fallback;
        }
        return n.booleanValue();
    }

    /** A list of strings; an element that is a number is read as its text (IDs may be given either way). */
    List<String> optionalStringList(String field) {
        List<String> values = elements(field, e -> {
            if (e.isString()) {
                return e.stringValue();
            }
            if (e.isIntegralNumber()) {
                return e.asString();
            }
            fail(field, "Not a valid string.");
            return null;
        });
        return values == null ? List.of() : values;
    }

    List<Long> optionalLongList(String field) {
        List<Long> values = elements(field, e -> integer(field, e));
        return values == null ? List.of() : values;
    }

    /** A list of objects, or {@code null} when absent. */
    List<JsonNode> optionalObjectList(String field) {
        return elements(field, e -> {
            if (e.isObject()) {
                return e;
            }
            fail(field, "Not a valid mapping type.");
            return null;
        });
    }

    List<JsonNode> requiredObjectList(String field) {
        if (requiredNode(field) == null) {
            return List.of();
        }
        List<JsonNode> values = optionalObjectList(field);
        return values == null ? List.of() : values;
    }

    /**
     * The elements of a list field as {@code read} takes them (it fails the field and answers null
     * for an element it cannot take), or {@code null} when the field is absent or not a list.
     */
    private <T> List<T> elements(String field, Function<JsonNode, T> read) {
        JsonNode n = node(field);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            fail(field, "Not a valid list.");
            return null;
        }
        List<T> values = new ArrayList<>();
        for (JsonNode e : n.values()) {
            T value = read.apply(e);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** The labels object, checked against the API's rules for keys and values; absent is empty. */
    Optional<Map<String, String>> optionalLabels(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isObject()) {
            fail(field, "Not a valid mapping type.");
            return Optional.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isString()) {
                fail(field, "label '" + e.getKey() + "': Not a valid string.");
                continue;
            }
            String problem = Labels.problem(e.getKey(), e.getValue().stringValue());
            if (problem != null) {
                fail(field, problem);
                continue;
            }
            labels.put(e.getKey(), e.getValue().stringValue());
        }
        return Optional.of(labels);
    }

    /** Field errors in the order found, as the API lists them in {@code details.fields}. */
    static final class FieldErrors {
        private final Map<String, List<String>> fields = new LinkedHashMap<>();

        void add(String field, String message) {
            List<String> messages = fields.computeIfAbsent(field, f -> new ArrayList<>());
            if (!messages.contains(message)) {
                messages.add(message);
            }
        }

        static ApiException single(String field, String message) {
            FieldErrors errors = new FieldErrors();
            errors.add(field, message);
            return errors.exception();
        }

        ApiException exception() {
            ObjectNode details = Json.object();
            ArrayNode list = details.putArray("fields");
            fields.forEach((name, messages) -> {
                ObjectNode f = list.addObject();
                f.put("name", name);
                f.set("messages", Json.strings(messages));
            });
            String names = String.join("', '", fields.keySet());
            String message = (fields.size() == 1 ? "invalid input in field '" : "invalid input in fields '") + names + "'";
            return new ApiException(400, "invalid_input", message, details);
        }
    }
}
