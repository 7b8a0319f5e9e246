package io.kombify.plugin.hetzner;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SSH public keys in OpenSSH format for tests: well-formed {@code ssh-ed25519} keys, one per comment. */
final class TestKeys {

    private TestKeys() {
    }

    /** An {@code ssh-ed25519} public key whose 32 key bytes derive from {@code comment}. */
    static String ed25519(String comment) {
        try {
            byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
            byte[] key = MessageDigest.getInstance("SHA-256").digest(comment.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            blob.writeBytes(ByteBuffer.allocate(4).putInt(type.length).array());
            blob.writeBytes(type);
            blob.writeBytes(ByteBuffer.allocate(4).putInt(key.length).array());
            blob.writeBytes(key);
            return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
