package io.kombify.deploy.internal;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.AttributeChange;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlannedChange;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.spec.PlainJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plan text, JSON and files.
 *
 * <p>The plan file ({@code kombify-plan/1}) holds everything an apply needs without the spec:
 * the stack, the spec hash, the state's lineage and serial it was made against, the full list of
 * the graph's resources and every planned change with its prior record. Keys are written in a
 * fixed order with {@code "\n"} line ends, so the same plan always gives the same bytes.
 * Sensitive attributes are written only when they hold {@code secret://} references; anything
 * else in their place is written as {@value AttributeChange#REDACTED}.
 */
public final class PlanFiles {

    /** The format name written in every plan file. */
    public static final String FORMAT = "kombify-plan/1";

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    private static final JsonMapper READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PlanFiles() {
    }

    // ---------------------------------------------------------------- text

    /** The plan as {@code kombify plan} prints it. */
    public static String toText(Plan plan) {
        StringBuilder out = new StringBuilder(256 + plan.changes().size() * 64);
        out.append(plan.destroy() ? "Destroy plan" : "Plan").append(" for stack ").append(plan.stack());
        List<String> about = new ArrayList<>();
        if (!plan.specHash().isEmpty()) {
            about.add("spec " + plan.specHash().substring(0, Math.min(12, plan.specHash().length())));
        }
        about.add("state serial " + plan.stateSerial());
        out.append(" (").append(String.join(", ", about)).append(")\n\n");
        List<PlannedChange> effective = plan.effectiveChanges();
        if (effective.isEmpty()) {
            out.append("No changes: the infrastructure matches the ").append(plan.destroy() ? "state" : "spec").append(".\n\n");
        } else {
            out.append("Resources are shown with these symbols:\n");
            Set<Action> used = new LinkedHashSet<>();
            for (Action a : List.of(Action.CREATE, Action.UPDATE, Action.REPLACE, Action.DELETE)) {
                if (effective.stream().anyMatch(c -> c.action() == a)) {
                    used.add(a);
                }
            }
            for (Action a : used) {
                out.append(symbol(a)).append(' ').append(a.label()).append('\n');
            }
            out.append('\n');
            for (PlannedChange c : effective) {
                out.append(symbol(c.action())).append(' ').append(c.id());
                if (!c.reason().isEmpty()) {
                    out.append(" (").append(c.reason()).append(')');
                }
                out.append('\n');
                for (AttributeChange a : c.changes()) {
                    out.append("      ").append(a.path()).append(": ").append(show(a.before(), a.sensitive()))
                            .append(" -> ").append(show(a.after(), a.sensitive()));
                    if (a.forcesReplacement()) {
                        out.append(" (forces replacement)");
                    }
                    out.append('\n');
                }
            }
            out.append('\n');
        }
        int unchanged = plan.counts().get(Action.NOOP);
        out.append("Plan: ").append(plan.summary());
        if (unchanged > 0) {
            out.append("; ").append(unchanged).append(" unchanged");
        }
        out.append(".\n");
        return out.toString();
    }

    /** The symbol in front of a change: {@code -/+} for a replacement, as in other tools' plans. */
    private static String symbol(Action action) {
        return switch (action) {
            case REPLACE -> "-/+";
            case NOOP -> "   ";
            default -> "  " + action.symbol();
        };
    }

    private static String show(Object value, boolean sensitive) {
        if (value == null) {
            return "(none)";
        }
        if (sensitive) {
            return AttributeChange.REDACTED;
        }
        return PlainJson.compact(value);
    }

    // ---------------------------------------------------------------- JSON

    /** The plan as JSON, the plan file's format. */
    public static String toJson(Plan plan) {
        StringWriter out = new StringWriter(1024 + plan.graph().size() * 512);
        ObjectWriteContext context = new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                // The printer tracks nesting while it writes: every document gets its own.
                return PRETTY.createInstance();
            }

            @Override
            public boolean hasPrettyPrinter() {
                return true;
            }
        };
        try (JsonGenerator g = FACTORY.createGenerator(context, out)) {
            g.writeStartObject();
            g.writeStringProperty("format", FORMAT);
            g.writeStringProperty("stack", plan.stack());
            g.writeStringProperty("specHash", plan.specHash());
            g.writeStringProperty("lineage", plan.lineage());
            if (!plan.source().isEmpty()) {
                g.writeStringProperty("source", plan.source());
            }
            g.writeNumberProperty("stateSerial", plan.stateSerial());
            g.writeBooleanProperty("destroy", plan.destroy());
            g.writeName("summary");
            g.writeStartObject();
            Map<Action, Integer> counts = plan.counts();
            for (Action a : List.of(Action.CREATE, Action.UPDATE, Action.REPLACE, Action.DELETE, Action.NOOP)) {
                g.writeNumberProperty(wire(a), counts.get(a));
            }
            g.writeEndObject();
            g.writeName("resources");
            g.writeStartArray();
            for (Resource r : plan.graph().resources()) {
                writeResource(g, r);
            }
            g.writeEndArray();
            g.writeName("changes");
            g.writeStartArray();
            for (PlannedChange c : plan.changes()) {
                g.writeStartObject();
                g.writeStringProperty("address", c.id().toString());
                g.writeStringProperty("action", wire(c.action()));
                g.writeStringProperty("reason", c.reason());
                g.writeName("attributeChanges");
                g.writeStartArray();
                for (AttributeChange a : c.changes()) {
                    g.writeStartObject();
                    g.writeStringProperty("path", a.path());
                    g.writeName("before");
                    StateJson.writeValue(g, a.sensitive() && a.before() != null ? AttributeChange.REDACTED : a.before());
                    g.writeName("after");
                    StateJson.writeValue(g, a.sensitive() && a.after() != null ? AttributeChange.REDACTED : a.after());
                    g.writeBooleanProperty("sensitive", a.sensitive());
                    g.writeBooleanProperty("forcesReplacement", a.forcesReplacement());
                    g.writeEndObject();
                }
                g.writeEndArray();
                // The desired resource is the graph's one with that address; written out only when it is not.
                if (c.desired().isPresent() && !c.desired().equals(plan.graph().resource(c.id()))) {
                    g.writeName("desired");
                    writeResource(g, c.desired().get());
                }
                if (c.prior().isPresent()) {
                    g.writeName("prior");
                    writeRecord(g, c.prior().get());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.append('\n').toString();
    }

    private static String wire(Action action) {
        return action.name().toLowerCase(Locale.ROOT);
    }

    private static void writeResource(JsonGenerator g, Resource r) {
        g.writeStartObject();
        g.writeStringProperty("address", r.id().toString());
        g.writeStringProperty("provider", r.provider());
        writeIds(g, "dependsOn", r.dependsOn());
        writeStrings(g, "sensitive", r.sensitive());
        g.writeName("attributes");
        writeAttributes(g, r.attributes(), r.sensitive());
        g.writeEndObject();
    }

    private static void writeRecord(JsonGenerator g, ResourceRecord r) {
        g.writeStartObject();
        g.writeStringProperty("address", r.id().toString());
        g.writeStringProperty("provider", r.provider());
        g.writeStringProperty("providerId", r.providerId());
        g.writeStringProperty("idempotencyKey", r.idempotencyKey());
        writeIds(g, "dependsOn", r.dependsOn());
        writeStrings(g, "sensitive", r.sensitive());
        g.writeName("attributes");
        writeAttributes(g, r.attributes(), r.sensitive());
        g.writeName("outputs");
        StateJson.writeValue(g, r.outputs());
        g.writeEndObject();
    }

    private static void writeIds(JsonGenerator g, String name, Set<ResourceId> ids) {
        g.writeName(name);
        g.writeStartArray();
        for (ResourceId id : new TreeSet<>(ids)) {
            g.writeString(id.toString());
        }
        g.writeEndArray();
    }

    private static void writeStrings(JsonGenerator g, String name, Set<String> values) {
        g.writeName(name);
        g.writeStartArray();
        for (String s : new TreeSet<>(values)) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** Attributes, with sensitive ones written only when they hold nothing but secret references. */
    private static void writeAttributes(JsonGenerator g, Map<String, Object> attributes, Set<String> sensitive) {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            g.writeName(e.getKey());
            Object v = e.getValue();
            StateJson.writeValue(g, sensitive.contains(e.getKey()) && !Planner.referencesOnly(v) ? AttributeChange.REDACTED : v);
        }
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- files

    /**
     * Writes the plan to {@code file} atomically: to a temporary file beside it, flushed to disk,
     * then moved over the target.
     *
     * @throws KombifyException {@code IO_ERROR} when it cannot be written
     */
    public static void save(Plan plan, Path file) {
        byte[] bytes = toJson(plan).getBytes(StandardCharsets.UTF_8);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new KombifyException("IO_ERROR", "cannot write plan file " + file + ": " + describe(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write already failed; a stray temporary file is the lesser problem
                }
            }
        }
    }

    /**
     * Reads a plan file.
     *
     * @throws KombifyException {@code PLAN_FILE_INVALID} (with the reason) when it is not a plan
     *                          file, {@code IO_ERROR} when it cannot be read
     */
    public static Plan load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KombifyException("IO_ERROR", "plan file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new KombifyException("IO_ERROR", "cannot read plan file " + file + ": " + describe(e), e);
        }
        return parse(bytes, file.toString());
    }

    /** Reads a plan from JSON text; {@code source} names it in messages. */
    static Plan parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JacksonException e) {
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw invalid(source, "it is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw invalid(source, "it is empty", null);
        }
        try {
            return new Reader().plan(root);
        } catch (Invalid e) {
            throw invalid(source, e.getMessage(), null);
        } catch (KombifyException | IllegalArgumentException e) {
            throw invalid(source, e.getMessage(), e);
        }
    }

    private static KombifyException invalid(String source, String reason, Throwable cause) {
        return new KombifyException("PLAN_FILE_INVALID", source + " is not a kombify plan file: " + reason, cause);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A problem found while reading a plan file, with the place it was found. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Turns the JSON tree back into a plan, naming the place of the first problem. */
    private static final class Reader {
        Plan plan(JsonNode root) {
            if (!root.isObject()) {
                throw new Invalid("it is not a JSON object");
            }
            JsonNode format = root.get("format");
            if (format == null) {
                throw new Invalid("it has no format field (expected " + FORMAT + ")");
            }
            if (!format.isString() || !FORMAT.equals(format.stringValue())) {
                throw new Invalid("format " + PlainJson.compact(value(format, "format"))
                        + " is not supported (this kombify reads " + FORMAT + ")");
            }
            String stack = string(root, "stack", "");
            String specHash = string(root, "specHash", "");
            String lineage = string(root, "lineage", "");
            String source = root.has("source") ? string(root, "source", "") : "";
            JsonNode serialNode = required(root, "stateSerial", "");
            if (!serialNode.isIntegralNumber() || !serialNode.canConvertToLong() || serialNode.longValue() < 0) {
                throw new Invalid("stateSerial must be a whole number of at least 0");
            }
            JsonNode destroyNode = required(root, "destroy", "");
            if (!destroyNode.isBoolean()) {
                throw new Invalid("destroy must be true or false");
            }
            ResourceGraph.Builder builder = ResourceGraph.builder(stack, specHash);
            JsonNode resources = array(root, "resources", "");
            for (int i = 0; i < resources.size(); i++) {
                String at = "resources[" + i + "]";
                Resource r = resource(resources.get(i), at);
                try {
                    builder.add(r);
                } catch (KombifyException e) {
                    throw new Invalid(at + ": " + e.getMessage());
                }
            }
            ResourceGraph graph = builder.build();
            JsonNode changesNode = array(root, "changes", "");
            List<PlannedChange> changes = new ArrayList<>(changesNode.size());
            for (int i = 0; i < changesNode.size(); i++) {
                changes.add(change(changesNode.get(i), "changes[" + i + "]", graph));
            }
            return new Plan(stack, specHash, lineage, serialNode.longValue(), destroyNode.booleanValue(), graph, changes,
                    source);
        }

        private PlannedChange change(JsonNode node, String at, ResourceGraph graph) {
            object(node, at);
            ResourceId id = address(node, at);
            String actionText = string(node, "action", at);
            Action action = null;
            for (Action a : Action.values()) {
                if (wire(a).equals(actionText)) {
                    action = a;
                }
            }
            if (action == null) {
                throw new Invalid(at + ".action: '" + actionText + "' is not one of create, update, replace, delete, noop");
            }
            String reason = string(node, "reason", at);
            JsonNode list = array(node, "attributeChanges", at);
            List<AttributeChange> attributeChanges = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                String here = at + ".attributeChanges[" + i + "]";
                JsonNode a = object(list.get(i), here);
                attributeChanges.add(new AttributeChange(string(a, "path", here), value(required(a, "before", here), here + ".before"),
                        value(required(a, "after", here), here + ".after"), bool(a, "sensitive", here),
                        bool(a, "forcesReplacement", here)));
            }
            Optional<Resource> desired;
            JsonNode desiredNode = node.get("desired");
            if (desiredNode != null) {
                desired = Optional.of(resource(desiredNode, at + ".desired"));
            } else if (action == Action.DELETE) {
                desired = Optional.empty();
            } else {
                desired = graph.resource(id);
                if (desired.isEmpty()) {
                    throw new Invalid(at + ": " + action.label() + " of " + id + " names a resource the plan does not hold");
                }
            }
            JsonNode priorNode = node.get("prior");
            Optional<ResourceRecord> prior = priorNode == null || priorNode.isNull()
                    ? Optional.empty() : Optional.of(record(priorNode, at + ".prior"));
            try {
                return new PlannedChange(id, action, desired, prior, attributeChanges, reason);
            } catch (IllegalArgumentException e) {
                throw new Invalid(at + ": " + e.getMessage());
            }
        }

        private Resource resource(JsonNode node, String at) {
            object(node, at);
            ResourceId id = address(node, at);
            String provider = string(node, "provider", at);
            Set<ResourceId> deps = ids(node, "dependsOn", at);
            Set<String> sensitive = strings(node, "sensitive", at);
            Map<String, Object> attributes = attributes(node, "attributes", at);
            try {
                return new Resource(id, provider, attributes, sensitive, deps);
            } catch (IllegalArgumentException e) {
                throw new Invalid(at + ": " + e.getMessage());
            }
        }

        private ResourceRecord record(JsonNode node, String at) {
            object(node, at);
            ResourceId id = address(node, at);
            try {
                return new ResourceRecord(id, string(node, "provider", at), string(node, "providerId", at),
                        attributes(node, "attributes", at), strings(node, "sensitive", at), attributes(node, "outputs", at),
                        ids(node, "dependsOn", at), string(node, "idempotencyKey", at));
            } catch (IllegalArgumentException e) {
                throw new Invalid(at + ": " + e.getMessage());
            }
        }

        private ResourceId address(JsonNode node, String at) {
            String text = string(node, "address", at);
            try {
                return ResourceId.parse(text);
            } catch (KombifyException e) {
                throw new Invalid(at + ".address: " + e.getMessage());
            }
        }

        private Map<String, Object> attributes(JsonNode node, String name, String at) {
            JsonNode map = required(node, name, at);
            if (!map.isObject()) {
                throw new Invalid(join(at, name) + " must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) value(map, join(at, name));
            return result;
        }

        private Set<ResourceId> ids(JsonNode node, String name, String at) {
            Set<ResourceId> out = new LinkedHashSet<>();
            for (String s : strings(node, name, at)) {
                try {
                    out.add(ResourceId.parse(s));
                } catch (KombifyException e) {
                    throw new Invalid(join(at, name) + ": " + e.getMessage());
                }
            }
            return out;
        }

        private Set<String> strings(JsonNode node, String name, String at) {
            JsonNode list = array(node, name, at);
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isString()) {
                    throw new Invalid(join(at, name) + "[" + i + "] must be a string");
                }
                out.add(item.stringValue());
            }
            return out;
        }

        private JsonNode required(JsonNode node, String name, String at) {
            JsonNode value = node.get(name);
            if (value == null) {
                throw new Invalid((at.isEmpty() ? "" : at + ": ") + "the field " + name + " is missing");
            }
            return value;
        }

        private JsonNode object(JsonNode node, String at) {
            if (node == null || !node.isObject()) {
                throw new Invalid(at + " must be an object");
            }
            return node;
        }

        private JsonNode array(JsonNode node, String name, String at) {
            JsonNode value = required(node, name, at);
            if (!value.isArray()) {
                throw new Invalid(join(at, name) + " must be an array");
            }
            return value;
        }

        private String string(JsonNode node, String name, String at) {
            JsonNode value = required(node, name, at);
            if (!value.isString()) {
                throw new Invalid(join(at, name) + " must be a string");
            }
            return value.stringValue();
        }

        private boolean bool(JsonNode node, String name, String at) {
            JsonNode value = required(node, name, at);
            if (!value.isBoolean()) {
                throw new Invalid(join(at, name) + " must be true or false");
            }
            return value.booleanValue();
        }

        private Object value(JsonNode node, String at) {
            if (node.isNull()) {
                return null;
            }
            if (node.isString()) {
                return node.stringValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber()) {
                if (!node.canConvertToLong()) {
                    throw new Invalid(at + ": the number " + node + " is too large");
                }
                return node.longValue();
            }
            if (node.isNumber()) {
                return node.doubleValue();
            }
            if (node.isArray()) {
                List<Object> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    list.add(value(node.get(i), at + "[" + i + "]"));
                }
                return list;
            }
            if (node.isObject()) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), value(e.getValue(), at + "." + e.getKey()));
                }
                return map;
            }
            throw new Invalid(at + " holds a value that is not JSON");
        }

        private static String join(String at, String name) {
            return at.isEmpty() ? name : at + "." + name;
        }
    }
}
