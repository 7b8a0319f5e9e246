package io.kombify.spec.cue;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.SpecSchema;
import io.kombify.spec.SpecValidator;
import io.kombify.spec.ValidationPolicy;
import io.kombify.spec.ValidationResult;
import io.kombify.spec.kit.StackKit;
import io.kombify.spec.kit.StackKitCatalog;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Generates the parts of docs/spec-reference.md that must not drift from the code: the field
 * table (from the JSON Schema, itself derived from the model's constraint annotations), the
 * list of deliberate differences from the upstream schema (from {@link Divergence}), and every
 * diagnostic with its example and the message the reader and validator really produce for it
 * (the examples are test resources in {@code reference/}).
 */
final class SpecReference {
    static final String SOURCE_NAME = "kombination.yaml";

    private SpecReference() {
    }

    /** How an example is checked: read and validated, read and resolved, or built in code and validated. */
    enum Stage {
        VALIDATE, RESOLVE, MODEL
    }

    /**
     * One documented diagnostic. The example file is {@code reference/<code>.yaml}, except for
     * {@link Stage#MODEL}, where the example is {@code source} and {@code model} builds it.
     *
     * @param code    the code
     * @param when    when it is reported, one sentence
     * @param stage   how the example is checked
     * @param reader  the reader to use (a smaller limit keeps an example short)
     * @param policy  the validation policy to use
     * @param setting how the example is read, when not with the defaults; {@code null} otherwise
     * @param source  for {@link Stage#MODEL}: the Java code shown
     * @param model   for {@link Stage#MODEL}: the model that code builds
     */
    record Example(String code, String when, Stage stage, SpecReader reader, ValidationPolicy policy, String setting,
                   String source, Supplier<Kombination> model) {
        String resource() {
            return "reference/" + code + ".yaml";
        }

        byte[] bytes() {
            if (stage == Stage.MODEL) {
                return source.getBytes(StandardCharsets.UTF_8);
            }
            try (InputStream in = SpecReference.class.getResourceAsStream(resource())) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + resource());
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Every diagnostic the example produces, errors first. */
        List<Diagnostic> all() {
            SpecValidator validator = SpecValidator.builder().policy(policy).catalog(CATALOG).build();
            switch (stage) {
                case MODEL -> {
                    ValidationResult r = validator.validate(model.get());
                    return concat(r.errors(), r.warnings());
                }
                case RESOLVE -> {
                    SpecDocument document = reader.read(SOURCE_NAME, bytes());
                    try {
                        return SpecResolver.builder().policy(policy).catalog(CATALOG).build().resolve(document).warnings();
                    } catch (KombifyException e) {
                        return e.diagnostics();
                    }
                }
                default -> {
                    ValidationResult r = validator.validate(reader.read(SOURCE_NAME, bytes()));
                    return concat(r.errors(), r.warnings());
                }
            }
        }

        /** The diagnostics of this example's code, errors first. */
        List<Diagnostic> diagnostics() {
            return all().stream().filter(d -> d.code().equals(code)).toList();
        }

        private static List<Diagnostic> concat(List<Diagnostic> a, List<Diagnostic> b) {
            List<Diagnostic> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }

    private static final SpecReader READER = SpecReader.defaults();
    /** The kits a user has: the built-in ones, without the kits test code adds through the provider SPI. */
    private static final StackKitCatalog CATALOG = builtInKitsOnly();

    private static StackKitCatalog builtInKitsOnly() {
        StackKitCatalog all = StackKitCatalog.builtIn();
        List<StackKit> kits = all.kits().stream()
                .filter(k -> all.origins().stream().anyMatch(o -> o.equals(k.name() + " (built in)"))
                        && all.origins().stream().noneMatch(o -> o.startsWith(k.name() + " (") && !o.endsWith("(built in)")))
                .toList();
        return StackKitCatalog.of(kits);
    }
    private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

    private static void example(String code, String when) {
        EXAMPLES.put(code, new Example(code, when, Stage.VALIDATE, READER, ValidationPolicy.DEFAULT, null, null, null));
    }

    private static void example(String code, String when, SpecReader reader, ValidationPolicy policy, String setting) {
        EXAMPLES.put(code, new Example(code, when, Stage.VALIDATE, reader, policy, setting, null, null));
    }

    private static void resolveExample(String code, String when) {
        EXAMPLES.put(code, new Example(code, when, Stage.RESOLVE, READER, ValidationPolicy.DEFAULT,
                "resolved with `SpecResolver.create()`", null, null));
    }

    private static void modelExample(String code, String when, String source, Supplier<Kombination> model) {
        EXAMPLES.put(code, new Example(code, when, Stage.MODEL, READER, ValidationPolicy.DEFAULT, null, source, model));
    }

    static {
        // Reading
        example("SPEC_SYNTAX", "The file is not well-formed YAML or JSON.");
        example("SPEC_EMPTY", "The file holds no document at all (or only comments).");
        example("SPEC_MULTIPLE_DOCUMENTS", "The file is a YAML stream of several documents; a spec is exactly one.");
        example("SPEC_TOO_LARGE", "The file is larger than the reader's limit (4 MiB by default).",
                SpecReader.builder().maxDocumentBytes(64).build(), ValidationPolicy.DEFAULT,
                "read with `SpecReader.builder().maxDocumentBytes(64)`");
        example("SPEC_TOO_DEEP", "Values are nested deeper than the reader's limit (64 levels by default).");
        example("SPEC_ALIAS_LIMIT", "YAML aliases expand to more nodes than the reader's limit (10,000 by default): "
                + "the \"billion laughs\" attack.");
        example("SPEC_DUPLICATE_KEY", "An object has the same key twice; YAML forbids it and the second would silently win.");
        example("SPEC_TAB_INDENT", "A line is indented with a tab; YAML allows only spaces.");
        example("SPEC_ENCODING", "The file is not UTF-8 (here the byte 0xFC, a Latin-1 `ü`).");
        example("SPEC_NOT_AN_OBJECT", "The document is not an object (here a list).");
        example("SPEC_UNKNOWN_FIELD", "A field the schema does not define, in a closed object; the hint names the "
                + "closest known field.");
        example("SPEC_TYPE_MISMATCH", "A value has the wrong type, such as text where a number belongs.");
        example("SPEC_ENUM_INVALID", "A value is not one of the allowed words.");
        // Field constraints
        example("SPEC_REQUIRED_FIELD", "A required field is missing; the position is that of the object lacking it.");
        example("SPEC_MIN_ITEMS", "A list has fewer items than required (a stack needs at least one node).");
        modelExample("SPEC_NULL_VALUE", "A list of a model built in code holds `null`. (In a file, a `~` where a value "
                + "belongs is `SPEC_TYPE_MISMATCH`.)",
                """
                Node nas = new Node("nas", NodeType.MAIN, Provider.LOCAL, null, null, null, null);
                Kombination spec = new Kombination("homelab", null, null, Arrays.asList(nas, null),
                        null, null, null, null, null, null, null, null);
                ValidationResult result = SpecValidator.create().validate(spec);
                """,
                () -> new Kombination("homelab", null, null,
                        Arrays.asList(new Node("nas", NodeType.MAIN, Provider.LOCAL, null, null, null, null), null),
                        null, null, null, null, null, null, null, null));
        example("SPEC_MAX_LENGTH", "A text is longer than allowed (a domain has at most 253 characters).");
        example("SPEC_NAME_INVALID", "A stack, node or service name is not a DNS label: 2 to 63 lower-case letters, "
                + "digits and `-`, starting with a letter.");
        example("SPEC_SECRET_REF_INVALID", "A value that must be a `secret://` reference is not; the message never "
                + "repeats the value, which may be a secret written in plain text.");
        example("SPEC_PATTERN_MISMATCH", "A text does not have the required form (sizes, durations, addresses, "
                + "schedules).");
        example("SPEC_RANGE", "A number lies outside its range (ports 1 to 65535, `maxAuthTries` 1 to 10, `cpu` at "
                + "least 1).");
        example("SPEC_KIT_INVALID", "`kit` contains `/` or `\\`: it names a kit, not a path.");
        example("KIT_UNKNOWN", "`kit` names no kit of the catalogue.");
        example("SPEC_TOO_MANY_NODES", "More nodes than the validation policy allows (100 by default; "
                + "`ValidationPolicy.UNBOUNDED` has no limit).",
                READER, new ValidationPolicy("small", 2, 0), "validated with `new ValidationPolicy(\"small\", 2, 0)`");
        example("SPEC_TOO_MANY_SERVICES", "More services than the validation policy allows (200 by default).",
                READER, new ValidationPolicy("small", 0, 1), "validated with `new ValidationPolicy(\"small\", 0, 1)`");
        // Nodes
        example("NODE_NAME_DUPLICATE", "Two nodes have the same name.");
        example("NODE_EDGE_PROVIDER", "An edge node runs at a provider other than `local` or `docker`.");
        example("NODE_SSH_HOST_MISSING", "`ssh` is given without `host`.");
        // Services
        example("SERVICE_NAME_DUPLICATE", "Two services have the same name.");
        example("SERVICE_NODE_UNKNOWN", "A service's `node` names no node of the stack.");
        example("SERVICE_NEEDS_SELF", "A service needs itself.");
        example("SERVICE_NEEDS_UNKNOWN", "A service needs a service the stack does not define.");
        example("SERVICE_NEEDS_DISABLED", "A service needs a service that is disabled (a warning: it will wait forever "
                + "unless the other one is enabled).");
        example("SERVICE_NEEDS_CYCLE", "Services need each other in a cycle, so none can start; the cycle is spelled out.");
        example("SERVICE_PORT_RESERVED", "A `custom` service binds a port reserved for the platform (22, 80, 443, 5260, "
                + "5263, 5265).");
        example("SERVICE_PORT_CONFLICT", "Two services bind the same host port and protocol on one node.");
        example("SERVICE_IMAGE_UNKNOWN", "A service has no image: neither its kit's catalogue nor `config.image` names "
                + "one (a warning; deploying it is an error).");
        example("SERVICE_PULL_POLICY_INVALID", "A service's `config.pullPolicy` is not `never`, `missing` or `always` "
                + "(a warning, since `config` is free-form; deploying it is an error).");
        // Network and security
        example("NETWORK_SUBNET_NOT_PRIVATE", "The internal subnet is not inside a private (RFC 1918) range.");
        example("NETWORK_GATEWAY_INVALID", "The internal gateway is not an IPv4 address.");
        example("NETWORK_GATEWAY_OUTSIDE_SUBNET", "The internal gateway lies outside the internal subnet (a warning).");
        example("FIREWALL_SOURCE_INVALID", "A firewall rule's source is a CIDR block with impossible numbers.");
        // Kit gates
        example("KIT_REQUIREMENT_UNMET", "A node (a main node, when there are any) has less CPU, memory or disk than "
                + "the kit's minimum, or the stack has fewer nodes than the kit needs.");
        example("KIT_RECOMMENDATION_UNMET", "A node has less than the kit recommends (a warning).");
        example("KIT_HA_TOO_FEW_NODES", "The `ha-homelab` kit runs on at least three nodes.");
        example("KIT_HA_EVEN_MANAGERS", "The `ha-homelab` kit needs an odd number of main (manager) nodes to keep a "
                + "quorum.");
        // Resolution
        resolveExample("SERVICE_UNPLACEABLE", "No node can run a service without a `node`: every node is excluded by its "
                + "role, labels or taints. Resolution fails with `SPEC_INVALID` carrying this diagnostic.");
        resolveExample("NODE_OVERCOMMITTED", "The services placed on a node request more memory than it has "
                + "(a warning of the resolved spec; CPU is shared, so only memory counts).");
        resolveExample("KIT_PORT_CONFLICT", "A service of the spec binds a host port that a service of the kit binds on "
                + "the same node (a warning of the resolved spec).");
    }

    static List<Example> examples() {
        return List.copyOf(EXAMPLES.values());
    }

    // ------------------------------------------------------------------ diagnostics

    static String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (Example e : EXAMPLES.values()) {
            List<Diagnostic> found = e.diagnostics();
            String severity = found.isEmpty() ? "?" : found.get(0).isError() ? "Error" : "Warning";
            out.append("### `").append(e.code()).append("`\n\n");
            out.append(severity).append(". ").append(e.when()).append('\n');
            if (e.setting() != null) {
                out.append("The example is ").append(e.setting()).append(".\n");
            }
            out.append("\n```").append(e.stage() == Stage.MODEL ? "java" : "yaml").append('\n').append(display(e.bytes()));
            if (e.bytes().length > 0 && e.bytes()[e.bytes().length - 1] != '\n') {
                out.append('\n');
            }
            out.append("```\n\n```text\n");
            for (Diagnostic d : found) {
                String where = e.stage() == Stage.MODEL ? "<memory>" : SOURCE_NAME;
                out.append(where);
                if (d.line() > 0) {
                    out.append(':').append(d.line()).append(':').append(d.column());
                }
                out.append(": ").append(d.isError() ? "error " : "warning ").append(d.code()).append(": ").append(d.message());
                if (d.line() <= 0) {
                    out.append(" (at ").append(d.path().isEmpty() ? "/" : d.path()).append(')');
                }
                out.append('\n');
                if (d.hint() != null && !d.hint().isBlank()) {
                    out.append("  hint: ").append(d.hint()).append('\n');
                }
            }
            out.append("```\n\n");
        }
        return out.toString();
    }

    /** The example as text; bytes that are not UTF-8 are shown as {@code \xFC}. */
    private static String display(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder out = new StringBuilder();
            for (byte b : bytes) {
                if (b >= 0) {
                    out.append((char) b);
                } else {
                    out.append(String.format("\\x%02X", b & 0xff));
                }
            }
            return out.toString();
        }
    }

    // ------------------------------------------------------------------ divergences

    static String divergences() {
        StringBuilder out = new StringBuilder();
        out.append("| Case | Example | We | The schema | Why |\n|---|---|---|---|---|\n");
        for (Divergence d : Divergence.values()) {
            out.append("| `").append(d.slug()).append("` | ").append(cell(d.example())).append(" | ")
                    .append(d.stricter() ? "reject" : "accept").append(" | ")
                    .append(d.stricter() ? "accepts" : "rejects").append(" | ")
                    .append(cell(d.reason())).append(" |\n");
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ fields

    @SuppressWarnings("unchecked")
    static String fields() {
        Map<String, Object> schema = (Map<String, Object>) Json.parse(SpecSchema.jsonSchema());
        Map<String, Object> defs = (Map<String, Object>) schema.get("$defs");
        StringBuilder out = new StringBuilder();
        out.append("| Field | Type | Default | Constraint | Description |\n|---|---|---|---|---|\n");
        object(schema, "", defs, out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void object(Map<String, Object> schema, String prefix, Map<String, Object> defs, StringBuilder out) {
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        List<Object> required = (List<Object>) schema.getOrDefault("required", List.of());
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            String path = prefix + p.getKey();
            Map<String, Object> field = (Map<String, Object>) p.getValue();
            Map<String, Object> target = resolve(field, defs);
            List<String> constraints = new ArrayList<>();
            if (required.contains(p.getKey())) {
                constraints.add("required");
            }
            constraints.addAll(constraints(target, defs));
            out.append("| `").append(path).append("` | ").append(type(target, defs)).append(" | ")
                    .append(field.containsKey("default") ? "`" + Json.write(field.get("default")) + "`" : "")
                    .append(" | ").append(cell(String.join("; ", constraints))).append(" | ")
                    .append(cell(String.valueOf(field.getOrDefault("description", target.getOrDefault("description", "")))))
                    .append(" |\n");
            if ("object".equals(target.get("type")) && target.containsKey("properties")) {
                object(target, path + ".", defs, out);
            } else if ("array".equals(target.get("type"))) {
                Map<String, Object> items = resolve((Map<String, Object>) target.get("items"), defs);
                if ("object".equals(items.get("type"))) {
                    object(items, path + "[].", defs, out);
                } else if (items.containsKey("oneOf")) {
                    for (Object alternative : (List<Object>) items.get("oneOf")) {
                        Map<String, Object> alt = resolve((Map<String, Object>) alternative, defs);
                        if ("object".equals(alt.get("type"))) {
                            object(alt, path + "[].", defs, out);
                        }
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> schema, Map<String, Object> defs) {
        Object ref = schema.get("$ref");
        if (ref instanceof String r && r.startsWith("#/$defs/")) {
            return (Map<String, Object>) defs.get(r.substring("#/$defs/".length()));
        }
        return schema;
    }

    @SuppressWarnings("unchecked")
    private static String type(Map<String, Object> schema, Map<String, Object> defs) {
        if (schema.containsKey("oneOf")) {
            return ((List<Object>) schema.get("oneOf")).stream()
                    .map(o -> type(resolve((Map<String, Object>) o, defs), defs))
                    .collect(Collectors.joining(" or "));
        }
        Object t = schema.get("type");
        if (t instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(" or "));
        }
        if ("array".equals(t)) {
            String item = type(resolve((Map<String, Object>) schema.get("items"), defs), defs);
            return "list of " + plural(item);
        }
        if ("object".equals(t)) {
            Object additional = schema.get("additionalProperties");
            if (additional instanceof Map<?, ?> values) {
                return "map of " + plural(type((Map<String, Object>) values, defs));
            }
            if (!schema.containsKey("properties")) {
                return "object (free-form)";
            }
            return Boolean.TRUE.equals(additional) ? "object (open)" : "object";
        }
        return t == null ? "any" : String.valueOf(t);
    }

    private static String plural(String type) {
        return switch (type) {
            case "string" -> "strings";
            case "integer" -> "integers";
            case "boolean" -> "booleans";
            case "object", "object (open)", "object (free-form)" -> "objects";
            default -> type.startsWith("string or ") ? "strings or objects" : type;
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> constraints(Map<String, Object> schema, Map<String, Object> defs) {
        List<String> out = new ArrayList<>();
        if (schema.get("enum") instanceof List<?> values) {
            out.add("one of " + values.stream().map(v -> "`" + v + "`").collect(Collectors.joining(", ")));
        }
        if (schema.get("pattern") instanceof String pattern) {
            out.add("matches `" + pattern + "`");
        }
        Object min = schema.get("minimum");
        Object max = schema.get("maximum");
        if (min != null && max != null && !isIntMax(max)) {
            out.add(min + " to " + max);
        } else if (min != null) {
            out.add("at least " + min);
        } else if (max != null) {
            out.add("at most " + max);
        }
        if (schema.get("maxLength") != null) {
            out.add("at most " + schema.get("maxLength") + " characters");
        }
        if (schema.get("minItems") != null) {
            out.add("at least " + schema.get("minItems") + (schema.get("minItems").equals(1) ? " item" : " items"));
        }
        if ("object".equals(schema.get("type")) && Boolean.TRUE.equals(schema.get("additionalProperties"))) {
            out.add("further fields allowed");
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            List<String> each = constraints(resolve((Map<String, Object>) items, defs), defs);
            if (!each.isEmpty() && !"object".equals(resolve((Map<String, Object>) items, defs).get("type"))) {
                out.add("each " + String.join("; ", each));
            }
        }
        if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
            List<String> each = constraints((Map<String, Object>) values, defs);
            if (!each.isEmpty()) {
                out.add("each value " + String.join("; ", each));
            }
        }
        if (schema.get("oneOf") instanceof List<?> alternatives) {
            for (Object alternative : alternatives) {
                Map<String, Object> alt = resolve((Map<String, Object>) alternative, defs);
                if (!"object".equals(alt.get("type"))) {
                    List<String> each = constraints(alt, defs);
                    if (!each.isEmpty()) {
                        out.add("as " + alt.get("type") + ": " + String.join("; ", each));
                    }
                }
            }
        }
        return out;
    }

    private static boolean isIntMax(Object max) {
        return max instanceof Number n && new BigInteger(n.toString()).equals(BigInteger.valueOf(Integer.MAX_VALUE));
    }

    /** Text for a Markdown table cell: pipes escaped, line breaks flattened. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
