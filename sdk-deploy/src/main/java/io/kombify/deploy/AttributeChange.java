package io.kombify.deploy;

import java.util.Objects;

/**
 * One attribute that differs. Values of sensitive attributes are never shown: {@link #before()}
 * and {@link #after()} then hold {@link #REDACTED}.
 *
 * @param path              the attribute's path, such as {@code ports[0].host} or {@code environment.TZ}
 * @param before            the recorded (or actual) value; {@code null} when the attribute is new
 * @param after             the desired value; {@code null} when the attribute goes away
 * @param sensitive         whether the values are redacted
 * @param forcesReplacement whether the provider cannot change this attribute in place
 */
public record AttributeChange(String path, Object before, Object after, boolean sensitive, boolean forcesReplacement) {

    /** What a plan shows instead of a sensitive value. */
    public static final String REDACTED = "(sensitive)";

    public AttributeChange {
        Objects.requireNonNull(path, "path");
        before = sensitive && before != null ? REDACTED : Attributes.normalizeValue(before);
        after = sensitive && after != null ? REDACTED : Attributes.normalizeValue(after);
    }
}
