package io.kombify.plugin.hetzner;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.kombify.sim.cloud.hetzner.FakeRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The official Hetzner Cloud API document ({@code hcloud.json}, OpenAPI 3.0, read from the
 * upstream reference data), used to check a request a client sent: its path matches a path
 * template that has the method, its query names only parameters the operation declares (with
 * values of their schema) and every required one, and a JSON body validates against the
 * operation's request schema, {@code $ref}s resolved, and holds no property that schema does not
 * declare (the document leaves {@code additionalProperties} open, so a validator alone would take
 * a misspelled field); an operation without a request body gets an empty one.
 */
final class ApiDocument {

    private static final String ID = "https://docs.hetzner.cloud/hcloud.json";
    private static volatile ApiDocument instance;

    private final JsonNode root;
    private final SchemaRegistry registry;
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** What a check found. */
    record Check(String operation, List<String> problems) {
    }

    private record Template(String path, Pattern pattern, int literalSegments) {
    }

    private ApiDocument(String text) {
        this.root = JsonMapper.builder().build().readTree(text);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(ID, text)));
        for (String path : root.path("paths").propertyNames()) {
            String regex = Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            int literals = (int) Arrays.stream(path.split("/")).filter(s -> !s.isEmpty() && !s.startsWith("{")).count();
            templates.add(new Template(path, Pattern.compile(regex), literals));
        }
        // The most literal template wins: /servers/actions before /servers/{id}.
        templates.sort((a, b) -> Integer.compare(b.literalSegments(), a.literalSegments()));
    }

    /** The document from {@code ${kombify.upstream}/hetzner/hcloud.json}. */
    static ApiDocument hcloud() {
        ApiDocument d = instance;
        if (d == null) {
            synchronized (ApiDocument.class) {
                if (instance == null) {
                    instance = new ApiDocument(read(upstream().resolve("hetzner").resolve("hcloud.json")));
                }
                d = instance;
            }
        }
        return d;
    }

    static Path upstream() {
        return Path.of(System.getProperty("kombify.upstream", "../../../shared/upstream"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Hetzner Cloud API document " + file.toAbsolutePath(), e);
        }
    }

    /** Checks one request. */
    Check check(FakeRequest request) {
        return check(request.method(), request.apiPath(), request.query(), request.body(), request.contentType());
    }

    /** Checks one request given by its parts ({@code path} without the {@code /v1} prefix). */
    Check check(String method, String path, String query, String body, String contentType) {
        String m = method.toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        List<Template> matching = templates.stream().filter(t -> t.pattern().matcher(path).matches()).toList();
        Template template = matching.stream().filter(t -> !root.path("paths").path(t.path()).path(m).isMissingNode())
                .findFirst().orElse(matching.isEmpty() ? null : matching.get(0));
        if (template == null) {
            problems.add("no path of the API document matches " + path);
            return new Check(method + " " + path, problems);
        }
        String operation = method + " " + template.path();
        JsonNode op = root.path("paths").path(template.path()).path(m);
        if (op.isMissingNode()) {
            problems.add("the API document has no " + method + " for " + template.path());
            return new Check(operation, problems);
        }
        checkQuery(op, query, problems);
        JsonNode requestBody = op.path("requestBody");
        if (requestBody.isMissingNode()) {
            if (!body.isBlank()) {
                problems.add("sends a body, but the operation takes none: " + body);
            }
        } else {
            if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                problems.add("Content-Type is '" + contentType + "', not application/json");
            }
            if (body.isBlank()) {
                if (requestBody.path("required").asBoolean(false)) {
                    problems.add("sends no body, but the operation requires one");
                }
            } else {
                JsonNode schemaNode = requestBody.path("content").path("application/json").path("schema");
                String ref = schemaNode.path("$ref").asString("");
                if (!ref.startsWith("#/")) {
                    throw new IllegalStateException("the request schema of " + operation + " is not a $ref into the document");
                }
                Schema schema = schemas.computeIfAbsent(ref, r -> registry.getSchema(SchemaLocation.of(ID + r)));
                for (Error e : schema.validate(body, InputFormat.JSON)) {
                    problems.add("body " + e.getInstanceLocation() + ": " + e.getMessage());
                }
                JsonNode parsed;
                try {
                    parsed = JsonMapper.builder().build().readTree(body);
                } catch (RuntimeException notJson) {
                    parsed = null;
                }
                if (parsed != null) {
                    undeclared(schemaNode, parsed, "", problems);
                }
            }
        }
        return new Check(operation, problems);
    }

    /** Adds a problem for every property of {@code value} (at any depth) that its schema does not declare. */
    private void undeclared(JsonNode schema, JsonNode value, String at, List<String> problems) {
        JsonNode s = resolve(schema);
        if (value.isObject()) {
            JsonNode properties = s.path("properties");
            JsonNode additional = s.path("additionalProperties");
            for (String name : value.propertyNames()) {
                String where = at + "/" + name;
                if (properties.has(name)) {
                    undeclared(properties.path(name), value.path(name), where, problems);
                } else if (additional.isObject()) {
                    undeclared(additional, value.path(name), where, problems);
                } else if (properties.isObject() || additional.isBoolean() && !additional.asBoolean()) {
                    problems.add("body " + where + ": property " + name + " is not declared by the operation's schema"
                            + " (it declares " + properties.propertyNames() + ")");
                }
            }
        } else if (value.isArray() && s.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                undeclared(s.path("items"), item, at + "/" + i++, problems);
            }
        }
    }

    /** A schema with its {@code $ref}s into the document followed. */
    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int hops = 0; hops < 20 && s.has("$ref"); hops++) {
            String ref = s.path("$ref").asString("");
            if (!ref.startsWith("#/")) {
                break;
            }
            s = root.at(ref.substring(1));
        }
        return s;
    }

    private void checkQuery(JsonNode op, String query, List<String> problems) {
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        for (JsonNode p : op.path("parameters")) {
            if (p.path("in").asString("").equals("query")) {
                declared.put(p.path("name").asString(""), p);
            }
        }
        Map<String, List<String>> sent = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                sent.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        declared.forEach((name, p) -> {
            if (p.path("required").asBoolean(false) && !sent.containsKey(name)) {
                problems.add("misses the required query parameter " + name);
            }
        });
        sent.forEach((name, values) -> {
            JsonNode p = declared.get(name);
            if (p == null) {
                problems.add("sends the query parameter " + name + ", which the operation does not declare");
                return;
            }
            JsonNode schema = p.path("schema");
            boolean array = schema.path("type").asString("").equals("array");
            if (!array && values.size() > 1) {
                problems.add("repeats the query parameter " + name + ", which takes one value");
            }
            JsonNode itemSchema = array ? schema.path("items") : schema;
            for (String v : values) {
                valueProblem(name, v, itemSchema).ifPresent(problems::add);
            }
        });
    }

    private Optional<String> valueProblem(String name, String value, JsonNode schema) {
        JsonNode instance;
        String type = schema.path("type").asString("string");
        if (type.equals("integer")) {
            try {
                instance = JsonNodeFactory.instance.numberNode(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return Optional.of("query parameter " + name + "=" + value + " is not an integer");
            }
        } else if (type.equals("boolean")) {
            if (!value.equals("true") && !value.equals("false")) {
                return Optional.of("query parameter " + name + "=" + value + " is not a boolean");
            }
            instance = JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
        } else {
            instance = JsonNodeFactory.instance.stringNode(value);
        }
        Schema s = registry.getSchema(schema);
        List<Error> errors = s.validate(instance);
        return errors.isEmpty() ? Optional.empty()
                : Optional.of("query parameter " + name + "=" + value + ": " + errors.get(0).getMessage());
    }
}
