package io.kombify.spec.kit;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * A positioned view of a {@code stackkit.yaml} document. Kit files are trusted, but they are
 * still parsed under limits (size, nesting, aliases) so a broken plugin kit cannot hang the
 * catalogue, and every problem is collected as a diagnostic with its line and column.
 */
final class KitYaml {
    static final int MAX_CODE_POINTS = 1 << 20;
    static final int MAX_DEPTH = 32;
    static final int MAX_ALIASES = 100;
    /** Aliases share nodes, so a small document can stand for a huge tree; this caps the expanded size. */
    static final int MAX_NODES = 200_000;

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile(
            "([0-9]{1,12})(?:\\.([0-9]{1,3}))?\\s*([KkMmGgTtPp])?(i)?[Bb]?");

    private final String source;
    private final List<Diagnostic> problems = new ArrayList<>();
    private int nodes;
    private boolean tooLarge;

    private KitYaml(String source) {
        this.source = source;
    }

    /** A node of the document: a scalar string, a list or a map, with where it was written. */
    record Y(Object value, String pointer, int line, int column, boolean quoted, boolean nullValue) {
        boolean isMap() {
            return value instanceof Map;
        }

        boolean isList() {
            return value instanceof List;
        }

        boolean isScalar() {
            return value instanceof String;
        }

        @SuppressWarnings("unchecked")
        Map<String, Y> map() {
            return isMap() ? (Map<String, Y>) value : Map.of();
        }

        @SuppressWarnings("unchecked")
        List<Y> list() {
            return isList() ? (List<Y>) value : List.of();
        }

        String text() {
            return isScalar() ? (String) value : null;
        }

        Y get(String key) {
            return map().get(key);
        }

        /** A plain Java value (String, Boolean, Long, BigDecimal, List, Map, or null) for open maps. */
        Object plain() {
            if (nullValue) {
                return null;
            }
            if (isMap()) {
                Map<String, Object> out = new LinkedHashMap<>();
                map().forEach((k, v) -> out.put(k, v.plain()));
                return Collections.unmodifiableMap(out);
            }
            if (isList()) {
                List<Object> out = new ArrayList<>();
                list().forEach(v -> out.add(v.plain()));
                return Collections.unmodifiableList(out);
            }
            String t = text();
            if (quoted) {
                return t;
            }
            if ("true".equals(t) || "false".equals(t)) {
                return Boolean.valueOf(t);
            }
            if (t.matches("-?[0-9]{1,18}")) {
                return Long.valueOf(t);
            }
            if (t.matches("-?[0-9]+\\.[0-9]+")) {
                return new BigDecimal(t);
            }
            return t;
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws KombifyException code {@code KIT_INVALID} when the text is not YAML or not a mapping
     */
    static Parsed parse(String source, String text) {
        KitYaml reader = new KitYaml(source);
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setAllowRecursiveKeys(false)
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(e.getContextMark().orElse(null));
            Diagnostic d = Diagnostic.error("KIT_INVALID", "", source + ": not valid YAML: " + firstLine(e.getProblem()),
                    "fix the YAML syntax of the kit file");
            if (mark != null) {
                d = d.at(mark.getLine() + 1, mark.getColumn() + 1);
            }
            throw new KombifyException("KIT_INVALID", d.message() + positionSuffix(d), List.of(d), e);
        } catch (YamlEngineException e) {
            Diagnostic d = Diagnostic.error("KIT_INVALID", "", source + ": not valid YAML: " + firstLine(e.getMessage()),
                    "fix the YAML syntax of the kit file");
            throw new KombifyException("KIT_INVALID", d.message(), List.of(d), e);
        }
        if (root.isEmpty()) {
            Diagnostic d = Diagnostic.error("KIT_INVALID", "", source + ": the kit file is empty",
                    "add `metadata:` with a `name`, such as `name: my-kit`");
            throw new KombifyException("KIT_INVALID", d.message(), List.of(d));
        }
        Y tree = reader.convert(root.get(), "", 0);
        if (reader.tooLarge) {
            List<Diagnostic> found = reader.problems();
            throw new KombifyException("KIT_INVALID", found.get(0).message(), found);
        }
        if (!tree.isMap()) {
            reader.problem(tree, "the kit file must be a mapping with `apiVersion`, `kind` and `metadata`", "start the file with `metadata:`");
        }
        return new Parsed(reader, tree);
    }

    record Parsed(KitYaml reader, Y root) {
    }

    private static String positionSuffix(Diagnostic d) {
        return d.hasPosition() ? " (line " + d.line() + ", column " + d.column() + ")" : "";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable input";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private Y convert(Node node, String pointer, int depth) {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        int column = node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
        if (++nodes > MAX_NODES) {
            if (!tooLarge) {
                tooLarge = true;
                problem(new Y("", pointer, line, column, false, false), "the kit file expands to more than " + MAX_NODES
                        + " values (aliases expanding too far)", "use fewer aliases");
            }
            return new Y("", pointer, line, column, false, true);
        }
        if (depth > MAX_DEPTH) {
            problem(new Y("", pointer, line, column, false, false), "the kit file nests deeper than " + MAX_DEPTH + " levels",
                    "flatten the kit file");
            return new Y("", pointer, line, column, false, true);
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Y> out = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                String key = keyNode instanceof ScalarNode s ? s.getValue() : String.valueOf(keyNode.getNodeType());
                if ("<<".equals(key)) {
                    Y merged = convert(tuple.getValueNode(), pointer, depth + 1);
                    List<Y> sources = merged.isList() ? merged.list() : List.of(merged);
                    for (Y src : sources) {
                        src.map().forEach(out::putIfAbsent);
                    }
                    continue;
                }
                Y value = convert(tuple.getValueNode(), pointer + "/" + escape(key), depth + 1);
                if (out.containsKey(key)) {
                    int kl = keyNode.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                    int kc = keyNode.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
                    problem(new Y(key, value.pointer(), kl, kc, false, false), "duplicate key `" + key + "`",
                            "keep one `" + key + "`");
                }
                out.put(key, value);
            }
            return new Y(Collections.unmodifiableMap(out), pointer, line, column, false, false);
        }
        if (node instanceof SequenceNode sequence) {
            List<Y> out = new ArrayList<>();
            int i = 0;
            for (Node item : sequence.getValue()) {
                out.add(convert(item, pointer + "/" + i++, depth + 1));
            }
            return new Y(Collections.unmodifiableList(out), pointer, line, column, false, false);
        }
        ScalarNode scalar = (ScalarNode) node;
        boolean quoted = !scalar.isPlain();
        boolean isNull = !quoted && (Tag.NULL.equals(scalar.getTag()) || scalar.getValue().isEmpty()
                || "~".equals(scalar.getValue()) || "null".equals(scalar.getValue()));
        return new Y(scalar.getValue(), pointer, line, column, quoted, isNull);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    void problem(Y at, String message, String hint) {
        Diagnostic d = Diagnostic.error("KIT_INVALID", at.pointer(), source + ": " + message, hint);
        if (at.line() > 0) {
            d = d.at(at.line(), at.column());
        }
        problems.add(d);
    }

    List<Diagnostic> problems() {
        return List.copyOf(problems);
    }

    String source() {
        return source;
    }

    // ---- typed reads; each returns null (and records a problem) when the value has the wrong shape

    String string(Y y) {
        if (y == null || y.nullValue()) {
            return null;
        }
        if (!y.isScalar()) {
            problem(y, display(y) + " must be text, but it is " + shape(y), "write a plain value");
            return null;
        }
        return y.text();
    }

    Integer integer(Y y) {
        String t = string(y);
        if (t == null) {
            return null;
        }
        try {
            return Integer.valueOf(t.trim());
        } catch (NumberFormatException e) {
            problem(y, display(y) + " must be a whole number, but it is `" + t + "`", "write a whole number such as `3`");
            return null;
        }
    }

    Boolean bool(Y y) {
        String t = string(y);
        if (t == null) {
            return null;
        }
        String l = t.trim().toLowerCase(Locale.ROOT);
        if (l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("enabled")) {
            return Boolean.TRUE;
        }
        if (l.equals("false") || l.equals("no") || l.equals("off") || l.equals("disabled")) {
            return Boolean.FALSE;
        }
        problem(y, display(y) + " must be `true` or `false`, but it is `" + t + "`", "write `true` or `false`");
        return null;
    }

    CpuQuantity cpu(Y y) {
        String t = string(y);
        if (t == null) {
            return null;
        }
        if (CpuQuantity.isValid(t)) {
            return CpuQuantity.parse(t);
        }
        problem(y, display(y) + " must be a CPU amount, but it is `" + t + "`", "write cores such as `2` or `0.5`, or millicores such as `500m`");
        return null;
    }

    /**
     * A size. Kit files write sizes three ways: a bare number of gibibytes (upstream
     * {@code memory: 4}), Kubernetes units ({@code 512Mi}) and Docker units ({@code 128m}, {@code 1g}).
     */
    ByteSize size(Y y) {
        String t = string(y);
        if (t == null) {
            return null;
        }
        ByteSize parsed = parseSize(t);
        if (parsed == null) {
            problem(y, display(y) + " must be a size, but it is `" + t + "`", "write a size such as `4` (GiB), `512Mi` or `2Gi`");
        }
        return parsed;
    }

    static ByteSize parseSize(String text) {
        String t = text.trim();
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(3);
        int shift = unit == null ? 30 : switch (Character.toUpperCase(unit.charAt(0))) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 50;
        };
        BigDecimal value = new BigDecimal(m.group(1) + (m.group(2) == null ? "" : "." + m.group(2)));
        BigDecimal bytes = value.multiply(BigDecimal.valueOf(2).pow(shift));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return null;
        }
        return new ByteSize(bytes.longValue());
    }

    List<String> strings(Y y) {
        if (y == null || y.nullValue()) {
            return List.of();
        }
        if (y.isScalar()) {
            return List.of(y.text());
        }
        if (!y.isList()) {
            problem(y, display(y) + " must be a list, but it is " + shape(y), "write a list: one `- item` per line");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Y item : y.list()) {
            String s = string(item);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    Map<String, Object> open(Y y) {
        if (y == null || y.nullValue()) {
            return Map.of();
        }
        if (!y.isMap()) {
            problem(y, display(y) + " must be a mapping, but it is " + shape(y), "write `key: value` pairs, indented below it");
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) y.plain();
        return plain;
    }

    Map<String, Y> mapping(Y y) {
        if (y == null || y.nullValue()) {
            return Map.of();
        }
        if (!y.isMap()) {
            problem(y, display(y) + " must be a mapping, but it is " + shape(y), "write `key: value` pairs, indented below it");
            return Map.of();
        }
        return y.map();
    }

    List<Y> sequence(Y y) {
        if (y == null || y.nullValue()) {
            return List.of();
        }
        if (!y.isList()) {
            problem(y, display(y) + " must be a list, but it is " + shape(y), "write a list: one `- item` per line");
            return List.of();
        }
        return y.list();
    }

    /** How a message names the value {@code y}: its key, or the entry of a list (the pointer shows where). */
    private static String display(Y y) {
        String pointer = y.pointer();
        if (pointer.isEmpty()) {
            return "the kit file";
        }
        String[] tokens = pointer.substring(1).split("/", -1);
        String last = unescape(tokens[tokens.length - 1]);
        if (!last.isEmpty() && last.chars().allMatch(Character::isDigit)) {
            for (int i = tokens.length - 2; i >= 0; i--) {
                String t = unescape(tokens[i]);
                if (t.isEmpty() || !t.chars().allMatch(Character::isDigit)) {
                    return "entry " + last + " of `" + t + "`";
                }
            }
            return "entry " + last + " of the kit file";
        }
        return "`" + last + "`";
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** What the value {@code y} is, for a message about a value of the wrong shape. */
    private static String shape(Y y) {
        if (y.isMap()) {
            return "a mapping";
        }
        if (y.isList()) {
            return "a list";
        }
        return "`" + y.text() + "`";
    }
}
