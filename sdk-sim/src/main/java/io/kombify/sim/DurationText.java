package io.kombify.sim;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations the way people write them on a command line or in an annotation: {@code 90s},
 * {@code 10m}, {@code 2h30m}, {@code 1d}, {@code 250ms}, or ISO-8601 such as {@code PT1H}. Use it
 * to read a simulation length or a fault time from text, and to print virtual times compactly.
 */
public final class DurationText {

    private DurationText() {
    }

    /**
     * The duration {@code text} spells: one or more number-unit pairs with units {@code d},
     * {@code h}, {@code m}, {@code s} or {@code ms} (seconds may have up to three decimals, such
     * as {@code 4.25s}), or an ISO-8601 duration.
     *
     * @throws IllegalArgumentException if {@code text} is not such a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text);
        }
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && Character.isDigit(t.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 12) {
                throw invalid(text);
            }
            long value = Long.parseLong(t.substring(start, i));
            if (i < t.length() && t.charAt(i) == '.') {
                int fraction = ++i;
                while (i < t.length() && Character.isDigit(t.charAt(i))) {
                    i++;
                }
                if (i == fraction || i - fraction > 3 || i >= t.length() || t.charAt(i) != 's' || t.startsWith("ms", i)) {
                    throw invalid(text);
                }
                String millis = (t.substring(fraction, i) + "00").substring(0, 3);
                total = total.plusSeconds(value).plusMillis(Long.parseLong(millis));
                i++;
                continue;
            }
            if (t.startsWith("ms", i)) {
                total = total.plusMillis(value);
                i += 2;
                continue;
            }
            if (i == t.length()) {
                throw invalid(text);
            }
            total = switch (t.charAt(i)) {
                case 'd' -> total.plusDays(value);
                case 'h' -> total.plusHours(value);
                case 'm' -> total.plusMinutes(value);
                case 's' -> total.plusSeconds(value);
                default -> throw invalid(text);
            };
            i++;
        }
        return total;
    }

    /** {@code d} compactly, such as {@code 2h30m}, {@code 1m4.25s} or {@code 0s}; the inverse of {@link #parse} for whole milliseconds. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long days = ms / 86_400_000L;
        long hours = ms / 3_600_000L % 24;
        long minutes = ms / 60_000L % 60;
        long seconds = ms / 1000 % 60;
        long millis = ms % 1000;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 || millis > 0) {
            out.append(seconds);
            if (millis > 0) {
                String frac = String.format(Locale.ROOT, "%03d", millis);
                out.append('.').append(frac.replaceAll("0+$", ""));
            }
            out.append('s');
        }
        return out.toString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not a duration: '" + text + "' (write it like 90s, 10m, 2h30m or 1d)");
    }
}
