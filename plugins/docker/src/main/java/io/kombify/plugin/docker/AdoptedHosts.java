package io.kombify.plugin.docker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Which idempotency key adopted which host, so that {@link LocalProvider#lookup} finds an
 * adoption an interrupted apply made, and which hosts were forgotten since, so that they read as
 * gone. Kept in {@code local-hosts.properties} in the directory the provider may keep files in
 * (the state directory); without one, in memory for the provider's life. Thread-safe.
 */
final class AdoptedHosts {
    static final String FILE = "local-hosts.properties";

    private final Path file;
    private final Map<String, String> memory = new HashMap<>();

    /** @param dir where the record lives, or empty to keep it in memory */
    AdoptedHosts(Optional<Path> dir) {
        this.file = dir.map(d -> d.resolve(FILE)).orElse(null);
    }

    private static final String ADOPTED = "adopted.";
    private static final String FORGOTTEN = "forgotten.";

    /** Records that the create with {@code key} adopted {@code providerId} (again, if it was forgotten). */
    synchronized void remember(String key, String providerId) {
        Properties p = load();
        if (providerId.equals(p.getProperty(ADOPTED + key)) && p.getProperty(FORGOTTEN + providerId) == null) {
            return;
        }
        p.setProperty(ADOPTED + key, providerId);
        p.remove(FORGOTTEN + providerId);
        store(p);
    }

    /** What the create with {@code key} adopted, unless it was forgotten since. */
    synchronized Optional<String> find(String key) {
        Properties p = load();
        String providerId = p.getProperty(ADOPTED + key);
        return providerId == null || p.getProperty(FORGOTTEN + providerId) != null ? Optional.empty() : Optional.of(providerId);
    }

    /** Whether {@code providerId} was forgotten and not adopted again since. */
    synchronized boolean forgotten(String providerId) {
        return load().getProperty(FORGOTTEN + providerId) != null;
    }

    /** Forgets {@code providerId}: the keys that adopted it, and marks it gone. */
    synchronized void forget(String providerId) {
        Properties p = load();
        p.entrySet().removeIf(e -> ((String) e.getKey()).startsWith(ADOPTED) && providerId.equals(e.getValue()));
        p.setProperty(FORGOTTEN + providerId, "true");
        store(p);
    }

    private Properties load() {
        Properties p = new Properties();
        if (file == null) {
            p.putAll(memory);
            return p;
        }
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return p;
    }

    private void store(Properties p) {
        if (file == null) {
            memory.clear();
            p.forEach((k, v) -> memory.put((String) k, (String) v));
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try {
                StringWriter text = new StringWriter();
                p.store(text, "hosts the local provider adopted, by the idempotency key of the adoption");
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    // On disk before it takes the record's name, so that a crash leaves the old record or the new one.
                    out.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
