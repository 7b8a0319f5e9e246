package io.kombify.core;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of CPU, in thousandths of a core: {@code "1.5"} cores, {@code "2"}, or
 * {@code "500m"} (millicores).
 *
 * @param millis thousandths of a core, never negative
 */
public record CpuQuantity(long millis) implements Comparable<CpuQuantity> {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,3})?");
    private static final Pattern MILLIS = Pattern.compile("[0-9]{1,12}m");

    /** No CPU. */
    public static final CpuQuantity ZERO = new CpuQuantity(0);

    public CpuQuantity {
        if (millis < 0) {
            throw new IllegalArgumentException("a CPU amount cannot be negative: " + millis);
        }
    }

    /**
     * Parses {@code "1.5"}, {@code "2"} or {@code "500m"}.
     *
     * @throws KombifyException with code {@code QUANTITY_INVALID} when the text is not a CPU
     *     amount (more than three decimals included: a core cannot be split finer)
     */
    public static CpuQuantity parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        if (MILLIS.matcher(t).matches()) {
            return new CpuQuantity(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (DECIMAL.matcher(t).matches()) {
            return new CpuQuantity(new BigDecimal(t).movePointRight(3).longValueExact());
        }
        throw new KombifyException("QUANTITY_INVALID",
                "'" + text + "' is not a CPU amount; write cores such as \"1.5\" or millicores such as \"500m\"");
    }

    /** Whether {@link #parse} would accept {@code text}. */
    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        String t = text.trim();
        return MILLIS.matcher(t).matches() || DECIMAL.matcher(t).matches();
    }

    /** {@code cores} whole cores; throws {@link ArithmeticException} when that overflows a {@code long}. */
    public static CpuQuantity ofCores(long cores) {
        return new CpuQuantity(Math.multiplyExact(cores, 1000L));
    }

    /** The amount in cores. */
    public double cores() {
        return millis / 1000.0;
    }

    /** The sum; throws {@link ArithmeticException} when it overflows a {@code long}. */
    public CpuQuantity plus(CpuQuantity other) {
        return new CpuQuantity(Math.addExact(millis, other.millis));
    }

    @Override
    public int compareTo(CpuQuantity other) {
        return Long.compare(millis, other.millis);
    }

    /** Cores in decimal form without trailing zeros: {@code 1.5}, {@code 2}, {@code 0.25}. */
    @Override
    public String toString() {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }
}
