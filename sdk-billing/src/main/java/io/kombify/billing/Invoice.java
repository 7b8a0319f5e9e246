package io.kombify.billing;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * An invoice of an organisation's customer.
 *
 * @param id          the gateway's id, such as {@code in_...}
 * @param number      the number printed on it, or {@code null} while it is a draft
 * @param status      the gateway's status: {@code draft}, {@code open}, {@code paid}, {@code uncollectible}, {@code void}
 * @param amountDue   the amount due in the currency's smallest unit
 * @param amountPaid  the amount paid in the currency's smallest unit
 * @param currency    ISO 4217 code in lower case
 * @param created     when it was created
 * @param hostedUrl   the page where it can be seen and paid, or {@code null}
 */
public record Invoice(String id, String number, String status, long amountDue, long amountPaid, String currency,
                      Instant created, URI hostedUrl) {
    public Invoice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(created, "created");
    }
}
