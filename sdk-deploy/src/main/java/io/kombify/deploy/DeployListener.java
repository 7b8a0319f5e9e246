package io.kombify.deploy;

/**
 * Receives progress events. Called from the executor's worker threads, possibly at the same
 * time: implementations must be thread-safe and quick. An exception thrown by a listener is
 * ignored, so a broken progress display never breaks an apply.
 */
@FunctionalInterface
public interface DeployListener {

    /** A listener that ignores everything. */
    DeployListener NONE = event -> { };

    /** Called for every event. */
    void onEvent(DeployEvent event);
}
