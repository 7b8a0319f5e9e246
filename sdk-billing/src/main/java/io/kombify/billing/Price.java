package io.kombify.billing;

import java.util.Locale;
import java.util.Objects;

/**
 * What a plan costs: nothing, an amount per month, or a price agreed per contract.
 *
 * @param kind        free, monthly or custom
 * @param amountCents the monthly amount in the currency's smallest unit; 0 unless monthly
 * @param currency    ISO 4217 code in lower case, such as {@code usd}
 */
public record Price(Kind kind, long amountCents, String currency) {

    /** The kinds of price. */
    public enum Kind { FREE, MONTHLY, CUSTOM }

    public Price {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        currency = currency.toLowerCase(Locale.ROOT);
        if (kind == Kind.MONTHLY ? amountCents <= 0 : amountCents != 0) {
            throw new IllegalArgumentException("a monthly price has a positive amount, other prices none");
        }
    }

    /** $0. */
    public static Price free() {
        return new Price(Kind.FREE, 0, "usd");
    }

    /** {@code dollars} US dollars per month. */
    public static Price monthlyUsd(long dollars) {
        return new Price(Kind.MONTHLY, Math.multiplyExact(dollars, 100), "usd");
    }

    /** A price agreed per contract. */
    public static Price custom() {
        return new Price(Kind.CUSTOM, 0, "usd");
    }

    /** {@code $0}, {@code $29/month} or {@code custom price}. */
    public String describe() {
        return switch (kind) {
            case FREE -> "$0";
            case CUSTOM -> "custom price";
            case MONTHLY -> {
                String symbol = currency.equals("usd") ? "$" : currency.toUpperCase(Locale.ROOT) + " ";
                long units = amountCents / 100;
                long cents = amountCents % 100;
                yield symbol + units + (cents == 0 ? "" : String.format(Locale.ROOT, ".%02d", cents)) + "/month";
            }
        };
    }
}
