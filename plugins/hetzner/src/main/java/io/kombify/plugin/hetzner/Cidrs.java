package io.kombify.plugin.hetzner;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP ranges in CIDR notation, as Hetzner writes them: parsed without any name lookup (only
 * literal addresses are accepted), compared by the network they denote, and written in canonical
 * form (RFC 5952 for IPv6, as the API does).
 */
final class Cidrs {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private Cidrs() {
    }

    /** A parsed range: address bytes (4 or 16) and prefix length. */
    record Cidr(byte[] address, int prefix) {

        /** The network address (host bits cleared) and prefix, canonically written. */
        String canonical() {
            byte[] network = address.clone();
            for (int bit = prefix; bit < network.length * 8; bit++) {
                network[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
            }
            try {
                String text = InetAddress.getByAddress(network).getHostAddress();
                return (network.length == 16 && text.indexOf('.') < 0 ? compressIpv6(text) : text) + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code text} as a range: {@code a.b.c.d/n}, an IPv6 range, or a single address (a /32 or /128). */
    static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes;
        if (IPV4.matcher(addr).matches()) {
            String[] parts = addr.split("\\.");
            bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) v;
            }
        } else if (IPV6.matcher(addr).matches()) {
            try {
                bytes = InetAddress.getByName(addr).getAddress();
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
            if (bytes.length != 16) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(bytes, prefix));
    }

    /** Whether the two texts denote the same network; texts that are no ranges compare as text. */
    static boolean same(String a, String b) {
        Optional<Cidr> x = parse(a);
        Optional<Cidr> y = parse(b);
        if (x.isPresent() && y.isPresent()) {
            return x.get().canonical().equals(y.get().canonical());
        }
        return a.equals(b);
    }

    /** The canonical form of a range, or the text itself when it is none. */
    static String canonical(String text) {
        return parse(text).map(Cidr::canonical).orElse(text);
    }

    /** The first host address of an IPv4 range ({@code 10.0.0.1} for {@code 10.0.0.0/16}), or {@code null}. */
    static String firstHost(String range) {
        Optional<Cidr> c = parse(range);
        if (c.isEmpty() || c.get().address().length != 4) {
            return null;
        }
        String network = c.get().canonical();
        String base = network.substring(0, network.indexOf('/'));
        long value = new BigInteger(1, parse(base).orElseThrow().address()).longValue() + 1;
        return ((value >> 24) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 8) & 0xff) + "." + (value & 0xff);
    }

    /** RFC 5952: lower case, leading zeros dropped, the longest run of zero groups as {@code ::}. */
    private static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < groups.length; i++) {
            groups[i] = Integer.toHexString(Integer.parseInt(groups[i], 16));
        }
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLength && j - i > 1) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
