package io.kombify.sim.cloud.hetzner;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 network in CIDR notation ({@code 10.0.1.0/24}), as networks, subnets and routes use them. */
record Ipv4Range(long base, int prefix) {
    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** Parses {@code a.b.c.d/n} whose host bits are zero; {@code null} when it is not one. */
    static Ipv4Range parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        Long address = address(text.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (address == null || prefix < 0 || prefix > 32) {
            return null;
        }
        Ipv4Range range = new Ipv4Range(address, prefix);
        return (address & range.mask()) == address ? range : null;
    }

    /** Parses a dotted IPv4 address; {@code null} when it is not one. */
    static Long address(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ADDRESS.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return null;
            }
            value = value << 8 | octet;
        }
        return value;
    }

    static String format(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }

    long mask() {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    long size() {
        return 1L << (32 - prefix);
    }

    long last() {
        return base + size() - 1;
    }

    boolean contains(long address) {
        return address >= base && address <= last();
    }

    boolean contains(Ipv4Range other) {
        return other.base >= base && other.last() <= last();
    }

    boolean overlaps(Ipv4Range other) {
        return base <= other.last() && other.base <= last();
    }

    /** Whether it lies in the private ranges of RFC 1918, as networks must. */
    boolean isPrivate() {
        return parse("10.0.0.0/8").contains(this) || parse("172.16.0.0/12").contains(this) || parse("192.168.0.0/16").contains(this);
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }
}
