package io.kombify.spec.internal.validate;

/**
 * IPv4 addresses and CIDR blocks as written in a spec, parsed without exceptions: the
 * schema's regexes only check the shape ({@code 999.1.1.1/40} passes them), so the numbers
 * are checked here.
 */
final class Ipv4 {
    /** The RFC 1918 blocks: network address and prefix length. */
    static final long[][] PRIVATE_BLOCKS = {
        {address(10, 0, 0, 0), 8},
        {address(172, 16, 0, 0), 12},
        {address(192, 168, 0, 0), 16},
    };
    static final String PRIVATE_BLOCK_NAMES = "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16";

    private Ipv4() {
    }

    private static long address(int a, int b, int c, int d) {
        return ((long) a << 24) | ((long) b << 16) | ((long) c << 8) | d;
    }

    /** A parse result: the value, or why it is not one. */
    record Parsed(long address, int prefix, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /**
     * {@code text} as an address ({@code withPrefix} false) or a CIDR block; the problem is a
     * phrase such as {@code octet 300 is above 255}.
     */
    static Parsed parse(String text, boolean withPrefix) {
        String addressPart = text;
        int prefix = 32;
        if (withPrefix) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                return new Parsed(0, 0, "the prefix length is missing");
            }
            addressPart = text.substring(0, slash);
            Integer p = number(text.substring(slash + 1));
            if (p == null) {
                return new Parsed(0, 0, "the prefix length is not a number");
            }
            if (p > 32) {
                return new Parsed(0, 0, "prefix /" + p + " is longer than 32");
            }
            prefix = p;
        }
        String[] parts = addressPart.split("\\.", -1);
        if (parts.length != 4) {
            return new Parsed(0, 0, "an IPv4 address has four octets");
        }
        long value = 0;
        for (String part : parts) {
            Integer octet = number(part);
            if (octet == null) {
                return new Parsed(0, 0, "octet `" + part + "` is not a number");
            }
            if (octet > 255) {
                return new Parsed(0, 0, "octet " + octet + " is above 255");
            }
            value = (value << 8) | octet;
        }
        return new Parsed(value, prefix, null);
    }

    private static Integer number(String s) {
        if (s.isEmpty() || s.length() > 3) {
            return null;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** Whether the block {@code address/prefix} lies inside {@code block}. */
    static boolean within(long address, int prefix, long blockAddress, int blockPrefix) {
        return prefix >= blockPrefix && (address & mask(blockPrefix)) == blockAddress;
    }

    /** The RFC 1918 block that contains {@code address} (any prefix), or {@code null}. */
    static long[] privateBlockOf(long address) {
        for (long[] block : PRIVATE_BLOCKS) {
            if ((address & mask((int) block[1])) == block[0]) {
                return block;
            }
        }
        return null;
    }

    static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }
}
