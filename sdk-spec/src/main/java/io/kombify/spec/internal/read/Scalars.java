package io.kombify.spec.internal.read;

import java.math.BigInteger;

/**
 * Resolution of plain scalars by the YAML 1.2 core schema, written out by hand because it
 * runs for every value of every document.
 */
public final class Scalars {
    private Scalars() {
    }

    /** The resolved value of a plain scalar: {@code null}, Boolean, Long, BigInteger, Double or the String itself. */
    public static Object resolvePlain(String s) {
        int n = s.length();
        if (n == 0) {
            return null;
        }
        char c = s.charAt(0);
        switch (c) {
            case '~':
                return n == 1 ? null : s;
            case 'n': case 'N':
                return "null".equals(s) || "Null".equals(s) || "NULL".equals(s) ? null : s;
            case 't': case 'T':
                return "true".equals(s) || "True".equals(s) || "TRUE".equals(s) ? Boolean.TRUE : s;
            case 'f': case 'F':
                return "false".equals(s) || "False".equals(s) || "FALSE".equals(s) ? Boolean.FALSE : s;
            default:
                break;
        }
        if (c == '.' ) {
            if (".inf".equals(s) || ".Inf".equals(s) || ".INF".equals(s)) {
                return Double.POSITIVE_INFINITY;
            }
            if (".nan".equals(s) || ".NaN".equals(s) || ".NAN".equals(s)) {
                return Double.NaN;
            }
        }
        if (c != '+' && c != '-' && c != '.' && (c < '0' || c > '9')) {
            return s;
        }
        return resolveNumber(s);
    }

    /** Whether {@code s}, written plain, would read back as something other than that string. */
    public static boolean isSpecialPlain(String s) {
        return !(resolvePlain(s) instanceof String);
    }

    private static Object resolveNumber(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        char c = s.charAt(0);
        if (c == '+' || c == '-') {
            negative = c == '-';
            i = 1;
            if (n == 1) {
                return s;
            }
            String rest = s.substring(1);
            if (".inf".equals(rest) || ".Inf".equals(rest) || ".INF".equals(rest)) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
        }
        if (i == 0 && n > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'o')) {
            int radix = s.charAt(1) == 'x' ? 16 : 8;
            for (int k = 2; k < n; k++) {
                if (!isRadixDigit(s.charAt(k), radix)) {
                    return s;
                }
            }
            return integer(new BigInteger(s.substring(2), radix));
        }
        int digitsStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int intDigits = i - digitsStart;
        if (i == n) {
            if (intDigits == 0) {
                return s;
            }
            if (intDigits <= 18) {
                return Long.parseLong(s);
            }
            return integer(new BigInteger(s));
        }
        boolean fraction = false;
        int fracDigits = 0;
        if (s.charAt(i) == '.') {
            fraction = true;
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                fracDigits++;
            }
        }
        if (intDigits == 0 && fracDigits == 0) {
            return s;
        }
        if (intDigits == 0 && !fraction) {
            return s;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                return s;
            }
        }
        if (i != n) {
            return s;
        }
        return Double.parseDouble(s);
    }

    private static Object integer(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private static boolean isRadixDigit(char c, int radix) {
        if (radix == 8) {
            return c >= '0' && c <= '7';
        }
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
