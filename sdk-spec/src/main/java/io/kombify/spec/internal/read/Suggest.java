package io.kombify.spec.internal.read;

import java.util.List;
import java.util.Locale;

/** "Did you mean" for misspelt field names and enum values. */
public final class Suggest {
    private static final int MAX_DISTANCE = 2;

    private Suggest() {
    }

    /**
     * The candidate {@code wrong} most likely stands for: the same word in another case or
     * spelling style ({@code key_path} for {@code keyPath}), else the nearest within an edit
     * distance of two (transpositions count as one edit). {@code null} when nothing is close.
     */
    public static String closest(String wrong, List<String> candidates) {
        String folded = fold(wrong);
        for (String c : candidates) {
            if (fold(c).equals(folded)) {
                return c;
            }
        }
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        String lower = wrong.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(lower, c.toLowerCase(Locale.ROOT), bestDistance);
            if (d < bestDistance && d < c.length()) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String fold(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '_' && ch != '-') {
                sb.append(Character.toLowerCase(ch));
            }
        }
        return sb.toString();
    }

    /** Optimal string alignment distance, or {@code limit} when it is at least that. */
    static int distance(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) >= limit) {
            return limit;
        }
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return Math.min(d[n][m], limit);
    }
}
