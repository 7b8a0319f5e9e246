package io.kombify.billing.spi;

import io.kombify.billing.Customer;
import java.util.Objects;

/**
 * What {@link BillingGateway#createCustomer} answers.
 *
 * @param customer the customer
 * @param replayed whether the gateway answered with the customer an earlier request with the same
 *                 idempotency key created (Stripe's {@code Idempotent-Replayed: true}), rather
 *                 than creating it for this request
 */
public record CreatedCustomer(Customer customer, boolean replayed) {
    public CreatedCustomer {
        Objects.requireNonNull(customer, "customer");
    }
}
