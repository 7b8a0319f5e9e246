package io.kombify.billing;

import java.net.URI;
import java.util.Objects;

/**
 * A session of the gateway's customer portal, where a customer changes payment methods and plans,
 * sees invoices and cancels: send them to {@link #url()}.
 *
 * @param id  the gateway's id, such as {@code bps_...}
 * @param url the portal page
 */
public record PortalSession(String id, URI url) {
    public PortalSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
    }
}
