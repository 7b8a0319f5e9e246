package io.kombify.billing.stripe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies by Stripe's documented scheme, independently of stripe-java:
 * {@code Stripe-Signature: t=<t>,v1=hex(HMAC-SHA256(secret, "<t>.<body>"))}.
 */
final class Signatures {
    private Signatures() {
    }

    static String v1(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(String secret, long t, String body) {
        return "t=" + t + ",v1=" + v1(secret, t, body);
    }
}
