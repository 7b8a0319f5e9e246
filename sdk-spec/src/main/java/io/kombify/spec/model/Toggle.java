package io.kombify.spec.model;

/**
 * A component that can be switched on or off.
 *
 * @param enabled {@code null} when absent (the component's own default applies)
 */
public record Toggle(Boolean enabled) {
}
