package io.kombify.sim.cloud.hetzner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's labels: the rules for keys and values, and label selectors as used by
 * {@code label_selector} on lists and by Firewalls: comma-separated expressions that must all
 * hold, each one of {@code k=v}, {@code k==v}, {@code k!=v}, {@code k}, {@code !k},
 * {@code k in (v1,v2)} and {@code k notin (v1,v2)}.
 */
final class Labels {
    private static final String NAME = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?)";
    private static final Pattern VALUE = Pattern.compile("|" + NAME);
    private static final Pattern KEY = Pattern.compile(
            "(?:(?<prefix>[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)/)?" + NAME);
    private static final String K = "([a-zA-Z0-9][a-zA-Z0-9._/-]*)";
    private static final String V = "([a-zA-Z0-9._-]*)";
    private static final Pattern EQUALS = Pattern.compile(K + "\\s*(==|=|!=)\\s*" + V);
    private static final Pattern EXISTS = Pattern.compile(K);
    private static final Pattern ABSENT = Pattern.compile("!\\s*" + K);
    private static final Pattern SET = Pattern.compile(K + "\\s+(in|notin)\\s+\\(([^()]*)\\)");

    private Labels() {
    }

    /** Why a label is not allowed, or {@code null} when it is. */
    static String problem(String key, String value) {
        Matcher k = KEY.matcher(key);
        if (!k.matches()) {
            return "label key '" + key + "' is invalid: at most 63 letters, digits, '-', '_' or '.' that begin and end "
                    + "with a letter or digit, optionally after a DNS subdomain prefix and '/'";
        }
        if (k.group("prefix") != null && k.group("prefix").endsWith("hetzner.cloud")) {
            return "label key '" + key + "' is invalid: the prefix hetzner.cloud/ is reserved";
        }
        if (!VALUE.matcher(value).matches()) {
            return "label value '" + value + "' of key '" + key + "' is invalid: at most 63 letters, digits, '-', '_' "
                    + "or '.' that begin and end with a letter or digit";
        }
        return null;
    }

    /** A parsed label selector. */
    static final class Selector {
        private final List<Expression> expressions;

        private Selector(List<Expression> expressions) {
            this.expressions = expressions;
        }

        /** Parses a selector; a malformed one is {@code 400 invalid_input} on {@code field}. */
        static Selector parse(String text, String field) {
            List<Expression> expressions = new ArrayList<>();
            for (String part : split(text)) {
                String p = part.trim();
                Matcher m;
                if ((m = SET.matcher(p)).matches()) {
                    List<String> values = new ArrayList<>();
                    for (String v : m.group(3).split(",", -1)) {
                        values.add(v.trim());
                    }
                    boolean in = m.group(2).equals("in");
                    String key = m.group(1);
                    Set<String> set = Set.copyOf(values);
                    expressions.add(labels -> labels.containsKey(key) ? set.contains(labels.get(key)) == in : !in);
                } else if ((m = EQUALS.matcher(p)).matches()) {
                    String key = m.group(1);
                    String value = m.group(3);
                    boolean equal = !m.group(2).equals("!=");
                    expressions.add(labels -> value.equals(labels.get(key)) == equal);
                } else if ((m = ABSENT.matcher(p)).matches()) {
                    String key = m.group(1);
                    expressions.add(labels -> !labels.containsKey(key));
                } else if ((m = EXISTS.matcher(p)).matches()) {
                    String key = m.group(1);
                    expressions.add(labels -> labels.containsKey(key));
                } else {
                    throw ApiException.invalidField(field, "invalid label selector expression '" + p
                            + "': use k=v, k!=v, k, !k, k in (v1,v2) or k notin (v1,v2), separated by commas");
                }
            }
            return new Selector(List.copyOf(expressions));
        }

        boolean matches(Map<String, String> labels) {
            return expressions.stream().allMatch(e -> e.test(labels));
        }

        /** Splits at commas outside parentheses. */
        private static List<String> split(String text) {
            List<String> parts = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    parts.add(text.substring(start, i));
                    start = i + 1;
                }
            }
            parts.add(text.substring(start));
            return parts;
        }

        private interface Expression {
            boolean test(Map<String, String> labels);
        }
    }
}
