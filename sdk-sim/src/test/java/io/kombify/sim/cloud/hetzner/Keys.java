package io.kombify.sim.cloud.hetzner;

/** OpenSSH public keys for tests (key material of no one). */
final class Keys {
    static final String ED25519 = ed25519(1000);
    static final String ED25519_OTHER = ed25519(1001);

    private Keys() {
    }

    /** A distinct, well-formed ed25519 public key for each {@code n}. */
    static String ed25519(int n) {
        java.nio.ByteBuffer blob = java.nio.ByteBuffer.allocate(4 + 11 + 4 + 32);
        blob.putInt(11).put("ssh-ed25519".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(32);
        for (int i = 0; i < 32; i++) {
            blob.put((byte) (n * 31 + i));
        }
        return "ssh-ed25519 " + java.util.Base64.getEncoder().encodeToString(blob.array()) + " key-" + n;
    }
}
