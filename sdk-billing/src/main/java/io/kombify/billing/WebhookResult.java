package io.kombify.billing;

import java.util.Objects;

/**
 * What became of a webhook delivery, and the HTTP status to answer the gateway with
 * ({@link #httpStatus()}): 2xx tells Stripe the delivery is done, anything else makes it deliver
 * again later (for up to three days).
 *
 * @param outcome   what happened
 * @param eventId   the event's id, or {@code null} when the delivery was refused before it was read
 * @param eventType the event's type, or {@code null} likewise
 * @param code      a stable code: {@code WEBHOOK_PROCESSED}, {@code WEBHOOK_DUPLICATE}, {@code WEBHOOK_IGNORED},
 *                  {@code WEBHOOK_IN_PROGRESS}, a {@link WebhookRejectedException} code, or the code of the failure
 * @param message   a sentence for logs; never contains a secret
 */
public record WebhookResult(Outcome outcome, String eventId, String eventType, String code, String message) {

    /** The possible outcomes. */
    public enum Outcome {
        /** Verified and processed for the first time. */
        PROCESSED(200),
        /** Verified; processed before, so acknowledged and ignored. */
        DUPLICATE(200),
        /** Verified; a type billing does not act on. */
        IGNORED(200),
        /** Not proven to come from the gateway, or not an event; nothing changed. */
        REJECTED(400),
        /** Verified; another delivery of the same event is being processed. The gateway should retry later. */
        IN_PROGRESS(409),
        /** Verified, but processing failed (a store was unavailable). The gateway will deliver it again. */
        FAILED(500);

        private final int httpStatus;

        Outcome(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The HTTP status to answer with. */
        public int httpStatus() {
            return httpStatus;
        }
    }

    public WebhookResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The HTTP status to answer the gateway with. */
    public int httpStatus() {
        return outcome.httpStatus();
    }

    /** Whether the gateway should consider the delivery done (a 2xx answer). */
    public boolean acknowledged() {
        return httpStatus() < 300;
    }
}
