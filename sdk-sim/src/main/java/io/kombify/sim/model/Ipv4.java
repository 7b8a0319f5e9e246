package io.kombify.sim.model;

import java.util.Objects;

/**
 * IPv4 arithmetic for the simulated networks: use it to test whether an address lies in a CIDR
 * block (as firewall rules with a network source do) or to pick host addresses out of a block.
 */
public final class Ipv4 {

    /** The home LAN when the spec sets no {@code network.internal.subnet}. */
    public static final String DEFAULT_HOME_SUBNET = "192.168.1.0/24";
    /** The carrier-grade NAT range VPN meshes such as Tailscale hand out. */
    public static final String VPN_SUBNET = "100.64.0.0/10";
    /** Where home sites' public addresses come from, one per site (TEST-NET-2, RFC 5737). */
    public static final String HOME_PUBLIC_RANGE = "198.51.100.0/24";
    /** Where cloud nodes' public addresses come from, one per node (TEST-NET-3, RFC 5737). */
    public static final String CLOUD_PUBLIC_RANGE = "203.0.113.0/24";
    /**
     * Where cloud nodes' public addresses come from once {@link #CLOUD_PUBLIC_RANGE} is used up
     * (the benchmarking range of RFC 2544, not routed on the internet either).
     */
    public static final String CLOUD_PUBLIC_OVERFLOW_RANGE = "198.18.0.0/15";
    /**
     * The address an internet client connects from (TEST-NET-1, RFC 5737): outside every site's
     * and node's public address, so only a rule for any source, or a CIDR covering it, admits it.
     */
    public static final String INTERNET_CLIENT_ADDRESS = "192.0.2.10";

    private Ipv4() {
    }

    /** Whether {@code address} lies inside {@code cidr}; {@code false} for a null or malformed value. */
    public static boolean contains(String cidr, String address) {
        if (cidr == null || address == null) {
            return false;
        }
        try {
            long[] block = parseCidr(cidr);
            long mask = mask((int) block[1]);
            return (parse(address) & mask) == (block[0] & mask);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The {@code index}-th host (1-based) of {@code cidr}, skipping {@code skip} when it is non-null. */
    public static String host(String cidr, int index, String skip) {
        long[] block = parseCidr(cidr);
        long base = block[0] & mask((int) block[1]);
        long skipped = -1;
        if (skip != null) {
            try {
                skipped = parse(skip);
            } catch (IllegalArgumentException e) {
                // A malformed gateway reserves nothing; the validator reports it.
                skipped = -1;
            }
        }
        long candidate = base + index;
        if (skipped > base && skipped <= candidate) {
            candidate++;
        }
        if (candidate >= base + size((int) block[1]) - 1) {
            throw new IllegalArgumentException(cidr + " has fewer than " + index + " host addresses");
        }
        return format(candidate);
    }

    /** The highest host address of {@code cidr} (the one below the broadcast address). */
    public static String lastHost(String cidr) {
        long[] block = parseCidr(cidr);
        long base = block[0] & mask((int) block[1]);
        return format(base + size((int) block[1]) - 2);
    }

    private static long size(int prefix) {
        return 1L << (32 - prefix);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static long[] parseCidr(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return new long[] {parse(cidr), 32};
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr);
        }
        return new long[] {parse(cidr.substring(0, slash)), prefix};
    }

    private static long parse(String address) {
        String[] parts = address.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        long value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + address, e);
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static String format(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }
}
