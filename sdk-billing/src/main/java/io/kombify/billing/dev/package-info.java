/**
 * Billing without a payment provider: the {@link io.kombify.billing.dev.DevelopmentGateway}, which
 * keeps customers, checkouts and subscriptions in memory and charges nothing, and in-memory stores.
 * For development, demos and tests; a production server keeps its stores in its database.
 */
package io.kombify.billing.dev;
