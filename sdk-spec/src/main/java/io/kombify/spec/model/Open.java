package io.kombify.spec.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code Map<String, Object>} component of an open object: the fields the schema
 * does not name are kept there, in document order, instead of being rejected. The schema
 * leaves {@code metadata}, {@code identity} and its {@code owner} and {@code recovery}
 * open this way.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Open {
}
