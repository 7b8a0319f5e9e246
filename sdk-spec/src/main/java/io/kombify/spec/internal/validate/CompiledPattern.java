package io.kombify.spec.internal.validate;

/**
 * A schema regex compiled once for Java with the schema's meaning. CUE evaluates {@code =~}
 * with RE2, where {@code $} matches only at the very end of the text; in Java it also matches
 * before a final line break, so {@code "nas\n"} would pass {@code ^[a-z]+$}. Each unescaped
 * {@code $} outside a character class therefore becomes {@code \z}.
 *
 * @param source  the regex as the model declares it
 * @param example a valid value for hints
 * @param regex   the compiled form
 */
record CompiledPattern(String source, String example, java.util.regex.Pattern regex) {
    /** Several fields share a regex ({@code #DNSName} names nodes, services and the stack): compile it once. */
    private static final java.util.concurrent.ConcurrentMap<String, java.util.regex.Pattern> COMPILED =
            new java.util.concurrent.ConcurrentHashMap<>();

    static CompiledPattern of(String source, String example) {
        return new CompiledPattern(source, example,
                COMPILED.computeIfAbsent(source, s -> java.util.regex.Pattern.compile(toJava(s))));
    }

    /** Whether {@code value} satisfies the schema's {@code =~}: a match anywhere, as RE2 does. */
    boolean matches(CharSequence value) {
        return regex.matcher(value).find();
    }

    static String toJava(String re2) {
        StringBuilder b = new StringBuilder(re2.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < re2.length(); i++) {
            char c = re2.charAt(i);
            if (c == '\\' && i + 1 < re2.length()) {
                b.append(c).append(re2.charAt(++i));
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                b.append(c);
            } else if (c == '[') {
                inClass = true;
                b.append(c);
                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i + 1 < re2.length() && re2.charAt(i + 1) == '^') {
                    b.append(re2.charAt(++i));
                }
                if (i + 1 < re2.length() && re2.charAt(i + 1) == ']') {
                    b.append(re2.charAt(++i));
                }
            } else if (c == '$') {
                b.append("\\z");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
