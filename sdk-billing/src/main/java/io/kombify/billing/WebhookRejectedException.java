package io.kombify.billing;

/**
 * A webhook delivery was refused: it is not proven to come from the gateway, or it is not an
 * event. Nothing was changed. Codes:
 * <ul>
 *   <li>{@code WEBHOOK_SIGNATURE_MISSING}: no signature header;</li>
 *   <li>{@code WEBHOOK_SIGNATURE_MALFORMED}: the header has no timestamp or no signature, or
 *       cannot be read at all;</li>
 *   <li>{@code WEBHOOK_SIGNATURE_INVALID}: no signature matches the body (a changed body, another
 *       endpoint's secret, a forgery);</li>
 *   <li>{@code WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE}: a valid signature dated more than the tolerance
 *       (300 s by default) in the past (a replayed delivery, or a clock that is ahead) or in the
 *       future (a clock that is behind);</li>
 *   <li>{@code WEBHOOK_API_VERSION_UNSUPPORTED}: signed, but an event of an API version whose
 *       objects billing cannot read reliably;</li>
 *   <li>{@code WEBHOOK_PAYLOAD_INVALID}: signed, but not a readable event;</li>
 *   <li>{@code WEBHOOK_NOT_CONFIGURED}: this billing has no webhook verifier.</li>
 * </ul>
 */
public class WebhookRejectedException extends BillingException {
    private static final long serialVersionUID = 1L;

    /** A refusal with its code, message and hint. */
    public WebhookRejectedException(String code, String message, String hint) {
        super(code, message, hint);
    }
}
