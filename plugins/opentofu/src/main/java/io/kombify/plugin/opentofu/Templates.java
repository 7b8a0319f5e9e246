package io.kombify.plugin.opentofu;

/**
 * Strings in the positions of a {@code .tf.json} file that take expressions are string templates:
 * {@code ${...}} interpolates and {@code %{...}} is a directive. These helpers write values from
 * the spec so that they stay literal, and write references and function calls.
 *
 * @see <a href="https://opentofu.org/docs/language/syntax/json/">JSON configuration syntax</a>
 * @see <a href="https://opentofu.org/docs/language/expressions/strings/">string templates and escapes</a>
 */
final class Templates {

    private Templates() {
    }

    /** {@code text} as a template that evaluates to exactly {@code text}: {@code $${} and {@code %%{} escape. */
    static String literal(String text) {
        return text.replace("${", "$${").replace("%{", "%%{");
    }

    /** A template that is one interpolation, so it evaluates to the expression's own value and type. */
    static String ref(String expression) {
        return "${" + expression + "}";
    }

    /** {@code text} as a quoted string inside an expression, such as the argument of {@code pathexpand("...")}. */
    static String quoted(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return literal(b.append('"').toString());
    }

    /** A path for a function that reads a file: {@code pathexpand("~/...")} when it starts with {@code ~}. */
    static String path(String path) {
        return path.startsWith("~") ? "pathexpand(" + quoted(path) + ")" : quoted(path);
    }
}
