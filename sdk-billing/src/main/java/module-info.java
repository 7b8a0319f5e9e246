/**
 * Billing for kombify: plans and entitlements as data, a billing gateway SPI with a Stripe gateway
 * (stripe-java) and an in-memory development gateway, and webhook processing that verifies every
 * delivery, applies each event idempotently (a claim per event keeps concurrent deliveries apart)
 * and reaches the same state whatever order events arrive in.
 */
module io.kombify.billing {
    requires transitive io.kombify.core;
    // stripe-java has no module descriptor nor Automatic-Module-Name: its automatic module's name
    // comes from the jar's file name (see docs/adr/0010-billing.md).
    requires stripe.java;
    // stripe-java reads and writes its objects with Gson. An automatic module requires nothing, so
    // without this nothing would bring Gson into a module-path application.
    requires com.google.gson;

    exports io.kombify.billing;
    exports io.kombify.billing.spi;
    exports io.kombify.billing.stripe;
    exports io.kombify.billing.dev;
}
