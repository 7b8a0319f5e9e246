package io.kombify.core;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory or disk, written the Kubernetes way with binary suffixes:
 * {@code 512Mi}, {@code 2Gi}, {@code 1Ti} (also {@code Ki}, {@code Pi}, or a bare number of
 * bytes).
 *
 * <p>Two sizes are equal when they are the same number of bytes, so {@code 2048Mi} equals
 * {@code 2Gi}; {@link #toString()} prints the largest unit that divides exactly.
 *
 * @param bytes never negative
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {
    private static final Pattern FORM = Pattern.compile("([0-9]{1,18})(Ki|Mi|Gi|Ti|Pi)?");
    private static final String[] UNITS = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};

    /** No bytes. */
    public static final ByteSize ZERO = new ByteSize(0);

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
    }

    /**
     * Parses {@code text} such as {@code 512Mi}.
     *
     * @throws KombifyException with code {@code QUANTITY_INVALID} when the text is not a size
     *     or does not fit in a {@code long}
     */
    public static ByteSize parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new KombifyException("QUANTITY_INVALID",
                    "'" + text + "' is not a size; write a whole number with Ki, Mi, Gi, Ti or Pi, such as 512Mi");
        }
        long value = Long.parseLong(m.group(1));
        int shift = 10 * unitIndex(m.group(2));
        if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
            throw new KombifyException("QUANTITY_INVALID", "'" + text + "' is too large");
        }
        return new ByteSize(value << shift);
    }

    /** Whether {@link #parse} would accept {@code text}. */
    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return false;
        }
        int shift = 10 * unitIndex(m.group(2));
        return shift == 0 || Long.parseLong(m.group(1)) <= (Long.MAX_VALUE >> shift);
    }

    /** {@code mebibytes} MiB; throws {@link ArithmeticException} when that overflows a {@code long}. */
    public static ByteSize ofMebibytes(long mebibytes) {
        return new ByteSize(Math.multiplyExact(mebibytes, 1L << 20));
    }

    /** {@code gibibytes} GiB; throws {@link ArithmeticException} when that overflows a {@code long}. */
    public static ByteSize ofGibibytes(long gibibytes) {
        return new ByteSize(Math.multiplyExact(gibibytes, 1L << 30));
    }

    private static int unitIndex(String unit) {
        if (unit == null) {
            return 0;
        }
        for (int i = 1; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalStateException(unit);
    }

    /** Size in whole mebibytes, rounded down. */
    public long mebibytes() {
        return bytes >> 20;
    }

    /** The sum; throws {@link ArithmeticException} when it overflows a {@code long}. */
    public ByteSize plus(ByteSize other) {
        return new ByteSize(Math.addExact(bytes, other.bytes));
    }

    /** The difference, or {@link #ZERO} when {@code other} is larger: a size never goes negative. */
    public ByteSize minus(ByteSize other) {
        return new ByteSize(Math.max(0, bytes - other.bytes));
    }

    @Override
    public int compareTo(ByteSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** The largest exact unit: {@code 2Gi}, {@code 1536Mi}, {@code 100}. */
    @Override
    public String toString() {
        if (bytes == 0) {
            return "0";
        }
        int unit = 0;
        long value = bytes;
        while (unit < UNITS.length - 1 && (value & 1023) == 0) {
            value >>= 10;
            unit++;
        }
        return value + UNITS[unit];
    }

    /** A rounded, human-friendly form such as {@code 1.5 GiB}, for reports. */
    public String toHumanString() {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        double value = bytes / (double) (1L << (10 * unit));
        String text = value == Math.rint(value)
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
        return text + " " + UNITS[unit] + "B";
    }
}
