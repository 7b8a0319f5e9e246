package io.kombify.sim.cloud.hetzner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    String requiredString(String field) {
        if (!root.has(field)) {
            fail(field, MISSING);
            return null;
        }
        if (root.get(field).isNull()) {
            fail(field, NULL);
            return null;
        }
        return string(field);
    }

    String optionalString(String field) {
        return has(field) ? string(field) : null;
    }

    /** A reference to a resource by name or ID: a string, or an integer ID as clients also send it. */
    String requiredIdOrName(String field) {
        if (root.has(field) && root.get(field).isIntegralNumber()) {
            return root.get(field).asString();
        }
        return requiredString(field);
    }

    String optionalIdOrName(String field) {
        if (has(field) && root.get(field).isIntegralNumber()) {
            return root.get(field).asString();
        }
        return optionalString(field);
    }

    private String string(String field) {
        JsonNode n = root.get(field);
        if (!n.isString()) {
            fail(field, "Not a valid string.");
            return null;
        }
        return n.stringValue();
    }

    Long requiredLong(String field) {
        if (!root.has(field)) {
            fail(field, MISSING);
            return null;
        }
        if (root.get(field).isNull()) {
            fail(field, NULL);
            return null;
        }
        return integer(field, root.get(field));
    }

    Long optionalLong(String field) {
        return has(field) ? integer(field, root.get(field)) : null;
    }

    private Long integer(String field, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            fail(field, "Not a valid integer.");
            return null;
        }
        return n.longValue();
    }

    boolean optionalBoolean(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode n = root.get(field);
        if (!n.isBoolean()) {
            fail(field, "Not a valid boolean.");
            return fallback;
        }
        return n.booleanValue();
    }

    /** A list of strings; an element that is a number is read as its text (IDs may be given either way). */
    List<String> optionalStringList(String field) {
        ArrayNode array = list(field);
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode e : array.values()) {
            if (e.isString()) {
                values.add(e.stringValue());
            } else if (e.isIntegralNumber()) {
                values.add(e.asString());
            } else {
                fail(field, "Not a valid string.");
            }
        }
        return values;
    }

    List<Long> optionalLongList(String field) {
        ArrayNode array = list(field);
        if (array == null) {
            return List.of();
        }
        List<Long> values = new ArrayList<>();
        for (JsonNode e : array.values()) {
            Long v = integer(field, e);
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    /** A list of objects, or {@code null} when absent. */
    List<JsonNode> optionalObjectList(String field) {
        ArrayNode array = list(field);
        if (array == null) {
            return null;
        }
        List<JsonNode> values = new ArrayList<>();
        for (JsonNode e : array.values()) {
            if (!e.isObject()) {
                fail(field, "Not a valid mapping type.");
            } else {
                values.add(e);
            }
        }
        return values;
    }

    List<JsonNode> requiredObjectList(String field) {
        if (!has(field)) {
            fail(field, root.has(field) ? NULL : MISSING);
            return List.of();
        }
        List<JsonNode> values = optionalObjectList(field);
        return values == null ? List.of() : values;
    }

    private ArrayNode list(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode n = root.get(field);
        if (!n.isArray()) {
            fail(field, "Not a valid list.");
            return null;
        }
        return (ArrayNode) n;
    }

    /** The labels object, checked against the API's rules for keys and values; absent is empty. */
    Optional<Map<String, String>> optionalLabels(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode n = root.get(field);
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
