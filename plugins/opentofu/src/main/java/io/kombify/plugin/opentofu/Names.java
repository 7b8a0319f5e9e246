package io.kombify.plugin.opentofu;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Terraform identifiers for the names of one export. An identifier is {@code [A-Za-z_][A-Za-z0-9_-]*};
 * a name that already is one is kept as it is, others have each other character replaced by
 * {@code _} (and a leading digit prefixed with {@code _}). Within a namespace (a resource type, the
 * variables, the provider aliases) every name is unique: a second name that maps to a taken
 * identifier gets {@code _2}, {@code _3}, ... appended. Callers allocate in a fixed order, so the
 * same graph always gets the same names.
 */
final class Names {

    /** What the Terraform language accepts as an identifier. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final Map<String, Set<String>> taken = new HashMap<>();
    private final Map<String, String> given = new HashMap<>();

    /** The identifier for {@code name} in {@code namespace}; the same name always gets the same identifier. */
    String allocate(String namespace, String name) {
        return allocate(namespace, name, false);
    }

    /**
     * The identifier for {@code name} in {@code namespace}, with dashes turned into underscores
     * too when {@code underscores} (for variables, which users set as {@code TF_VAR_<name>}).
     */
    String allocate(String namespace, String name, boolean underscores) {
        String key = namespace + "\u0000" + name;
        String existing = given.get(key);
        if (existing != null) {
            return existing;
        }
        String base = identifier(name, underscores);
        Set<String> used = taken.computeIfAbsent(namespace, k -> new HashSet<>());
        String id = base;
        for (int n = 2; !used.add(id); n++) {
            id = base + "_" + n;
        }
        given.put(key, id);
        return id;
    }

    /** {@code raw} made an identifier (not yet unique). */
    static String identifier(String raw, boolean underscores) {
        StringBuilder b = new StringBuilder(raw.length() + 1);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || (c == '-' && !underscores);
            b.append(keep ? c : '_');
        }
        if (b.isEmpty() || !(Character.isLetter(b.charAt(0)) || b.charAt(0) == '_')) {
            b.insert(0, '_');
        }
        return b.toString();
    }
}
