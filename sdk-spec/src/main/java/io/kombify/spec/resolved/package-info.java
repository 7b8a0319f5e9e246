/**
 * The parts of a {@link io.kombify.spec.ResolvedSpec}: every node, service and setting of a
 * stack with all defaults applied, quantities typed, and services placed on nodes.
 */
package io.kombify.spec.resolved;
