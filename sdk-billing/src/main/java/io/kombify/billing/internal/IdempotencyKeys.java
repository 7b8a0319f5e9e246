package io.kombify.billing.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency keys derived from an operation and its inputs: the same request gets the same key,
 * so a gateway that saw it returns what it made the first time instead of making it again.
 */
public final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    /**
     * {@code kombify-<operation>-<32 hex digits>}, the digits a SHA-256 of the parts. Each part is
     * written with its length first, so no two different lists of parts give the same input.
     * {@code null} parts count as empty ones of their own kind.
     */
    public static String of(String operation, String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        sha.update(operation.getBytes(StandardCharsets.UTF_8));
        for (String part : parts) {
            byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) (part == null ? 0 : 1));
            sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) ':');
            sha.update(bytes);
        }
        byte[] digest = sha.digest();
        return "kombify-" + operation + "-" + HexFormat.of().formatHex(digest, 0, 16);
    }
}
