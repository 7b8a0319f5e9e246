/**
 * The validator's machinery: the constraint walk driven by the model's annotations, the
 * cross-field rules of the schema, of upstream's validator and of its policies, and the
 * helpers they share (suggestions, IPv4 arithmetic, document order). Not exported.
 */
package io.kombify.spec.internal.validate;
