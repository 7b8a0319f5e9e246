/**
 * Billing for callers: the {@link io.kombify.billing.Plans plan catalogue}, {@link
 * io.kombify.billing.Entitlements entitlements} that answer "may this organisation ...?" with a
 * reason when the answer is no, and the {@link io.kombify.billing.BillingService} that creates
 * customers, checkout and portal sessions through a gateway and turns verified webhooks into each
 * organisation's {@link io.kombify.billing.BillingState}.
 */
package io.kombify.billing;
