package io.kombify.plugin.opentofu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code main.tf.json} (and its {@code terraform.tfvars.json}) the way OpenTofu reads
 * them, after the documented JSON configuration syntax
 * (https://opentofu.org/docs/language/syntax/json/, the same as Terraform's
 * developer.hashicorp.com/terraform/language/syntax/json):
 *
 * <ul>
 *   <li>the root holds only top-level block types ({@code terraform}, {@code provider},
 *       {@code variable}, {@code output}, {@code locals}, {@code module}, {@code resource},
 *       {@code data}, {@code moved}, {@code import}, {@code check}) and {@code "//"} comments;</li>
 *   <li>each block type has its number of labels as nested objects ({@code resource TYPE NAME},
 *       {@code provider NAME}, {@code variable NAME}, ...), every label an identifier;</li>
 *   <li>block bodies are objects, and a repeated nested block an object or an array of objects;</li>
 *   <li>strings in expression positions are templates: {@code ${...}} balanced, literal
 *       {@code ${} escaped as {@code $${}, and every reference inside ({@code var.NAME},
 *       {@code TYPE.NAME.attr}) names a declared variable or resource and an attribute it has;</li>
 *   <li>meta-arguments: {@code provider} names a declared configuration, {@code depends_on}
 *       declared resources;</li>
 *   <li>arguments and nested blocks are those the provider documents ({@link ProviderSchemas}),
 *       required ones present (in nested blocks too), no block more often than allowed, and every
 *       provider a resource uses is in {@code required_providers};</li>
 *   <li>values have the documented type where that is cheap to tell: a string is no list or map,
 *       a number is a number or a numeric string, a boolean a boolean or {@code "true"}/{@code "false"},
 *       a list a JSON array and a map a JSON object; a value that is one interpolation
 *       ({@code "${...}"}) may be anything, unless it is a variable of another declared type;</li>
 *   <li>provisioners are an array of one-key objects naming a known provisioner, with a
 *       {@code connection} it documents;</li>
 *   <li>the tfvars name only declared, non-sensitive variables.</li>
 * </ul>
 */
final class TerraformJsonCheck {

    static final Set<String> TOP_LEVEL = Set.of("terraform", "provider", "variable", "output", "locals", "module",
            "resource", "data", "moved", "import", "check");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Set<String> FUNCTIONS = Set.of("file", "pathexpand", "jsonencode");
    private static final Set<String> KEYWORDS = Set.of("true", "false", "null");
    private static final Set<String> META = Set.of("provider", "depends_on", "count", "for_each", "lifecycle",
            "provisioner", "connection");

    private final List<String> problems = new ArrayList<>();
    private final Map<String, Map<String, Object>> resources = new HashMap<>();
    private final Map<String, Map<String, Object>> variables = new HashMap<>();
    /** provider local name -> configuration names ("" for the default one). */
    private final Map<String, Set<String>> providers = new HashMap<>();
    private final Set<String> requiredProviders = new HashSet<>();

    private TerraformJsonCheck() {
    }

    /** Every problem found, as readable sentences; empty when the files are fine. */
    static List<String> problems(Object main, Object tfvars) {
        TerraformJsonCheck c = new TerraformJsonCheck();
        c.check(main, tfvars);
        return c.problems;
    }

    private void check(Object main, Object tfvars) {
        if (!(main instanceof Map<?, ?> root)) {
            problems.add("the root is not an object");
            return;
        }
        root.forEach((k, v) -> {
            if (k.equals("//")) {
                comment("root", v);
            } else if (!TOP_LEVEL.contains(k)) {
                problems.add("unknown top-level block type '" + k + "'");
            }
        });
        declare(root);
        for (Map.Entry<?, ?> e : root.entrySet()) {
            String type = (String) e.getKey();
            Object value = e.getValue();
            switch (type) {
                case "terraform" -> terraform(value);
                case "provider" -> labelled("provider", value, 1).forEach(this::provider);
                case "variable" -> labelled("variable", value, 1).forEach(this::variable);
                case "resource" -> labelled("resource", value, 2).forEach(this::resource);
                case "output" -> labelled("output", value, 1).forEach(b -> expressions(b.body(), "output " + b.labels()));
                case "data", "module", "check", "locals", "moved", "import" ->
                        problems.add("the exporter writes no '" + type + "' blocks, but the file has some");
                default -> {
                }
            }
        }
        tfvars(tfvars);
    }

    /** One block: its labels and its body. */
    private record Block(List<String> labels, Map<?, ?> body) {
    }

    /** The blocks of a type with {@code count} labels; a problem for every level that is not an object. */
    private List<Block> labelled(String type, Object value, int count) {
        List<Block> blocks = new ArrayList<>();
        collect(type, value, count, new ArrayList<>(), blocks);
        return blocks;
    }

    private void collect(String type, Object value, int remaining, List<String> labels, List<Block> out) {
        if (remaining == 0) {
            if (value instanceof Map<?, ?> body) {
                out.add(new Block(List.copyOf(labels), body));
            } else if (value instanceof List<?> list && type.equals("provider")) {
                // several configurations of one provider: an array of bodies
                for (Object item : list) {
                    collect(type, item, 0, labels, out);
                }
            } else {
                problems.add(type + " " + labels + ": the body is not an object but " + describe(value));
            }
            return;
        }
        if (!(value instanceof Map<?, ?> level)) {
            problems.add(type + " " + labels + ": expected an object of labels, found " + describe(value));
            return;
        }
        level.forEach((k, v) -> {
            String label = String.valueOf(k);
            if (label.equals("//")) {
                comment(type + " " + labels, v);
                return;
            }
            if (!IDENTIFIER.matcher(label).matches()) {
                problems.add(type + " " + labels + ": label '" + label + "' is not an identifier");
            }
            List<String> next = new ArrayList<>(labels);
            next.add(label);
            collect(type, v, remaining - 1, next, out);
        });
    }

    private void declare(Map<?, ?> root) {
        if (root.get("resource") instanceof Map<?, ?> types) {
            types.forEach((t, names) -> {
                if (names instanceof Map<?, ?> byName) {
                    byName.forEach((n, body) -> {
                        if (body instanceof Map<?, ?> m) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> b = (Map<String, Object>) m;
                            resources.put(t + "." + n, b);
                        }
                    });
                }
            });
        }
        if (root.get("variable") instanceof Map<?, ?> vars) {
            vars.forEach((n, body) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> b = body instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                variables.put(String.valueOf(n), b);
            });
        }
        if (root.get("provider") instanceof Map<?, ?> ps) {
            ps.forEach((n, v) -> {
                Set<String> configs = providers.computeIfAbsent(String.valueOf(n), k -> new HashSet<>());
                for (Object body : v instanceof List<?> l ? l : List.of(v)) {
                    if (body instanceof Map<?, ?> m) {
                        Object alias = m.get("alias");
                        if (alias != null && !configs.add(String.valueOf(alias)) || alias == null && !configs.add("")) {
                            problems.add("provider " + n + ": configuration '" + (alias == null ? "" : alias) + "' twice");
                        }
                    }
                }
            });
        }
        if (root.get("terraform") instanceof Map<?, ?> t && t.get("required_providers") instanceof Map<?, ?> rp) {
            rp.keySet().forEach(k -> requiredProviders.add(String.valueOf(k)));
        }
    }

    private void terraform(Object value) {
        if (!(value instanceof Map<?, ?> body)) {
            problems.add("terraform: the body is not an object");
            return;
        }
        body.forEach((k, v) -> {
            switch (String.valueOf(k)) {
                case "//" -> comment("terraform", v);
                case "required_version" -> {
                    if (!(v instanceof String)) {
                        problems.add("terraform.required_version is not a string");
                    }
                }
                case "required_providers" -> {
                    if (!(v instanceof Map<?, ?> rp)) {
                        problems.add("terraform.required_providers is not an object");
                        return;
                    }
                    rp.forEach((name, req) -> {
                        if (!(req instanceof Map<?, ?> r) || !(r.get("source") instanceof String source)
                                || !(r.get("version") instanceof String)) {
                            problems.add("required_providers." + name + " needs a source and a version");
                        } else if (!source.equals(ProviderSchemas.SOURCES.get(String.valueOf(name)))) {
                            problems.add("required_providers." + name + " has source " + source);
                        }
                    });
                }
                default -> problems.add("terraform: unknown setting '" + k + "'");
            }
        });
    }

    private void provider(Block b) {
        String name = b.labels().get(0);
        ProviderSchemas.Schema schema = ProviderSchemas.PROVIDERS.get(name);
        if (schema == null) {
            problems.add("provider " + name + ": not a provider the exporter uses");
            return;
        }
        if (!requiredProviders.contains(name)) {
            problems.add("provider " + name + " is not in required_providers");
        }
        String where = "provider " + name + (b.body().get("alias") == null ? "" : "." + b.body().get("alias"));
        b.body().forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.equals("//")) {
                comment(where, v);
            } else if (key.equals("alias")) {
                if (!(v instanceof String alias) || !IDENTIFIER.matcher(alias).matches()) {
                    problems.add(where + ": the alias is not an identifier");
                }
            } else if (schema.arguments().containsKey(key)) {
                typed(where + "." + key, schema.arguments().get(key), v);
                expressions(v, where + "." + key);
            } else {
                problems.add(where + ": unknown argument '" + key + "'");
            }
        });
    }

    private void variable(Block b) {
        String where = "variable " + b.labels().get(0);
        b.body().forEach((k, v) -> {
            switch (String.valueOf(k)) {
                case "//", "description" -> {
                    if (!(v instanceof String)) {
                        problems.add(where + ": " + k + " is not a string");
                    }
                }
                case "type" -> {
                    if (!(v instanceof String t) || !t.matches("string|number|bool|any|(list|map|set)\\((string|number|bool|any)\\)")) {
                        problems.add(where + ": type " + v + " is not a type expression");
                    }
                }
                case "sensitive", "nullable", "ephemeral" -> {
                    if (!(v instanceof Boolean)) {
                        problems.add(where + ": " + k + " is not a boolean");
                    }
                }
                case "default", "validation" -> {
                }
                default -> problems.add(where + ": unknown argument '" + k + "'");
            }
        });
    }

    private void resource(Block b) {
        String type = b.labels().get(0);
        String where = "resource " + type + "." + b.labels().get(1);
        ProviderSchemas.Schema schema = ProviderSchemas.RESOURCES.get(type);
        if (schema == null) {
            problems.add(where + ": not a resource type of the providers the exporter uses");
            return;
        }
        String providerName = type.substring(0, type.indexOf('_'));
        if (!requiredProviders.contains(providerName)) {
            problems.add(where + ": its provider " + providerName + " is not in required_providers");
        }
        Object provider = b.body().get("provider");
        if (provider == null) {
            Set<String> configs = providers.getOrDefault(providerName, Set.of());
            if (!configs.isEmpty() && !configs.contains("")) {
                problems.add(where + ": names no provider configuration, but " + providerName
                        + " has only aliased ones " + configs);
            }
        } else if (!(provider instanceof String p) || !p.equals(providerName) && !(p.startsWith(providerName + ".")
                && providers.getOrDefault(providerName, Set.of()).contains(p.substring(providerName.length() + 1)))) {
            problems.add(where + ": provider " + provider + " is not a declared configuration of " + providerName);
        }
        body(where, schema, b.body(), true);
    }

    private void body(String where, ProviderSchemas.Schema schema, Map<?, ?> body, boolean meta) {
        for (String required : schema.required()) {
            if (!body.containsKey(required)) {
                problems.add(where + ": the required argument '" + required + "' is missing");
            }
        }
        body.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.equals("//")) {
                comment(where, v);
            } else if (meta && META.contains(key)) {
                if (key.equals("depends_on")) {
                    dependsOn(where, v);
                } else if (key.equals("provisioner")) {
                    provisioners(where, v);
                } else if (key.equals("connection")) {
                    nested(where + ".connection", ProviderSchemas.CONNECTION, v);
                } else if (!key.equals("provider")) {
                    expressions(v, where + "." + key);
                }
            } else if (schema.blocks().containsKey(key)) {
                nested(where + "." + key, schema.blocks().get(key), v);
            } else if (schema.arguments().containsKey(key)) {
                typed(where + "." + key, schema.arguments().get(key), v);
                expressions(v, where + "." + key);
            } else {
                problems.add(where + ": unknown argument '" + key + "'");
            }
        });
    }

    /** A nested block: an object, or an array of objects no longer than the block allows. */
    private void nested(String where, ProviderSchemas.Schema schema, Object v) {
        List<?> bodies = v instanceof List<?> list ? list : List.of(v);
        if (schema.maxItems() > 0 && bodies.size() > schema.maxItems()) {
            problems.add(where + ": " + bodies.size() + " blocks, but at most " + schema.maxItems() + " allowed");
        }
        for (Object item : bodies) {
            if (item instanceof Map<?, ?> m) {
                body(where, schema, m, false);
            } else {
                problems.add(where + ": a nested block is not an object but " + describe(item));
            }
        }
    }

    /** {@code "provisioner": [{"remote-exec": {...}}, ...]}, in the order they run. */
    private void provisioners(String where, Object v) {
        if (!(v instanceof List<?> list)) {
            problems.add(where + ".provisioner is not an array of one-key objects");
            return;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> one) || one.size() != 1) {
                problems.add(where + ".provisioner: " + describe(item) + " is not an object with one provisioner");
                continue;
            }
            String type = String.valueOf(one.keySet().iterator().next());
            ProviderSchemas.Schema schema = ProviderSchemas.PROVISIONERS.get(type);
            if (schema == null) {
                problems.add(where + ".provisioner: unknown provisioner '" + type + "'");
            } else {
                nested(where + ".provisioner." + type, schema, one.get(type));
            }
        }
    }

    /** Whether a value is one interpolation, {@code "${...}"}, whose type is the expression's. */
    private static boolean wholeInterpolation(String s) {
        return s.startsWith("${") && closing(s, 2) == s.length() - 1;
    }

    private void typed(String where, ProviderSchemas.Kind kind, Object v) {
        if (v instanceof String s && wholeInterpolation(s)) {
            String expression = s.substring(2, s.length() - 1).strip();
            Map<String, Object> declared = expression.startsWith("var.") ? variables.get(expression.substring(4)) : null;
            if (declared != null && declared.get("type") instanceof String type) {
                boolean collection = type.startsWith("list(") || type.startsWith("set(") || type.startsWith("map(");
                boolean wantsCollection = kind == ProviderSchemas.Kind.LIST || kind == ProviderSchemas.Kind.MAP;
                if (kind != ProviderSchemas.Kind.ANY && !type.equals("any") && collection != wantsCollection) {
                    problems.add(where + ": " + expression + " is of type " + type + ", but the argument takes "
                            + kind.article());
                }
            }
            return;
        }
        boolean fits = switch (kind) {
            case STRING -> v instanceof String || v instanceof Number || v instanceof Boolean;
            case NUMBER -> v instanceof Number || v instanceof String s && s.strip().matches("-?\\d+(\\.\\d+)?");
            case BOOL -> v instanceof Boolean || "true".equals(v) || "false".equals(v);
            case LIST -> v instanceof List;
            case MAP -> v instanceof Map;
            case ANY -> true;
        };
        if (!fits) {
            problems.add(where + ": takes " + kind.article() + ", not " + describe(v));
        }
    }

    private void dependsOn(String where, Object v) {
        if (!(v instanceof List<?> list)) {
            problems.add(where + ".depends_on is not an array");
            return;
        }
        for (Object item : list) {
            if (!(item instanceof String address) || !resources.containsKey(address)) {
                problems.add(where + ".depends_on names " + item + ", which is not a declared resource");
            }
        }
    }

    private void expressions(Object v, String where) {
        if (v instanceof String s) {
            template(s, where);
        } else if (v instanceof List<?> list) {
            list.forEach(item -> expressions(item, where));
        } else if (v instanceof Map<?, ?> map) {
            map.forEach((k, item) -> expressions(item, where + "." + k));
        }
    }

    private void template(String s, String where) {
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
                i += 3;
            } else if (s.startsWith("${", i)) {
                int end = closing(s, i + 2);
                if (end < 0) {
                    problems.add(where + ": unbalanced ${ in \"" + s + "\"");
                    return;
                }
                expression(s.substring(i + 2, end), where, s);
                i = end + 1;
            } else if (s.startsWith("%{", i)) {
                problems.add(where + ": a template directive %{ in \"" + s + "\" (the exporter writes none)");
                i += 2;
            } else {
                i++;
            }
        }
    }

    /** The index of the } that closes an interpolation whose expression starts at {@code start}, or -1. */
    private static int closing(String s, int start) {
        int depth = 1;
        boolean quoted = false;
        for (int j = start; j < s.length(); j++) {
            char c = s.charAt(j);
            if (quoted) {
                if (c == '\\') {
                    j++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    /** Checks the references and function calls of one interpolated expression. */
    private void expression(String expr, String where, String template) {
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"') {
                i = skipString(expr, i);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || "_-.".indexOf(expr.charAt(i)) >= 0)) {
                    i++;
                }
                String traversal = expr.substring(start, i);
                int next = i;
                while (next < expr.length() && expr.charAt(next) == ' ') {
                    next++;
                }
                if (next < expr.length() && expr.charAt(next) == '(') {
                    if (!FUNCTIONS.contains(traversal)) {
                        problems.add(where + ": unknown function " + traversal + " in \"" + template + "\"");
                    }
                } else {
                    reference(traversal, where, template);
                }
            } else {
                i++;
            }
        }
    }

    private static int skipString(String expr, int at) {
        for (int j = at + 1; j < expr.length(); j++) {
            if (expr.charAt(j) == '\\') {
                j++;
            } else if (expr.charAt(j) == '"') {
                return j + 1;
            }
        }
        return expr.length();
    }

    private void reference(String traversal, String where, String template) {
        String[] parts = traversal.split("\\.");
        String first = parts[0];
        if (KEYWORDS.contains(first) || Set.of("path", "terraform", "count", "each", "self").contains(first)) {
            return;
        }
        if (first.equals("var")) {
            if (parts.length < 2 || !variables.containsKey(parts[1])) {
                problems.add(where + ": " + traversal + " is not a declared variable (in \"" + template + "\")");
            }
            return;
        }
        if (parts.length < 2) {
            problems.add(where + ": " + traversal + " is not a reference (in \"" + template + "\")");
            return;
        }
        String address = parts[0] + "." + parts[1];
        if (!resources.containsKey(address)) {
            problems.add(where + ": " + address + " is not a declared resource (in \"" + template + "\")");
            return;
        }
        if (parts.length > 2) {
            ProviderSchemas.Schema schema = ProviderSchemas.RESOURCES.get(parts[0]);
            String attribute = parts[2];
            if (schema != null && !schema.attributes().contains(attribute) && !schema.arguments().containsKey(attribute)
                    && !schema.blocks().containsKey(attribute)) {
                problems.add(where + ": " + address + " has no attribute " + attribute + " (in \"" + template + "\")");
            }
        }
    }

    private void tfvars(Object tfvars) {
        if (!(tfvars instanceof Map<?, ?> values)) {
            problems.add("terraform.tfvars.json is not an object");
            return;
        }
        values.forEach((k, v) -> {
            Map<String, Object> declared = variables.get(String.valueOf(k));
            if (declared == null) {
                problems.add("terraform.tfvars.json sets " + k + ", which is not a declared variable");
            } else if (Boolean.TRUE.equals(declared.get("sensitive"))) {
                problems.add("terraform.tfvars.json holds a value of the sensitive variable " + k);
            } else if ("string".equals(declared.get("type")) && !(v instanceof String)) {
                problems.add("terraform.tfvars.json: " + k + " is not a string");
            }
        });
    }

    private void comment(String where, Object v) {
        if (!(v instanceof String)) {
            problems.add(where + ": a \"//\" comment that is not a string");
        }
    }

    private static String describe(Object v) {
        return v == null ? "null" : v instanceof List<?> ? "an array" : v instanceof Map<?, ?> ? "an object"
                : v.getClass().getSimpleName() + " " + v;
    }
}
