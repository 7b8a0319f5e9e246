package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ssh_key}: an SSH public key registered with Hetzner ({@code /ssh_keys}). Attributes:
 * {@code name} (required; changes in place), the key as {@code publicKey} or read from the file
 * {@code publicKeyPath} ({@code ~} is the home directory), and {@code labels} (changes in place).
 * A new key replaces the registered one, and so does a key file whose key is no longer the one
 * registered: a read then reports {@code publicKeyPath} with a note that Hetzner holds another
 * key (a file that cannot be read at the time is taken as unchanged). Outputs: {@code id},
 * {@code fingerprint}.
 */
final class SshKeys extends Handler {

    SshKeys(HetznerClient api, References refs) {
        super(api, refs);
    }

    @Override
    public ResourceType type() {
        return ResourceType.SSH_KEY;
    }

    @Override
    public ResourceTypeSupport support() {
        return new ResourceTypeSupport(type(), Set.of("name", "labels"), false);
    }

    @Override
    String collection() {
        return "ssh_keys";
    }

    @Override
    String singular() {
        return "ssh_key";
    }

    @Override
    boolean hasActions() {
        return false;
    }

    @Override
    Map<String, Object> make(CreateRequest request, Attrs attrs) {
        String name = attrs.requiredString("name");
        String key = publicKey(request.id(), attrs);
        Map<String, Object> body = Json.object("name", name, "public_key", key,
                "labels", Labels.forResource(request.id(), request.attributes(), request.context()));
        try {
            return Json.obj(api.post(collection(), body), singular());
        } catch (ProviderException e) {
            if (!HetznerClient.NAME_TAKEN.equals(e.code())) {
                throw e;
            }
            throw new ProviderException(e.kind(), e.code(), e.getMessage()
                    + ". Hetzner Cloud keeps each SSH key name and each public key once per project: "
                    + "an SSH key named " + name + " or holding the same public key is already registered "
                    + "(see `hcloud ssh-key list`); remove it or use another key", e.retryAfter().orElse(null), e);
        }
    }

    @Override
    void change(UpdateRequest request, Map<String, Object> current, Attrs desired, Set<String> changed) {
        api.put(collection() + "/" + Json.id(current), Json.object("name", desired.requiredString("name"),
                "labels", relabel(request.id(), current, request.desired(), request.context())));
    }

    @Override
    Map<String, Object> observe(Map<String, Object> object, Map<String, Object> recorded, boolean lookup, String stack) {
        Map<String, Object> a = new LinkedHashMap<>(recorded);
        Json.str(object, "name").ifPresent(n -> a.put("name", n));
        String actual = Json.str(object, "public_key").orElse("");
        Object wanted = recorded.get("publicKey");
        if (wanted instanceof String w && sameKey(w, actual)) {
            a.put("publicKey", w);
        } else if (wanted != null || lookup) {
            a.put("publicKey", actual);
        } else if (recorded.get("publicKeyPath") instanceof String path) {
            fileKey(path).filter(k -> !sameKey(k, actual)).ifPresent(k -> a.put("publicKeyPath", path
                    + " (Hetzner Cloud holds another key: " + Json.str(object, "fingerprint").orElse("?") + ")"));
        }
        observeLabels(a, object, recorded);
        return a;
    }

    /** Whether two public keys are the same key: type and key data, whatever their comments. */
    private static boolean sameKey(String a, String b) {
        String[] x = a.trim().split("\\s+");
        String[] y = b.trim().split("\\s+");
        return x.length >= 2 && y.length >= 2 ? x[0].equals(y[0]) && x[1].equals(y[1]) : a.trim().equals(b.trim());
    }

    /** The key in a key file, or empty when the file cannot be read now. */
    private static Optional<String> fileKey(String path) {
        try {
            return Optional.of(publicKey(ResourceId.of(ResourceType.SSH_KEY, "recorded"),
                    new Attrs(ResourceId.of(ResourceType.SSH_KEY, "recorded"), Map.of("publicKeyPath", path))));
        } catch (ProviderException e) {
            return Optional.empty();
        }
    }

    @Override
    Map<String, Object> outputs(Map<String, Object> object) {
        return Json.object("id", Json.id(object), "fingerprint", Json.str(object, "fingerprint").orElse(null));
    }

    /** The public key the attributes give, from {@code publicKey} or the file {@code publicKeyPath}. */
    static String publicKey(ResourceId id, Attrs attrs) {
        Optional<String> inline = attrs.string("publicKey");
        if (inline.isPresent()) {
            return inline.get().trim();
        }
        String pathText = attrs.string("publicKeyPath").orElseThrow(() -> attrs.invalid("publicKey",
                "is required: give the key as publicKey, or the file that holds it as publicKeyPath; in a spec, set "
                        + "ssh.key_path on a node with this provider (the public key is read from KEY_PATH.pub)"));
        Path path;
        try {
            path = pathText.equals("~") || pathText.startsWith("~/")
                    ? Path.of(System.getProperty("user.home"), pathText.substring(1).replaceFirst("^/", ""))
                    : Path.of(pathText);
        } catch (InvalidPathException e) {
            throw attrs.invalid("publicKeyPath", "is not a path: " + pathText);
        }
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8).trim();
            if (text.isEmpty() || text.contains("PRIVATE KEY")) {
                throw attrs.invalid("publicKeyPath", "names " + path + ", which " + (text.isEmpty() ? "is empty"
                        : "holds a private key, not a public one (use the .pub file)"));
            }
            return text;
        } catch (IOException e) {
            throw new ProviderException(ErrorKind.INVALID, ErrorKind.INVALID.code(), "attribute publicKeyPath of " + id
                    + " names " + path + ", which cannot be read (" + e.getClass().getSimpleName() + "); create the key with "
                    + "ssh-keygen or point the node's ssh.key_path at an existing key", null, e);
        }
    }
}
