package io.kombify.deploy.internal;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.state.JournalEntry;
import io.kombify.deploy.state.LockInfo;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file formats of the state store: the state ({@code kombify-state/1}), the lock file
 * ({@code kombify-lock/1}) and the journal lines. Written by hand rather than by annotating the
 * public records, so that the format on disk stays ours to keep compatible whatever the records
 * become. Output is stable: keys in a fixed order, maps sorted, two-space indentation and
 * {@code "\n"} line ends on every platform, so the same value always gives the same bytes.
 * Stateless and thread-safe.
 */
public final class StateJson {

    /** The format identifier of state files this SDK reads and writes. */
    public static final String STATE_FORMAT = "kombify-state/" + State.FORMAT_VERSION;
    /** The format identifier of lock files. */
    public static final String LOCK_FORMAT = "kombify-lock/1";

    // Immutable and thread-safe once built.
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private StateJson() {
    }

    /**
     * A file's content does not match its format. Carries what is wrong and where: a JSON
     * pointer for a value that is missing or wrong, a line and column when the text is not JSON.
     */
    public static final class MalformedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String pointer;
        private final int line;
        private final int column;

        MalformedException(String problem, String pointer, int line, int column, Throwable cause) {
            super(problem, cause);
            this.pointer = pointer;
            this.line = line;
            this.column = column;
        }

        /** A JSON pointer to the value at fault, {@code ""} for the whole document. */
        public String pointer() {
            return pointer;
        }

        /** The 1-based line of a syntax error, 0 when the text is JSON but its content is wrong. */
        public int line() {
            return line;
        }

        /** The 1-based column of a syntax error, 0 when unknown. */
        public int column() {
            return column;
        }

        /** What is wrong and where, in one phrase, such as {@code "/serial: missing"}. */
        public String describe() {
            StringBuilder out = new StringBuilder();
            if (!pointer.isEmpty()) {
                out.append(pointer).append(": ");
            }
            out.append(getMessage());
            if (line > 0) {
                out.append(" (line ").append(line).append(", column ").append(column).append(')');
            }
            return out.toString();
        }
    }

    // ---------------------------------------------------------------- state

    /** The state as pretty JSON (UTF-8, ending in a line break). */
    public static byte[] writeState(State state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + state.resources().size() * 512);
        try (JsonGenerator g = FACTORY.createGenerator(new Pretty(), out)) {
            g.writeStartObject();
            g.writeStringProperty("format", "kombify-state/" + state.version());
            g.writeStringProperty("lineage", text(state.lineage(), "lineage"));
            g.writeNumberProperty("serial", state.serial());
            g.writeStringProperty("stack", text(state.stack(), "stack"));
            g.writeStringProperty("specHash", text(state.specHash(), "specHash"));
            g.writeStringProperty("updatedAt", state.updatedAt().toString());
            g.writeName("resources");
            g.writeStartArray();
            for (ResourceRecord record : state.resources().values()) {
                writeRecord(g, record);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (JacksonException e) {
            throw unwritable("state", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Reads a state file's content.
     *
     * @throws MalformedException when it is not a state of this format
     */
    public static State readState(byte[] json) {
        JsonNode root = parse(json);
        String format = string(root, "format", "");
        if (!STATE_FORMAT.equals(format)) {
            String problem = format.startsWith("kombify-state/")
                    ? "format " + format + " is not supported (this version of kombify reads " + STATE_FORMAT
                    + "; a newer one wrote it?)"
                    : "format '" + format + "' is not a kombify state (expected " + STATE_FORMAT + ")";
            throw new MalformedException(problem, "/format", 0, 0, null);
        }
        String lineage = string(root, "lineage", "");
        long serial = count(root, "serial", "");
        String stack = string(root, "stack", "");
        String specHash = string(root, "specHash", "");
        Instant updatedAt = instant(root, "updatedAt", "");
        JsonNode list = array(root, "resources", "");
        Map<ResourceId, ResourceRecord> resources = new TreeMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "/resources/" + i;
            ResourceRecord record = readRecord(list.get(i), at);
            if (resources.put(record.id(), record) != null) {
                throw new MalformedException("resource " + record.id() + " is recorded twice", at + "/address", 0, 0,
                        null);
            }
        }
        try {
            return new State(State.FORMAT_VERSION, lineage, serial, stack, specHash, updatedAt, resources);
        } catch (IllegalArgumentException e) {
            throw new MalformedException(e.getMessage(), "", 0, 0, e);
        }
    }

    /** Writes one resource record as an object, in the shape used by the state and the journal. */
    public static void writeRecord(JsonGenerator g, ResourceRecord record) {
        try {
            writeRecordFields(g, record);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resource " + record.id() + ": " + e.getMessage(), e);
        }
    }

    private static void writeRecordFields(JsonGenerator g, ResourceRecord record) {
        g.writeStartObject();
        g.writeStringProperty("address", record.id().toString());
        g.writeStringProperty("provider", text(record.provider(), "provider"));
        g.writeStringProperty("providerId", text(record.providerId(), "providerId"));
        g.writeName("attributes");
        writeValue(g, record.attributes());
        g.writeName("sensitive");
        writeStrings(g, new TreeSet<>(record.sensitive()));
        g.writeName("outputs");
        writeValue(g, record.outputs());
        g.writeName("dependsOn");
        List<String> deps = new ArrayList<>();
        new TreeSet<>(record.dependsOn()).forEach(id -> deps.add(id.toString()));
        writeStrings(g, deps);
        g.writeStringProperty("idempotencyKey", text(record.idempotencyKey(), "idempotencyKey"));
        g.writeEndObject();
    }

    /**
     * Reads one resource record written by {@link #writeRecord}.
     *
     * @param at the record's JSON pointer, for messages
     * @throws MalformedException when it is not a record
     */
    public static ResourceRecord readRecord(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new MalformedException("expected a resource object, found " + kind(node), at, 0, 0, null);
        }
        ResourceId id = address(node, "address", at);
        String provider = string(node, "provider", at);
        String providerId = string(node, "providerId", at);
        Map<String, Object> attributes = attributes(node, "attributes", at);
        Set<String> sensitive = new LinkedHashSet<>();
        JsonNode sensitiveNode = array(node, "sensitive", at);
        for (int i = 0; i < sensitiveNode.size(); i++) {
            JsonNode item = sensitiveNode.get(i);
            if (!item.isString()) {
                throw new MalformedException("expected an attribute name, found " + kind(item),
                        at + "/sensitive/" + i, 0, 0, null);
            }
            sensitive.add(item.stringValue());
        }
        Map<String, Object> outputs = attributes(node, "outputs", at);
        Set<ResourceId> dependsOn = new LinkedHashSet<>();
        JsonNode depsNode = array(node, "dependsOn", at);
        for (int i = 0; i < depsNode.size(); i++) {
            dependsOn.add(parseAddress(depsNode.get(i), at + "/dependsOn/" + i));
        }
        String key = string(node, "idempotencyKey", at);
        try {
            return new ResourceRecord(id, provider, providerId, attributes, sensitive, outputs, dependsOn, key);
        } catch (IllegalArgumentException e) {
            throw new MalformedException(e.getMessage(), at, 0, 0, e);
        }
    }

    // ---------------------------------------------------------------- lock

    /** A lock file's content: one pretty JSON object. */
    public static byte[] writeLock(LockInfo lock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(new Pretty(), out)) {
            g.writeStartObject();
            g.writeStringProperty("format", LOCK_FORMAT);
            g.writeStringProperty("id", text(lock.id(), "id"));
            g.writeStringProperty("owner", text(lock.owner(), "owner"));
            g.writeStringProperty("operation", text(lock.operation(), "operation"));
            g.writeStringProperty("createdAt", lock.createdAt().toString());
            g.writeEndObject();
        } catch (JacksonException e) {
            throw unwritable("lock", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Reads a lock file's content.
     *
     * @throws MalformedException when it is not a lock of this format
     */
    public static LockInfo readLock(byte[] json) {
        JsonNode root = parse(json);
        String format = string(root, "format", "");
        if (!LOCK_FORMAT.equals(format)) {
            throw new MalformedException("format '" + format + "' is not a kombify lock (expected " + LOCK_FORMAT + ")",
                    "/format", 0, 0, null);
        }
        return new LockInfo(string(root, "id", ""), string(root, "owner", ""), string(root, "operation", ""),
                instant(root, "createdAt", ""));
    }

    // ---------------------------------------------------------------- journal

    /** A journal entry as one line of compact JSON, ending in {@code "\n"}. */
    public static byte[] writeJournalLine(JournalEntry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            g.writeNumberProperty("seq", entry.seq());
            g.writeStringProperty("phase", entry.phase().name().toLowerCase(Locale.ROOT));
            g.writeStringProperty("action", entry.action().name().toLowerCase(Locale.ROOT));
            g.writeStringProperty("address", entry.id().toString());
            g.writeStringProperty("provider", text(entry.provider(), "provider"));
            g.writeStringProperty("idempotencyKey", text(entry.idempotencyKey(), "idempotencyKey"));
            g.writeStringProperty("at", entry.at().toString());
            if (entry.result().isPresent()) {
                g.writeName("result");
                writeRecord(g, entry.result().get());
            }
            if (entry.error().isPresent()) {
                g.writeStringProperty("error", text(entry.error().get(), "error"));
            }
            g.writeEndObject();
        } catch (JacksonException e) {
            throw unwritable("journal entry", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Reads one journal line (without its line break).
     *
     * @throws MalformedException when it is not a journal entry
     */
    public static JournalEntry readJournalLine(byte[] line, int offset, int length) {
        JsonNode root = parse(line, offset, length);
        long seq = count(root, "seq", "");
        if (seq < 1) {
            throw new MalformedException("seq must be 1 or more, found " + seq, "/seq", 0, 0, null);
        }
        JournalEntry.Phase phase = constant(JournalEntry.Phase.class, root, "phase");
        Action action = constant(Action.class, root, "action");
        ResourceId id = address(root, "address", "");
        String provider = string(root, "provider", "");
        String key = string(root, "idempotencyKey", "");
        Instant at = instant(root, "at", "");
        JsonNode resultNode = root.get("result");
        Optional<ResourceRecord> result = resultNode == null || resultNode.isNull()
                ? Optional.empty() : Optional.of(readRecord(resultNode, "/result"));
        JsonNode errorNode = root.get("error");
        Optional<String> error;
        if (errorNode == null || errorNode.isNull()) {
            error = Optional.empty();
        } else if (errorNode.isString()) {
            error = Optional.of(errorNode.stringValue());
        } else {
            throw new MalformedException("expected a string, found " + kind(errorNode), "/error", 0, 0, null);
        }
        return new JournalEntry(seq, phase, action, id, provider, key, at, result, error);
    }

    // ---------------------------------------------------------------- values

    /** Writes an attribute value in normal form ({@link io.kombify.deploy.Attributes}), as state, journal and plans hold it. */
    static void writeValue(JsonGenerator g, Object value) {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            // Normal-form maps are already sorted; sorting again keeps the output stable for any map.
            for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                g.writeName(text((String) e.getKey(), "attribute name"));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof String s) {
            g.writeString(text(s, "attribute value"));
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else {
            throw new IllegalArgumentException("not an attribute value in normal form: " + value.getClass().getName());
        }
    }

    /**
     * Text as it is written, refused when it holds an unpaired surrogate: such text is not Unicode, JSON
     * readers disagree about it, and a value that cannot be read back must never reach the state or journal.
     */
    private static String text(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "the %s holds text that is not valid Unicode (an unpaired surrogate U+%04X at index %d) "
                                + "and cannot be stored", what, (int) c, i));
            }
        }
        return value;
    }

    private static void writeStrings(JsonGenerator g, Collection<String> values) {
        g.writeStartArray();
        for (String value : values) {
            g.writeString(text(value, "attribute name"));
        }
        g.writeEndArray();
    }

    private static Object plain(JsonNode node, String at) {
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
                throw new MalformedException("number " + node + " is too large", at, 0, 0, null);
            }
            return node.longValue();
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new MalformedException("number " + node + " is out of range", at, 0, 0, null);
            }
            return d;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(plain(node.get(i), at + "/" + i));
            }
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), plain(e.getValue(), at + "/" + escape(e.getKey())));
            }
            return map;
        }
        throw new MalformedException("unexpected " + kind(node), at, 0, 0, null);
    }

    // ---------------------------------------------------------------- reading helpers

    private static JsonNode parse(byte[] json) {
        return parse(json, 0, json.length);
    }

    private static JsonNode parse(byte[] json, int offset, int length) {
        if (isBlank(json, offset, length)) {
            throw new MalformedException("the file is empty", "", 0, 0, null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json, offset, length);
        } catch (JacksonException e) {
            TokenStreamLocation where = e.getLocation();
            int line = where == null ? 0 : Math.max(where.getLineNr(), 0);
            int column = where == null || line == 0 ? 0 : Math.max(where.getColumnNr(), 0);
            throw new MalformedException("not valid JSON: " + firstLine(e.getOriginalMessage()), "", line, column, e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedException("expected a JSON object, found " + kind(root), "", 0, 0, null);
        }
        return root;
    }

    private static JsonNode required(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isMissingNode()) {
            throw new MalformedException("missing", at + "/" + field, 0, 0, null);
        }
        return value;
    }

    private static String string(JsonNode node, String field, String at) {
        JsonNode value = required(node, field, at);
        if (!value.isString()) {
            throw new MalformedException("expected a string, found " + kind(value), at + "/" + field, 0, 0, null);
        }
        return value.stringValue();
    }

    private static long count(JsonNode node, String field, String at) {
        JsonNode value = required(node, field, at);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new MalformedException("expected a whole number of 0 or more, found " + kind(value),
                    at + "/" + field, 0, 0, null);
        }
        return value.longValue();
    }

    private static Instant instant(JsonNode node, String field, String at) {
        String text = string(node, field, at);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedException("'" + text + "' is not a UTC timestamp such as 2026-11-02T10:15:30Z",
                    at + "/" + field, 0, 0, e);
        }
    }

    private static JsonNode array(JsonNode node, String field, String at) {
        JsonNode value = required(node, field, at);
        if (!value.isArray()) {
            throw new MalformedException("expected an array, found " + kind(value), at + "/" + field, 0, 0, null);
        }
        return value;
    }

    private static Map<String, Object> attributes(JsonNode node, String field, String at) {
        JsonNode value = required(node, field, at);
        if (!value.isObject()) {
            throw new MalformedException("expected an object, found " + kind(value), at + "/" + field, 0, 0, null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) plain(value, at + "/" + field);
        return map;
    }

    private static ResourceId address(JsonNode node, String field, String at) {
        return parseAddress(required(node, field, at), at + "/" + field);
    }

    private static ResourceId parseAddress(JsonNode value, String at) {
        if (!value.isString()) {
            throw new MalformedException("expected a resource address, found " + kind(value), at, 0, 0, null);
        }
        try {
            return ResourceId.parse(value.stringValue());
        } catch (KombifyException e) {
            throw new MalformedException(e.getMessage(), at, 0, 0, e);
        }
    }

    private static <E extends Enum<E>> E constant(Class<E> type, JsonNode node, String field) {
        String text = string(node, field, "");
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw new MalformedException("'" + text + "' is not a known " + field, "/" + field, 0, 0, null);
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "the number " + node;
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static boolean isBlank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static IllegalArgumentException unwritable(String what, JacksonException e) {
        return new IllegalArgumentException("the " + what + " cannot be written as JSON: "
                + firstLine(e.getOriginalMessage()), e);
    }

    /** Hands each generator its own printer: a pretty printer tracks the nesting it writes. */
    private static final class Pretty extends ObjectWriteContext.Base {
        @Override
        public PrettyPrinter getPrettyPrinter() {
            return PRETTY.createInstance();
        }

        @Override
        public boolean hasPrettyPrinter() {
            return true;
        }
    }
}
