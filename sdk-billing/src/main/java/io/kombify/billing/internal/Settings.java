package io.kombify.billing.internal;

import io.kombify.billing.BillingException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of configuration values, failing with {@code BILLING_CONFIGURATION_INVALID} and the key. */
public final class Settings {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Settings() {
    }

    /** {@code 300s}, {@code 5m}, {@code 7d}, {@code 250ms} or ISO-8601 such as {@code PT5M}. */
    public static Duration duration(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(v);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            Duration d = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw invalid(key, "`" + value + "` is negative", "give a duration such as 300s, 5m or 7d");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(key, "`" + value + "` is not a duration", "give a duration such as 300s, 5m or 7d");
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    public static int integer(String key, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw invalid(key, "`" + value + "` is out of range", "give a number from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, "`" + value + "` is not a number", "give a number from " + min + " to " + max);
        }
    }

    /** {@code true} or {@code false}. */
    public static boolean bool(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw invalid(key, "`" + value + "` is not true or false", "write true or false");
    }

    /** A configuration error about {@code key}. */
    public static BillingException invalid(String key, String problem, String hint) {
        return new BillingException("BILLING_CONFIGURATION_INVALID", key + ": " + problem, hint);
    }
}
