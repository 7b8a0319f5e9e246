package io.kombify.billing.internal;

import java.util.regex.Pattern;

/** Removes credentials from text before it reaches a message. */
public final class Redaction {
    // Stripe secret and restricted API keys and webhook signing secrets.
    private static final Pattern STRIPE_SECRET = Pattern.compile("\\b(sk|rk)_(test|live)_[A-Za-z0-9]+|\\bwhsec_[A-Za-z0-9_]+");

    private Redaction() {
    }

    /**
     * {@code text} with every occurrence of {@code secret} (when not blank) and everything shaped
     * like a Stripe secret key or signing secret replaced by {@code [redacted]}.
     */
    public static String redact(String text, char[] secret) {
        if (text == null) {
            return "";
        }
        String result = text;
        if (secret != null && secret.length > 0) {
            String s = new String(secret);
            if (!s.isBlank()) {
                result = result.replace(s, "[redacted]");
            }
        }
        return STRIPE_SECRET.matcher(result).replaceAll("[redacted]");
    }
}
