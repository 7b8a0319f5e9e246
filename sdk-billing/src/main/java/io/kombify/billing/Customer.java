package io.kombify.billing;

import java.time.Instant;
import java.util.Objects;

/**
 * An organisation's customer at the billing gateway.
 *
 * @param id           the gateway's id, such as {@code cus_...}
 * @param organization the organisation it belongs to
 * @param email        where invoices go, or {@code null}
 * @param created      when the gateway created it
 */
public record Customer(String id, OrganizationId organization, String email, Instant created) {
    public Customer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(created, "created");
    }
}
