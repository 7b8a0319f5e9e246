package io.kombify.billing.spi;

import io.kombify.billing.OrganizationId;
import java.util.Objects;
import java.util.Optional;

/**
 * What billing knows about one gateway customer, kept by a {@link SubscriptionStore}: which
 * organisation it belongs to and its e-mail address, each the newest observation (see
 * {@link Observed}; the organisation in {@link ObservationKey#LINK_ORDER}, so that what the customer
 * itself says outranks a subscription's metadata).
 *
 * @param customerId   the gateway's customer id
 * @param organization the organisation, or {@code null} while no observation named one
 * @param email        the e-mail address, or {@code null}
 */
public record CustomerRecord(String customerId, Observed<OrganizationId> organization, Observed<String> email) {

    public CustomerRecord {
        Objects.requireNonNull(customerId, "customerId");
    }

    /** A customer nothing is known about yet. */
    public static CustomerRecord empty(String customerId) {
        return new CustomerRecord(customerId, null, null);
    }

    /** This record merged with an observation of its organisation, in {@link ObservationKey#LINK_ORDER}. */
    public CustomerRecord withOrganization(OrganizationId org, ObservationKey key) {
        return new CustomerRecord(customerId,
                Observed.newer(organization, new Observed<>(org, key), ObservationKey.LINK_ORDER), email);
    }

    /** This record merged with an observation of its e-mail address. */
    public CustomerRecord withEmail(String address, ObservationKey key) {
        return new CustomerRecord(customerId, organization, Observed.newer(email, new Observed<>(address, key)));
    }

    /** The organisation, if known. */
    public Optional<OrganizationId> organizationId() {
        return organization == null ? Optional.empty() : Optional.of(organization.value());
    }
}
