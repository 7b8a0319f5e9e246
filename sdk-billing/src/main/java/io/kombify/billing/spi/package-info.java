/**
 * For implementers: the {@link io.kombify.billing.spi.BillingGateway} a payment provider is reached
 * through, the {@link io.kombify.billing.spi.WebhookVerifier} that turns its signed deliveries
 * into {@link io.kombify.billing.spi.GatewayEvent}s, and the two stores billing keeps its state in
 * ({@link io.kombify.billing.spi.ProcessedEventStore}, {@link io.kombify.billing.spi.SubscriptionStore}).
 * In-memory implementations are in {@code io.kombify.billing.dev}; the contract tests every
 * implementation must pass are in this module's test-jar ({@code io.kombify.billing.testing}).
 */
package io.kombify.billing.spi;
