package io.kombify.core;

import java.util.Objects;

/**
 * A reference to a secret, written {@code secret://name} in a spec. The reference is only
 * a name: the value is looked up at apply time by a secret backend and is never stored in
 * a spec, a plan, state, a log or a report.
 *
 * @param name the secret's name, never {@code null} or empty
 */
public record SecretRef(String name) {
    /** The scheme every reference starts with. */
    public static final String PREFIX = "secret://";

    public SecretRef {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a secret reference needs a name after secret://");
        }
    }

    /**
     * Parses {@code secret://name}.
     *
     * @throws KombifyException with code {@code SECRET_REF_INVALID} when {@code text} is not a
     *     reference; the message never repeats the text, which may be a pasted secret value
     */
    public static SecretRef parse(String text) {
        if (!isReference(text)) {
            throw new KombifyException("SECRET_REF_INVALID",
                    "expected a secret reference of the form secret://name (the value given is not shown)");
        }
        return new SecretRef(text.substring(PREFIX.length()));
    }

    /** Whether {@code text} is {@code secret://} followed by a name. */
    public static boolean isReference(String text) {
        return text != null && text.startsWith(PREFIX) && text.length() > PREFIX.length();
    }

    /** The reference as written: {@code secret://name}. It never contains a secret value. */
    @Override
    public String toString() {
        return PREFIX + name;
    }
}
