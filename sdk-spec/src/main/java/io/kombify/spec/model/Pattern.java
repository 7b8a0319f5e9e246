package io.kombify.spec.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string, or each string of a list or each value of a map, must match {@link #value()}
 * entirely (the schema's {@code =~} constraint). The validator, the JSON Schema and the
 * spec reference read this.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Pattern {
    /** The regular expression, anchored as in the schema. */
    String value();

    /** A valid example, shown in hints: {@code expected a value like 512Mi}. */
    String example();
}
