package io.kombify.billing.stripe;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.net.ApiMode;
import com.stripe.net.Webhook;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.WebhookRejectedException;
import io.kombify.billing.spi.GatewayEvent;
import io.kombify.billing.spi.WebhookVerifier;
import io.kombify.core.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Verifies Stripe webhook deliveries with stripe-java ({@code Webhook.Signature.verifyHeader}):
 * the {@code Stripe-Signature} header's {@code v1} signature must be the HMAC-SHA256, under the
 * endpoint's signing secret, of {@code <t>.<raw body>}, and {@code t} must be at most the
 * tolerance (300 s by default) in the past and, a check of our own (stripe-java makes none), at
 * most the tolerance in the future. A header stripe-java cannot parse is malformed. Only then is
 * the body read, and only these events are acted on: {@code checkout.session.completed},
 * {@code customer.subscription.created}, {@code .updated}, {@code .deleted}, {@code invoice.paid},
 * {@code invoice.payment_failed} and {@code customer.updated}; other verified events are
 * acknowledged and ignored.
 *
 * <p>The endpoint must use an API version of the major release of this stripe-java
 * ({@code 2025-03-31.basil}, so any {@code *.basil}): an event of another version (whose objects
 * have another shape, such as an invoice naming its subscription at the top level before basil)
 * is refused with {@code WEBHOOK_API_VERSION_UNSUPPORTED} rather than misread. Two verified events
 * are acknowledged without being acted on, each with a code of its own: an invoice of no
 * subscription ({@code WEBHOOK_INVOICE_WITHOUT_SUBSCRIPTION}) and a subscription in a status billing
 * does not know ({@code WEBHOOK_UNKNOWN_SUBSCRIPTION_STATUS}; refusing it would only make Stripe
 * retry it for days).
 *
 * <p>Immutable and thread-safe; the time comes from the caller, so tests can fix it.
 */
public final class StripeWebhookVerifier implements WebhookVerifier {
    /** Stripe's default tolerance. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(Webhook.DEFAULT_TOLERANCE);

    private final String secret;
    private final long toleranceSeconds;
    private final StripePrices prices;
    private final StripeClient parser;

    private StripeWebhookVerifier(Secret signingSecret, Duration tolerance, StripePrices prices) {
        // stripe-java counts the tolerance in whole seconds and checks no age at all for 0
        if (tolerance.getSeconds() < 1) {
            throw new IllegalArgumentException("tolerance must be at least 1 s, not " + tolerance);
        }
        this.secret = new String(signingSecret.reveal());
        this.toleranceSeconds = tolerance.getSeconds();
        this.prices = Objects.requireNonNull(prices, "prices");
        // Only used to read verified bodies; it never sends a request.
        this.parser = StripeClient.builder().setApiKey("webhook-parser-sends-no-requests").build();
    }

    /**
     * A verifier for the endpoint whose signing secret ({@code whsec_...}) is {@code signingSecret}.
     *
     * @param tolerance how far a signature's time may be from now, into the past or the future;
     *                  at least 1 s (whole seconds count)
     * @param prices    which prices stand for which plan
     * @throws IllegalArgumentException when {@code tolerance} is under 1 s
     */
    public static StripeWebhookVerifier create(Secret signingSecret, Duration tolerance, StripePrices prices) {
        return new StripeWebhookVerifier(Objects.requireNonNull(signingSecret, "signingSecret"),
                Objects.requireNonNull(tolerance, "tolerance"), prices);
    }

    @Override
    public GatewayEvent verify(String payload, String signatureHeader, Instant now) {
        Objects.requireNonNull(payload, "payload");
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new WebhookRejectedException("WEBHOOK_SIGNATURE_MISSING", "the delivery has no Stripe-Signature header",
                    "only Stripe's deliveries are accepted; send the request's Stripe-Signature header along");
        }
        try {
            Webhook.Signature.verifyHeader(payload, signatureHeader, secret, toleranceSeconds,
                    Clock.fixed(now, ZoneOffset.UTC));
        } catch (SignatureVerificationException e) {
            throw rejection(e);
        } catch (RuntimeException e) {
            // stripe-java parses the header without checking it: `t=abc` throws NumberFormatException,
            // `t` or `v1` without a value ArrayIndexOutOfBoundsException
            throw malformed();
        }
        long signedAt = signedAt(signatureHeader);
        if (signedAt > now.getEpochSecond() + toleranceSeconds) {
            throw new WebhookRejectedException("WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE",
                    "the delivery's signature is dated more than " + toleranceSeconds + " s in the future",
                    "this server's clock is behind; synchronise it (NTP)");
        }
        return read(payload);
    }

    /** The header's timestamp, read as stripe-java reads it (the first {@code t=}); the header is verified. */
    private static long signedAt(String header) {
        for (String item : header.split(",", -1)) {
            String[] pair = item.split("=", 2);
            if (pair[0].equals("t")) {
                return Long.parseLong(pair[1]);
            }
        }
        throw malformed();
    }

    private static WebhookRejectedException malformed() {
        return new WebhookRejectedException("WEBHOOK_SIGNATURE_MALFORMED",
                "the Stripe-Signature header has no readable timestamp (t=<seconds>) or no v1 signature",
                "pass the header exactly as received");
    }

    private WebhookRejectedException rejection(SignatureVerificationException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("Timestamp outside the tolerance zone")) {
            return new WebhookRejectedException("WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE",
                    "the delivery's signature is older than " + toleranceSeconds + " s",
                    "a replayed delivery, or this server's clock is off; Stripe signs every retry afresh");
        }
        if (m.startsWith("Unable to extract timestamp and signatures") || m.startsWith("No signatures found with expected scheme")) {
            return malformed();
        }
        return new WebhookRejectedException("WEBHOOK_SIGNATURE_INVALID",
                "no signature of the delivery matches its body under this endpoint's signing secret",
                "check kombify.billing.stripe.webhook-secret (whsec_..., per endpoint) and that the body is passed "
                        + "exactly as received, not re-encoded");
    }

    private GatewayEvent read(String payload) {
        Event event;
        try {
            StripeObject object = parser.deserialize(payload, ApiMode.V1);
            if (!(object instanceof Event e)) {
                throw StripeMapping.payload("it is not an event");
            }
            event = e;
        } catch (WebhookRejectedException e) {
            throw e;
        } catch (RuntimeException | com.stripe.exception.StripeException e) {
            throw StripeMapping.payload("it is not JSON of a Stripe event");
        }
        if (event.getId() == null || event.getType() == null || event.getCreated() == null) {
            throw StripeMapping.payload("it lacks an id, a type or a creation time");
        }
        String id = event.getId();
        String type = event.getType();
        Instant created = Instant.ofEpochSecond(event.getCreated());
        checkApiVersion(event);
        switch (type) {
            case "checkout.session.completed" -> {
                com.stripe.model.checkout.Session s = object(event, com.stripe.model.checkout.Session.class);
                var org = StripeMapping.organization(s.getClientReferenceId());
                if (org == null) {
                    org = StripeMapping.organization(s.getMetadata());
                }
                if (s.getId() == null) {
                    throw StripeMapping.payload("the checkout session has no id");
                }
                return new GatewayEvent.CheckoutCompleted(id, type, created, s.getId(), s.getCustomer(), org,
                        s.getSubscription());
            }
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" -> {
                Subscription s = object(event, Subscription.class);
                if (s.getId() != null && SubscriptionStatus.fromStripe(s.getStatus()).isEmpty()) {
                    return new GatewayEvent.Unhandled(id, type, created, "WEBHOOK_UNKNOWN_SUBSCRIPTION_STATUS",
                            "subscription " + s.getId() + " has the status `" + s.getStatus() + "`, which billing does "
                                    + "not know; the subscription keeps the state of its earlier events");
                }
                return new GatewayEvent.SubscriptionChanged(id, type, created, StripeMapping.snapshot(s, prices));
            }
            case "invoice.paid", "invoice.payment_failed" -> {
                Invoice i = object(event, Invoice.class);
                if (i.getId() == null) {
                    throw StripeMapping.payload("the invoice has no id");
                }
                Invoice.Parent parent = i.getParent();
                if (parent == null || (parent.getType() != null && !"subscription_details".equals(parent.getType()))) {
                    return new GatewayEvent.Unhandled(id, type, created, "WEBHOOK_INVOICE_WITHOUT_SUBSCRIPTION",
                            "invoice " + i.getId() + " belongs to no subscription (" + (parent == null ? "no parent"
                                    : "its parent is " + parent.getType()) + "); only subscriptions' invoices change "
                                    + "a plan");
                }
                String subscription = parent.getSubscriptionDetails() == null ? null
                        : parent.getSubscriptionDetails().getSubscription();
                if (subscription == null) {
                    throw StripeMapping.payload("invoice " + i.getId() + " is a subscription's but names no subscription");
                }
                return new GatewayEvent.InvoiceSettled(id, type, created, i.getId(), i.getCustomer(), subscription,
                        type.equals("invoice.paid"));
            }
            case "customer.updated" -> {
                com.stripe.model.Customer c = object(event, com.stripe.model.Customer.class);
                if (c.getId() == null) {
                    throw StripeMapping.payload("the customer has no id");
                }
                return new GatewayEvent.CustomerUpdated(id, type, created, c.getId(),
                        StripeMapping.organization(c.getMetadata()), c.getEmail());
            }
            default -> {
                return new GatewayEvent.Unhandled(id, type, created);
            }
        }
    }

    /**
     * Refuses an event of another major API version than stripe-java's: its objects may have
     * another shape, and reading them with this stripe-java would silently lose fields. Versions
     * of one major release (the part after the last dot, such as {@code basil}) differ only in
     * compatible additions.
     */
    private static void checkApiVersion(Event event) {
        String version = event.getApiVersion();
        if (version == null || !major(version).equals(major(Stripe.API_VERSION))) {
            throw new WebhookRejectedException("WEBHOOK_API_VERSION_UNSUPPORTED",
                    "event " + event.getId() + " has the API version " + (version == null ? "(none)" : version)
                            + ", but billing reads " + Stripe.API_VERSION + " (any *." + major(Stripe.API_VERSION)
                            + " version)",
                    "create the webhook endpoint with the API version " + Stripe.API_VERSION
                            + " (Stripe dashboard, Developers, Webhooks)");
        }
    }

    private static String major(String version) {
        int dot = version.lastIndexOf('.');
        return dot < 0 ? "" : version.substring(dot + 1);
    }

    private static <T> T object(Event event, Class<T> type) {
        StripeObject o;
        try {
            if (event.getDataObjectDeserializer() == null) {
                throw StripeMapping.payload("event " + event.getId() + " has no data object");
            }
            o = event.getDataObjectDeserializer().deserializeUnsafe();
        } catch (EventDataObjectDeserializationException | RuntimeException e) {
            if (e instanceof WebhookRejectedException w) {
                throw w;
            }
            throw StripeMapping.payload("the data object of event " + event.getId() + " cannot be read");
        }
        if (!type.isInstance(o)) {
            throw StripeMapping.payload("event " + event.getId() + " of type " + event.getType() + " does not carry a "
                    + type.getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        return type.cast(o);
    }

    @Override
    public String toString() {
        return "StripeWebhookVerifier[signing secret hidden, tolerance " + toleranceSeconds + " s]";
    }
}
