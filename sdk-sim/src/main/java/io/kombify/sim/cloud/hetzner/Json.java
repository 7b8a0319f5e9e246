package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON helpers of the fake: one immutable mapper, node factories and the API's time format. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** {@code {key: node}}. */
    static ObjectNode wrap(String key, ObjectNode node) {
        ObjectNode root = object();
        root.set(key, node);
        return root;
    }

    static ArrayNode longs(Collection<Long> values) {
        ArrayNode array = array();
        values.forEach(array::add);
        return array;
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = array();
        values.forEach(array::add);
        return array;
    }

    static ObjectNode labels(Map<String, String> labels) {
        ObjectNode node = object();
        labels.forEach(node::put);
        return node;
    }

    /** A timestamp as the API writes it: whole seconds, UTC, {@code 2016-01-30T23:50:00Z}. */
    static String time(Instant instant) {
        return TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static void putTime(ObjectNode node, String field, Instant instant) {
        if (instant == null) {
            node.putNull(field);
        } else {
            node.put(field, time(instant));
        }
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses a request body; malformed JSON is the API's {@code 400 json_error}. */
    static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(400, "json_error", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
