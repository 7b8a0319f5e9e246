/**
 * Read, validate and resolve {@code kombination.yaml}: {@link io.kombify.spec.SpecReader},
 * {@link io.kombify.spec.SpecValidator}, {@link io.kombify.spec.SpecResolver}.
 */
package io.kombify.spec;
