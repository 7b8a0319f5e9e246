/**
 * The {@code kombination.yaml} model: immutable records mirroring upstream's
 * {@code #KombinationSpec}, as the user wrote it (no defaults applied).
 */
package io.kombify.spec.model;
