package io.kombify.billing;

import java.time.Instant;
import java.util.Objects;

/**
 * An organisation's customer at the billing gateway.
 *
 * @param id           the gateway's id, such as {@code cus_...}
 * @param organization the organisation it belongs to
 * @param email        where invoices go, or {@code null}
 * @param created      when it was linked to the organisation: for a customer the gateway just created
 *                     or found, when the gateway created it; for one billing already knew (as
 *                     {@code BillingService.ensureCustomer} answers it), the time of the newest
 *                     observation that linked it (its creation, a {@code customer.updated}, a
 *                     checkout or a subscription's metadata), which is not its creation time once
 *                     it was linked again
 */
public record Customer(String id, OrganizationId organization, String email, Instant created) {
    public Customer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(created, "created");
    }
}
