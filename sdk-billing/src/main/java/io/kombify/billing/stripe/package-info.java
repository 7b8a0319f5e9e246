/**
 * Billing through Stripe, built on stripe-java: the {@link io.kombify.billing.stripe.StripeGateway}
 * (customers, Checkout, the customer portal, subscriptions, invoices) and the
 * {@link io.kombify.billing.stripe.StripeWebhookVerifier} ({@code Stripe-Signature}). Each gateway
 * has its own stripe-java client; nothing here touches stripe-java's global settings.
 */
package io.kombify.billing.stripe;
