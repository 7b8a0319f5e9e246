package io.kombify.sim.cloud.hetzner;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** {@code /ssh_keys}: create, list, read, rename or relabel, delete. */
final class SshKeysApi {
    private static final Set<String> KEY_TYPES = Set.of("ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");

    private SshKeysApi() {
    }

    static void register(Routes routes) {
        routes.add("GET", "/ssh_keys", c -> {
            String fingerprint = c.query().first("fingerprint");
            return Routes.Reply.ok(Listing.page(c.query(), "ssh_keys", c.cloud().sshKeys.values().stream()
                            .filter(Listing.<SshKey>nameAndLabels(c.query()))
                            .filter(k -> fingerprint == null || fingerprint.equals(k.fingerprint)).toList(),
                    SshKey::id, Map.of("id", Comparator.comparingLong(SshKey::id), "name", Comparator.comparing(SshKey::name)),
                    SshKey::json));
        });
        routes.add("POST", "/ssh_keys", SshKeysApi::create);
        routes.add("GET", "/ssh_keys/{id}", c -> Routes.Reply.ok("ssh_key", c.cloud().sshKey(c.id("ssh_key")).json()));
        routes.add("PUT", "/ssh_keys/{id}", SshKeysApi::update);
        routes.add("DELETE", "/ssh_keys/{id}", c -> {
            SshKey key = c.cloud().sshKey(c.id("ssh_key"));
            c.cloud().sshKeys.remove(key.id());
            return Routes.Reply.noContent();
        });
    }

    private static Routes.Reply create(Routes.Call c) {
        Body b = c.json();
        String name = b.requiredString("name");
        String publicKey = b.requiredString("public_key");
        var labels = b.optionalLabels("labels");
        String fingerprint = null;
        if (publicKey != null) {
            fingerprint = fingerprint(publicKey);
            if (fingerprint == null) {
                b.fail("public_key", "invalid public key: expected '<type> <base64 key> [comment]' in OpenSSH format");
            }
        }
        b.check();
        Cloud cloud = c.cloud();
        if (Cloud.nameTaken(cloud.sshKeys, name, -1)) {
            throw ApiException.uniqueness("SSH key with the same name already exists", "name");
        }
        String fp = fingerprint;
        if (cloud.sshKeys.values().stream().anyMatch(k -> k.fingerprint.equals(fp))) {
            throw ApiException.uniqueness("SSH key with the same fingerprint already exists", "public_key");
        }
        SshKey key = new SshKey(cloud.newId(), name, publicKey.trim(), fingerprint, labels.orElse(Map.of()), cloud.now());
        cloud.sshKeys.put(key.id(), key);
        return Routes.Reply.created(Json.wrap("ssh_key", key.json()));
    }

    private static Routes.Reply update(Routes.Call c) {
        SshKey key = c.cloud().sshKey(c.id("ssh_key"));
        Body b = c.json();
        String name = b.optionalString("name");
        var labels = b.optionalLabels("labels");
        b.check();
        if (name != null && Cloud.nameTaken(c.cloud().sshKeys, name, key.id())) {
            throw ApiException.uniqueness("SSH key with the same name already exists", "name");
        }
        key.update(name, labels);
        return Routes.Reply.ok("ssh_key", key.json());
    }

    /** The MD5 fingerprint of an OpenSSH public key line ({@code aa:bb:...}), or {@code null} when it is not one. */
    static String fingerprint(String publicKey) {
        String[] parts = publicKey.trim().split("\\s+");
        if (parts.length < 2 || !KEY_TYPES.contains(parts[0])) {
            return null;
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (blob.length < 4) {
            return null;
        }
        int length = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (length < 0 || length > blob.length - 4
                || !new String(blob, 4, length, StandardCharsets.US_ASCII).equals(parts[0])) {
            return null;
        }
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(blob);
            StringJoiner hex = new StringJoiner(":");
            for (byte x : md5) {
                hex.add(String.format("%02x", x & 0xff));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
