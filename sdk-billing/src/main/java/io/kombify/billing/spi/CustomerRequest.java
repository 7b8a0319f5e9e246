package io.kombify.billing.spi;

import io.kombify.billing.OrganizationId;
import java.util.Objects;

/**
 * What a gateway needs to create the customer of an organisation.
 *
 * @param organization   the organisation; the gateway records it in the customer's metadata
 * @param email          the address invoices go to, or {@code null}
 * @param name           the name on invoices, or {@code null}
 * @param idempotencyKey the same for a retried request, so a retry never creates a second customer
 */
public record CustomerRequest(OrganizationId organization, String email, String name, String idempotencyKey) {
    public CustomerRequest {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
