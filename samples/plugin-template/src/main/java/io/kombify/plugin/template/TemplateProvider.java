package io.kombify.plugin.template;

import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Keeps {@code file} resources in a directory: attribute {@code path} (relative to the directory)
 * names the file, attribute {@code content} is its text and can change in place; a new
 * {@code path} replaces the file. The provider identifier is the normalised relative path.
 *
 * <p>Beside the files, in {@code .kombify-template/}, the provider keeps what the contract needs:
 * for each file an owner record (the idempotency key of the create that made it, the ownership
 * labels, whether its content is secret), and for each key the path it made. A create with a key
 * seen before returns that file, and {@link #lookup} finds it. The owner record and the key are
 * written before the file, so a create interrupted half-way is finished by its retry.
 *
 * <p>Content marked sensitive holds a {@code secret://} reference: the provider resolves it only to
 * write the file and never returns it. Calls are serialised on the instance, so one provider is
 * safe to share between the executor's threads (two providers on one directory are not).
 */
public final class TemplateProvider implements Provider {

    /** The provider name resources refer to. */
    public static final String NAME = "template";
    /** The provider's version, the same as the plugin's {@code Plugin-Version}. */
    public static final String VERSION = "0.1.0";
    /** The one resource type it manages. */
    public static final ResourceType FILE = new ResourceType("file");

    private static final String META = ".kombify-template";
    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(NAME, VERSION,
            List.of(new ResourceTypeSupport(FILE, Set.of("content"), false)), Optional.empty());

    private final Path root;
    private final Path owners;
    private final Path keys;

    /**
     * A provider keeping files under {@code root}, which it creates if needed.
     *
     * @throws IOException when the directory cannot be created
     */
    public TemplateProvider(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.owners = Files.createDirectories(this.root.resolve(META).resolve("owners"));
        this.keys = Files.createDirectories(this.root.resolve(META).resolve("keys"));
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public synchronized Optional<ResourceState> read(ReadRequest request) {
        return state(relative(request.providerId()));
    }

    @Override
    public synchronized ResourceState create(CreateRequest request) {
        String path = relative(attribute(request.attributes(), "path"));
        boolean secret = request.sensitive().contains("content");
        byte[] content = content(request.attributes(), secret, request.context());
        try {
            Optional<ResourceState> earlier = madeWith(request.idempotencyKey());
            if (earlier.isPresent()) {
                return earlier.get();
            }
            Path file = root.resolve(path);
            if (Files.exists(file)) {
                throw new ProviderException(ErrorKind.INVALID, "TEMPLATE_PATH_TAKEN", "cannot create "
                        + request.id() + ": " + path + " exists and was not made by this create", null, null);
            }
            Properties owner = new Properties();
            owner.setProperty("key", request.idempotencyKey());
            owner.setProperty("secret", Boolean.toString(secret));
            request.context().ownershipLabels().forEach((k, v) -> owner.setProperty("label." + k, v));
            writeOwner(path, owner);
            write(keys.resolve(hash(request.idempotencyKey())), path.getBytes(StandardCharsets.UTF_8));
            write(file, content);
            return state(path).orElseThrow();
        } catch (IOException e) {
            throw ioFailure("create " + request.id(), e);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    @Override
    public synchronized ResourceState update(UpdateRequest request) {
        if (request.changed().contains("path")) {
            throw new ProviderException(ErrorKind.INVALID, "cannot update " + request.id()
                    + ": a new path replaces the file");
        }
        String path = relative(request.providerId());
        boolean secret = request.sensitive().contains("content");
        byte[] content = content(request.desired(), secret, request.context());
        try {
            Properties owner = readOwner(path).orElse(null);
            if (owner == null || !Files.exists(root.resolve(path))) {
                throw new ProviderException(ErrorKind.NOT_FOUND, "cannot update " + request.id() + ": " + path
                        + " does not exist");
            }
            owner.setProperty("secret", Boolean.toString(secret));
            writeOwner(path, owner);
            write(root.resolve(path), content);
            return state(path).orElseThrow();
        } catch (IOException e) {
            throw ioFailure("update " + request.id(), e);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    @Override
    public synchronized void delete(DeleteRequest request) {
        String path = relative(request.providerId());
        try {
            Files.deleteIfExists(root.resolve(path));
            Optional<Properties> owner = readOwner(path);
            if (owner.isPresent()) {
                Files.deleteIfExists(keys.resolve(hash(owner.get().getProperty("key", ""))));
                Files.deleteIfExists(ownerFile(path));
            }
        } catch (IOException e) {
            throw ioFailure("delete " + request.id(), e);
        }
    }

    @Override
    public synchronized Optional<ResourceState> lookup(LookupRequest request) {
        try {
            return madeWith(request.idempotencyKey());
        } catch (IOException e) {
            throw ioFailure("look up " + request.id(), e);
        }
    }

    /** The file a create with this key made, if it still exists. */
    private Optional<ResourceState> madeWith(String key) throws IOException {
        Path entry = keys.resolve(hash(key));
        if (!Files.exists(entry)) {
            return Optional.empty();
        }
        String path = Files.readString(entry, StandardCharsets.UTF_8);
        Optional<Properties> owner = readOwner(path);
        if (owner.isEmpty() || !key.equals(owner.get().getProperty("key"))) {
            return Optional.empty();
        }
        return state(path);
    }

    private Optional<ResourceState> state(String path) {
        Path file = root.resolve(path);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            boolean secret = readOwner(path).map(o -> Boolean.parseBoolean(o.getProperty("secret"))).orElse(false);
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("path", path);
            if (!secret) {
                attributes.put("content", Files.readString(file, StandardCharsets.UTF_8));
            }
            return Optional.of(new ResourceState(path, attributes, Map.of("file", file.toString())));
        } catch (IOException e) {
            throw ioFailure("read " + path, e);
        }
    }

    /** The file's text; a sensitive one is resolved through the context's secrets, only now. */
    private static byte[] content(Map<String, Object> attributes, boolean secret, ProviderContext context) {
        String value = attribute(attributes, "content");
        if (!secret) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        if (!SecretRef.isReference(value)) {
            throw new ProviderException(ErrorKind.INVALID, "sensitive content must be a secret:// reference");
        }
        try {
            Secret s = context.secrets().resolve(SecretRef.parse(value));
            char[] chars = s.reveal();
            try {
                ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
                byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);
                Arrays.fill(encoded.array(), (byte) 0);
                return bytes;
            } finally {
                Arrays.fill(chars, '\0');
            }
        } catch (ProviderException e) {
            throw e;
        } catch (KombifyException e) {
            throw new ProviderException(ErrorKind.INVALID, e.code(), e.getMessage(), null, e);
        }
    }

    private static String attribute(Map<String, Object> attributes, String name) {
        if (attributes.get(name) instanceof String s) {
            return s;
        }
        throw new ProviderException(ErrorKind.INVALID, "attribute " + name + " must be a string");
    }

    /** The normalised path under the root, or INVALID when it leaves the root or names the provider's records. */
    private String relative(String path) {
        Path p;
        try {
            p = Path.of(path).normalize();
        } catch (InvalidPathException e) {
            throw new ProviderException(ErrorKind.INVALID, "path " + path + " is not a valid file name");
        }
        String text = p.toString().replace('\\', '/');
        if (path.isBlank() || p.isAbsolute() || text.isEmpty() || text.equals("..") || text.startsWith("../")
                || !root.resolve(p).normalize().startsWith(root)) {
            throw new ProviderException(ErrorKind.INVALID, "path " + path + " must stay inside the template root");
        }
        if (text.equals(META) || text.startsWith(META + "/")) {
            throw new ProviderException(ErrorKind.INVALID, "path " + path + " is where the provider keeps its records");
        }
        return text;
    }

    private Path ownerFile(String path) {
        return owners.resolve(hash(path) + ".properties");
    }

    private Optional<Properties> readOwner(String path) throws IOException {
        Path file = ownerFile(path);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return Optional.of(p);
    }

    private void writeOwner(String path, Properties owner) throws IOException {
        Path temp = Files.createTempFile(owners, ".owner-", ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            owner.store(out, null);
        }
        move(temp, ownerFile(path));
    }

    /** Writes a whole file or nothing: a temporary file beside it, then a rename. */
    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".template-", ".tmp");
        Files.write(temp, bytes);
        move(temp, file);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(from);
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ProviderException ioFailure(String what, IOException e) {
        return new ProviderException(ErrorKind.FATAL, ErrorKind.FATAL.code(), "cannot " + what + " in the template root: "
                + e.getClass().getSimpleName() + " " + e.getMessage(), null, e);
    }
}
