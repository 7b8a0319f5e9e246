package io.kombify.billing;

/**
 * Receives {@link BillingEvent}s: for metrics, an audit log or a progress display; billing itself
 * never prints. Called on the thread that handles a webhook or a call, possibly from several at
 * once: implementations must be thread-safe and quick. An exception thrown by a listener is
 * ignored, so a broken listener never fails a webhook.
 */
@FunctionalInterface
public interface BillingListener {

    /** A listener that ignores everything. */
    BillingListener NONE = event -> { };

    /** Called for every event. */
    void onEvent(BillingEvent event);
}
