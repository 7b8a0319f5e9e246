package io.kombify.deploy.plugin;

/** Where a loaded plugin stands. */
public enum PluginStatus {
    /** Loaded and its dependencies found, but not started (yet). */
    RESOLVED,
    /** Started: its extensions are in use. */
    STARTED,
    /** Its start failed, or a plugin it needs did not start; see the host's problems. */
    FAILED,
    /** Not started because it requires another SDK version ({@code Plugin-Requires}). */
    DISABLED,
    /** Stopped when the host was closed. */
    STOPPED
}
