package io.kombify.spec.internal.validate;

import java.util.Locale;

/**
 * "Did you mean" suggestions and fixed-up names. Distances are optimal string alignment
 * (Levenshtein plus adjacent transpositions), so {@code nsa} finds {@code nas}.
 */
public final class Suggest {
    private Suggest() {
    }

    /**
     * The candidate closest to {@code input}, or {@code null} when none is close enough
     * (at most a third of the input's length apart, and at least one edit allowed).
     * Case differences alone always count as close.
     */
    public static String closest(String input, Iterable<String> candidates) {
        if (input == null || input.isEmpty()) {
            return null;
        }
        int limit = Math.max(1, Math.min(3, input.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c == null || c.equals(input)) {
                continue;
            }
            if (c.equalsIgnoreCase(input)) {
                return c;
            }
            if (Math.abs(c.length() - input.length()) > limit) {
                continue;
            }
            int d = distance(input, c, Math.min(limit, bestDistance - 1));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /**
     * Optimal string alignment distance between {@code a} and {@code b}, or a value above
     * {@code max} as soon as the distance is known to exceed it.
     */
    static int distance(String a, String b, int max) {
        if (max < 0) {
            return Integer.MAX_VALUE;
        }
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > max) {
            return max + 1;
        }
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= m; j++) {
                char cb = b.charAt(j - 1);
                int cost = ca == cb ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }

    /**
     * {@code name} turned into a valid DNS label ({@code My_Lab} to {@code my-lab}), or
     * {@code null} when nothing sensible remains.
     */
    public static String dnsName(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean letter = c >= 'a' && c <= 'z';
            boolean digit = c >= '0' && c <= '9';
            if (b.length() == 0) {
                if (letter) {
                    b.append(c);
                }
                continue;
            }
            if (letter || digit) {
                b.append(c);
            } else if (b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
        }
        if (b.length() > 63) {
            b.setLength(63);
        }
        while (b.length() > 0 && b.charAt(b.length() - 1) == '-') {
            b.setLength(b.length() - 1);
        }
        return b.length() >= 2 ? b.toString() : null;
    }
}
