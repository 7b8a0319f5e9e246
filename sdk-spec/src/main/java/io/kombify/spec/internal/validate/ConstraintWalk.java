package io.kombify.spec.internal.validate;

import io.kombify.spec.SourceMap;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Range;
import io.kombify.spec.model.SpecPatterns;
import io.kombify.spec.model.SshConfig;
import io.kombify.spec.model.WireValue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The field constraints of the model's annotations ({@code @Required}, {@code @Pattern},
 * {@code @Range}, {@code @MinItems}, {@code @MaxLength}), checked by walking the model
 * reflectively. The annotations are the single source of these rules; this class only
 * turns a broken one into a diagnostic a person can act on.
 */
public final class ConstraintWalk {
    private final SourceMap positions;
    private final Findings findings;

    private ConstraintWalk(SourceMap positions, Findings findings) {
        this.positions = positions;
        this.findings = findings;
    }

    /** Checks every annotated constraint of {@code spec}. */
    public static void check(Kombination spec, SourceMap positions, Findings findings) {
        new ConstraintWalk(positions, findings).visit(spec, Pointer.ROOT);
    }

    private void visit(Object record, Pointer at) {
        RecordShape shape = RecordShape.of(record.getClass());
        for (RecordShape.Component c : shape.checked()) {
            Object value = read(c, record);
            if (value == null) {
                if (c.required()) {
                    missing(record, c, at.field(c.yamlName()));
                }
                continue;
            }
            if (value instanceof List<?> list) {
                checkList(c, list, at.field(c.yamlName()));
            } else if (value instanceof Map<?, ?> map) {
                if (c.pattern() != null) {
                    Pointer here = at.field(c.yamlName());
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        if (e.getValue() instanceof String s) {
                            String key = String.valueOf(e.getKey());
                            checkString(c, key, s, here.field(key));
                        }
                    }
                }
            } else if (value instanceof String s) {
                checkString(c, null, s, at.field(c.yamlName()));
            } else if (value instanceof Number n) {
                checkRange(c, n.longValue(), at.field(c.yamlName()));
            } else if (c.descent() == RecordShape.Descent.RECORD && value instanceof Record) {
                visit(value, at.field(c.yamlName()));
            }
        }
    }

    private void checkList(RecordShape.Component c, List<?> list, Pointer here) {
        if (list.size() < c.minItems()) {
            if (list.isEmpty() && c.required() && positions.valueAt(here.toString()).isEmpty()) {
                findings.error("SPEC_REQUIRED_FIELD", here.toString(),
                        "missing required field `" + c.yamlName() + "`",
                        "add `" + c.yamlName() + ":` with at least " + c.minItems() + " " + entries(c.minItems())
                                + listExample(c));
            } else {
                findings.error("SPEC_MIN_ITEMS", here.toString(),
                        "`" + c.yamlName() + "` must have at least " + c.minItems() + " " + entries(c.minItems())
                                + ", but has " + (list.isEmpty() ? "none" : list.size()),
                        "add " + (c.minItems() - list.size() == 1 ? "an entry" : "entries") + " to `" + c.yamlName() + "`"
                                + listExample(c));
            }
        }
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            if (element == null) {
                findings.error("SPEC_NULL_VALUE", here.element(i).toString(),
                        "entry " + i + " of `" + c.yamlName() + "` is empty",
                        "remove the empty entry or fill it in");
            } else if (element instanceof String s) {
                if (c.pattern() != null) {
                    checkString(c, null, s, here.element(i));
                }
            } else if (c.descent() == RecordShape.Descent.LIST && element instanceof Record) {
                visit(element, here.element(i));
            }
        }
    }

    private static String entries(int n) {
        return n == 1 ? "entry" : "entries";
    }

    private static String listExample(RecordShape.Component c) {
        return c.yamlName().equals("nodes")
                ? ", such as `- {name: server, type: main, provider: local}`"
                : "";
    }

    private void missing(Object record, RecordShape.Component c, Pointer here) {
        if (record instanceof SshConfig && c.yamlName().equals("host")) {
            findings.error("NODE_SSH_HOST_MISSING", here.toString(),
                    "`ssh` is given without `host`: the node cannot be reached",
                    "add `host:` with the node's IP address or host name, such as `host: 192.168.1.10`, or remove `ssh`");
            return;
        }
        findings.error("SPEC_REQUIRED_FIELD", here.toString(),
                "missing required field `" + c.yamlName() + "`",
                "add `" + c.yamlName() + ":` with " + expected(c));
    }

    /** What a valid value of {@code c} looks like, for hints. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String expected(RecordShape.Component c) {
        Class<?> type = c.type();
        if (type.isEnum() && WireValue.class.isAssignableFrom(type)) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(e -> ((WireValue) e).wire())
                    .collect(Collectors.joining(", "));
        }
        if (c.pattern() != null) {
            return "a value such as `" + c.pattern().example() + "`";
        }
        Range r = c.range();
        if (r != null) {
            return "a number " + bounds(r);
        }
        return "a value";
    }

    private static String bounds(Range r) {
        return r.max() >= Integer.MAX_VALUE ? "of at least " + r.min() : "from " + r.min() + " to " + r.max();
    }

    /**
     * Checks a string value of {@code c}; {@code mapKey} is its key when {@code c} is a map,
     * else {@code null}. The label naming it in messages is only built for a broken value.
     */
    private void checkString(RecordShape.Component c, String mapKey, String value, Pointer here) {
        CompiledPattern p = c.pattern();
        if (p != null && !p.matches(value)) {
            patternMismatch(c, label(c, mapKey), value, here);
        }
        if (c.maxLength() >= 0) {
            int length = value.codePointCount(0, value.length());
            if (length > c.maxLength()) {
                String label = label(c, mapKey);
                findings.error("SPEC_MAX_LENGTH", here.toString(),
                        "`" + label + "` is " + length + " characters long; at most " + c.maxLength() + " are allowed",
                        "shorten `" + label + "` to " + c.maxLength() + " characters or fewer");
            }
        }
    }

    private static String label(RecordShape.Component c, String mapKey) {
        return mapKey == null ? c.yamlName() : c.yamlName() + "." + mapKey;
    }

    private void patternMismatch(RecordShape.Component c, String label, String value, Pointer here) {
        CompiledPattern p = c.pattern();
        if (p.source().equals(SpecPatterns.DNS_NAME) && c.yamlName().equals("name")) {
            String fixed = Suggest.dnsName(value);
            findings.error("SPEC_NAME_INVALID", here.toString(),
                    Text.quote(value) + " is not a valid name: use 2 to 63 lower-case letters, digits and `-`, "
                            + "starting with a letter and ending with a letter or digit",
                    fixed != null && !fixed.equals(value) ? "try `" + fixed + "`" : "for example `" + p.example() + "`");
            return;
        }
        if (p.source().equals(SpecPatterns.SECRET_REF)) {
            // The value may be a secret written in plain text: never repeat it.
            findings.error("SPEC_SECRET_REF_INVALID", here.toString(),
                    "`" + label + "` must be a secret reference starting with `secret://`, not a plain value",
                    "store the value in the secrets backend and write its reference, such as `" + p.example() + "`");
            return;
        }
        findings.error("SPEC_PATTERN_MISMATCH", here.toString(),
                Text.quote(value) + " is not a valid `" + label + "`: expected a value such as `" + p.example() + "`",
                "`" + label + "` must match " + p.source());
    }

    private void checkRange(RecordShape.Component c, long value, Pointer here) {
        Range r = c.range();
        if (r != null && (value < r.min() || value > r.max())) {
            findings.error("SPEC_RANGE", here.toString(),
                    "`" + c.yamlName() + "` must be " + bounds(r).replace("of at least", "at least") + ", got " + value,
                    "use a number " + bounds(r));
        }
    }

    private static Object read(RecordShape.Component c, Object record) {
        return RecordShape.invoke(c.accessor(), record);
    }
}
