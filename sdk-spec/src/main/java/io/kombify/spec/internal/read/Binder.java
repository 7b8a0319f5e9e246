package io.kombify.spec.internal.read;

import io.kombify.core.Diagnostic;
import io.kombify.spec.internal.ModelMeta;
import io.kombify.spec.internal.ModelMeta.Component;
import io.kombify.spec.internal.ModelMeta.EnumType;
import io.kombify.spec.internal.ModelMeta.Kind;
import io.kombify.spec.internal.ModelMeta.RecordType;
import io.kombify.spec.internal.ModelMeta.ValueType;
import io.kombify.spec.model.Intent;
import io.kombify.spec.model.IntentKind;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Pattern;
import io.kombify.spec.model.SpecPatterns;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a positioned tree to the model records, collecting every problem in one pass: unknown
 * fields of closed objects, values of the wrong type, unknown enum values. A wrong value is
 * left out (a field stays {@code null}, a list item or map entry is dropped) so the validator
 * still checks everything else. Also records the position of every value and key.
 *
 * <p>Field constraints (required, patterns, ranges) are the validator's: the binder only
 * checks what the Java types need.
 */
public final class Binder {
    private static final Object INVALID = new Object();

    private final List<Diagnostic> diagnostics;
    /**
     * While binding a field that holds secret references, an example reference; else {@code null}.
     * A wrong value there may be a password written in plain text, so messages never repeat it.
     */
    private String secretExample;

    private Binder(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Where a value sits, kept as a chain of parents: the JSON pointer string is only built
     * when a diagnostic needs it, not for every value bound.
     */
    private static final class Path {
        static final Path ROOT = new Path(null, null, -1);

        final Path parent;
        final String key;
        final int index;

        Path(Path parent, String key, int index) {
            this.parent = parent;
            this.key = key;
            this.index = index;
        }

        Path child(String k) {
            return new Path(this, k, -1);
        }

        Path child(int i) {
            return new Path(this, null, i);
        }

        String pointer() {
            if (parent == null) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            append(sb);
            return sb.toString();
        }

        private void append(StringBuilder sb) {
            if (parent == null) {
                return;
            }
            parent.append(sb);
            sb.append('/');
            if (key != null) {
                sb.append(Pointers.escape(key));
            } else {
                sb.append(index);
            }
        }
    }

    /**
     * Binds {@code root}; problems are added to {@code diagnostics}.
     *
     * @return the model, never {@code null}
     */
    public static Kombination bind(TreeNode.MapNode root, List<Diagnostic> diagnostics) {
        return (Kombination) new Binder(diagnostics).record(ModelMeta.root(), root, Path.ROOT);
    }

    private Object record(RecordType type, TreeNode.MapNode map, Path ptr) {
        List<Component> components = type.components();
        Object[] args = new Object[components.size()];
        int open = type.openIndex();
        Map<String, Object> extra = null;
        String[] secrets = secretExamples(type);
        for (TreeNode.Entry e : map.entries) {
            Path childPtr = ptr.child(e.key());
            int index = type.indexOf(e.key());
            if (index < 0) {
                if (open >= 0) {
                    if (extra == null) {
                        extra = new LinkedHashMap<>();
                    }
                    extra.put(e.key(), plain(e.value()));
                } else {
                    unknownField(type, e, ptr, childPtr);
                }
                continue;
            }
            ValueType fieldType = components.get(index).type();
            String outerSecret = secretExample;
            String example = secrets[index];
            if (example != null) {
                secretExample = example;
            }
            Object v;
            try {
                v = fieldType.kind() == Kind.OBJECT ? booleanOrText(e.value(), childPtr) : value(fieldType, e.value(), childPtr);
            } finally {
                secretExample = outerSecret;
            }
            if (v != INVALID) {
                args[index] = v;
            }
        }
        if (open >= 0) {
            args[open] = extra;
        }
        return type.create(args);
    }

    private void unknownField(RecordType type, TreeNode.Entry e, Path ptr, Path childPtr) {
        String suggestion = Suggest.closest(e.key(), type.fieldNames());
        String hint = suggestion != null
                ? "did you mean `" + suggestion + "`?"
                : "use one of " + Describe.list(type.fieldNames()) + ", or remove the field";
        String where;
        if (ptr.parent == null) {
            where = "at the top level";
        } else if (ptr.key != null) {
            where = "in `" + ptr.key + "`";
        } else {
            where = "in an entry of `" + fieldName(ptr) + "`";
        }
        diagnostics.add(Diagnostic.error(ReadCodes.UNKNOWN_FIELD, childPtr.pointer(),
                "unknown field " + Describe.quote(e.key()) + " " + where, hint).at(e.keyLine(), e.keyColumn()));
    }

    private Object value(ValueType type, TreeNode node, Path ptr) {
        switch (type.kind()) {
            case OBJECT:
                return plain(node);
            case STRING:
                if (node instanceof TreeNode.Scalar s && s.kind == TreeNode.ScalarKind.STRING) {
                    return s.value;
                }
                return mismatch(node, ptr, "text", secretExample != null && !isNull(node)
                        ? "write a secret reference such as `" + secretExample + "`"
                        : or(stringHint(node), "write a single text value here"));
            case INTEGER:
                return integer(node, ptr);
            case BOOLEAN:
                if (node instanceof TreeNode.Scalar s && s.kind == TreeNode.ScalarKind.BOOLEAN) {
                    return s.value;
                }
                return mismatch(node, ptr, "`true` or `false`", or(booleanHint(node), "write `true` or `false`"));
            case ENUM:
                return enumValue(type.enumType(), node, ptr);
            case RECORD:
                if (node instanceof TreeNode.MapNode m) {
                    return record(ModelMeta.of(type.recordClass()), m, ptr);
                }
                return mismatch(node, ptr, "a mapping of fields", or(nullHint(node), "write its fields as `key: value` lines, indented below it"));
            case INTENT:
                return intent(type, node, ptr);
            case LIST:
                return list(type.element(), node, ptr);
            case MAP:
                return map(type.element(), node, ptr);
            default:
                throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    private Object list(ValueType element, TreeNode node, Path ptr) {
        if (!(node instanceof TreeNode.SeqNode seq)) {
            return mismatch(node, ptr, "a list", node instanceof TreeNode.Scalar s && s.kind != TreeNode.ScalarKind.NULL
                    ? "write a list: one `- item` per line, or `[a, b]`" : or(nullHint(node), "write a list: one `- item` per line, or `[a, b]`"));
        }
        List<Object> out = new ArrayList<>(seq.items.size());
        List<TreeNode> items = seq.items;
        for (int i = 0; i < items.size(); i++) {
            Object v = value(element, items.get(i), ptr.child(i));
            if (v != INVALID) {
                out.add(v);
            }
        }
        return out;
    }

    private Object map(ValueType element, TreeNode node, Path ptr) {
        if (!(node instanceof TreeNode.MapNode m)) {
            return mismatch(node, ptr, "a mapping", or(nullHint(node), "write `key: value` pairs, indented below it"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (TreeNode.Entry e : m.entries) {
            Path childPtr = ptr.child(e.key());
            Object v = value(element, e.value(), childPtr);
            if (v != INVALID) {
                out.put(e.key(), v);
            }
        }
        return out;
    }

    private Object integer(TreeNode node, Path ptr) {
        if (node instanceof TreeNode.Scalar s) {
            if (s.kind == TreeNode.ScalarKind.INTEGER) {
                if (s.isInt) {
                    return s.intValue;
                }
                return report(ReadCodes.TYPE_MISMATCH, ptr, node,
                        subject(ptr) + " must be a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
                                + ", but it is " + Describe.quote(s.text), "use a smaller number");
            }
            if (s.kind == TreeNode.ScalarKind.FLOAT) {
                return mismatch(node, ptr, "a whole number", "write it without a fraction");
            }
            if (s.kind == TreeNode.ScalarKind.STRING && Scalars.resolvePlain(s.text.strip()) instanceof Long) {
                return mismatch(node, ptr, "a whole number", "remove the quotes: `" + s.text.strip() + "`");
            }
        }
        return mismatch(node, ptr, "a whole number", or(nullHint(node), "write a whole number such as `4`"));
    }

    private Object enumValue(EnumType type, TreeNode node, Path ptr) {
        if (node instanceof TreeNode.Scalar s && s.kind == TreeNode.ScalarKind.STRING) {
            Object constant = type.find(s.text);
            if (constant != null) {
                return constant;
            }
        }
        // Only a wrong value gets here: the list of allowed spellings is built for its message alone.
        String allowed = Describe.list(type.wires());
        if (!(node instanceof TreeNode.Scalar s) || s.kind == TreeNode.ScalarKind.NULL) {
            return mismatch(node, ptr, "one of " + allowed, or(nullHint(node), "use one of " + allowed));
        }
        Object constant = type.find(s.text);
        if (s.kind != TreeNode.ScalarKind.STRING) {
            return mismatch(node, ptr, "one of " + allowed, constant != null ? "quote it to keep it as text: `\"" + s.text + "\"`" : "use one of " + allowed);
        }
        String suggestion = Suggest.closest(s.text, type.wires());
        return report(ReadCodes.ENUM_INVALID, ptr, node,
                Describe.quote(s.text) + " is not a valid `" + fieldName(ptr) + "`: expected one of " + allowed,
                suggestion != null ? "did you mean `" + suggestion + "`?" : "use one of " + allowed);
    }

    private Object intent(ValueType type, TreeNode node, Path ptr) {
        if (node instanceof TreeNode.MapNode m) {
            return record(ModelMeta.of(type.recordClass()), m, ptr);
        }
        if (node instanceof TreeNode.Scalar s && s.kind == TreeNode.ScalarKind.STRING) {
            Object kind = enumValue(INTENT_KINDS, node, ptr);
            return kind == INVALID ? INVALID : new Intent.Simple((IntentKind) kind);
        }
        return mismatch(node, ptr, "an intent name or a mapping with `intent:`",
                or(nullHint(node), "write an intent name such as `media-server`, or a mapping such as `{intent: media-server, priority: high}`"));
    }

    private static final EnumType INTENT_KINDS = intentKinds();

    /**
     * Per record type, by component index: the example reference of a component holding secret
     * references, else {@code null}. Looked up once per mapping bound, so it is a plain
     * concurrent map keyed by the type (a {@code ClassValue} look-up cost more than the binding).
     */
    private static final Map<RecordType, String[]> SECRET_EXAMPLES = new ConcurrentHashMap<>();

    private static String[] secretExamples(RecordType type) {
        String[] examples = SECRET_EXAMPLES.get(type);
        if (examples == null) {
            examples = SECRET_EXAMPLES.computeIfAbsent(type, Binder::findSecretExamples);
        }
        return examples;
    }

    private static String[] findSecretExamples(RecordType type) {
        List<Component> components = type.components();
        String[] out = new String[components.size()];
        for (RecordComponent rc : type.type().getRecordComponents()) {
            Pattern p = rc.getAnnotation(Pattern.class);
            if (p != null && SpecPatterns.SECRET_REF.equals(p.value())) {
                for (int i = 0; i < components.size(); i++) {
                    if (components.get(i).javaName().equals(rc.getName())) {
                        out[i] = p.example();
                    }
                }
            }
        }
        return out;
    }

    private static EnumType intentKinds() {
        RecordType detailed = ModelMeta.of(Intent.Detailed.class);
        return detailed.components().get(detailed.indexOf("intent")).type().enumType();
    }

    /**
     * A field the model types as {@code Object} (as opposed to the values of an open map, which
     * may be anything) is one the schema lets be either a boolean or a string.
     */
    private Object booleanOrText(TreeNode node, Path ptr) {
        if (node instanceof TreeNode.Scalar s && (s.kind == TreeNode.ScalarKind.BOOLEAN || s.kind == TreeNode.ScalarKind.STRING)) {
            return s.value;
        }
        return mismatch(node, ptr, "`true`, `false` or text", or(nullHint(node), "write `true` or `false`, or a text in quotes"));
    }

    /** The plain Java value of an open value. */
    private static Object plain(TreeNode node) {
        if (node instanceof TreeNode.Scalar s) {
            return s.value;
        }
        if (node instanceof TreeNode.SeqNode seq) {
            List<Object> out = new ArrayList<>(seq.items.size());
            for (TreeNode item : seq.items) {
                out.add(plain(item));
            }
            return Collections.unmodifiableList(out);
        }
        TreeNode.MapNode m = (TreeNode.MapNode) node;
        Map<String, Object> out = new LinkedHashMap<>();
        for (TreeNode.Entry e : m.entries) {
            out.put(e.key(), plain(e.value()));
        }
        return Collections.unmodifiableMap(out);
    }

    private Object mismatch(TreeNode node, Path ptr, String expected, String hint) {
        return report(ReadCodes.TYPE_MISMATCH, ptr, node,
                subject(ptr) + " must be " + expected + ", but it is "
                        + (secretExample != null ? Describe.kind(node) : Describe.node(node)), hint);
    }

    private Object report(String code, Path ptr, TreeNode node, String message, String hint) {
        diagnostics.add(Diagnostic.error(code, ptr.pointer(), message, hint).at(node.line, node.column));
        return INVALID;
    }

    private static String stringHint(TreeNode node) {
        if (node instanceof TreeNode.Scalar s) {
            if (s.kind == TreeNode.ScalarKind.NULL) {
                return nullHint(node);
            }
            return "quote it to keep it as text: `\"" + s.text + "\"`";
        }
        return null;
    }

    private static String booleanHint(TreeNode node) {
        if (node instanceof TreeNode.Scalar s && s.kind == TreeNode.ScalarKind.STRING) {
            if (s.quoted && Scalars.resolvePlain(s.text) instanceof Boolean) {
                return "remove the quotes: `" + s.text + "`";
            }
            return "write `true` or `false` (YAML 1.2 reads words such as `yes`, `no`, `on` and `off` as text)";
        }
        return nullHint(node);
    }

    /**
     * The YAML name of the field a value belongs to: the last key on its path, so the value of
     * an item of {@code needs} is named {@code needs} (its place is in the diagnostic's pointer).
     */
    private static String fieldName(Path ptr) {
        Path p = ptr;
        while (p.parent != null && p.key == null) {
            p = p.parent;
        }
        return p.parent == null ? "document" : p.key;
    }

    /** How a message names the value at {@code ptr}: the field, or the entry of a list field. */
    private static String subject(Path ptr) {
        if (ptr.parent == null) {
            return "the document";
        }
        if (ptr.key != null) {
            return Describe.quote(ptr.key);
        }
        return "entry " + ptr.index + " of `" + fieldName(ptr) + "`";
    }

    private static boolean isNull(TreeNode node) {
        return node instanceof TreeNode.Scalar s && s.kind == TreeNode.ScalarKind.NULL;
    }

    private static String or(String hint, String fallback) {
        return hint != null ? hint : fallback;
    }

    private static String nullHint(TreeNode node) {
        if (node instanceof TreeNode.Scalar s && s.kind == TreeNode.ScalarKind.NULL) {
            return "give it a value, or remove the field";
        }
        return null;
    }
}
