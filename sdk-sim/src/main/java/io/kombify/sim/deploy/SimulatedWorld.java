package io.kombify.sim.deploy;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;

/**
 * The infrastructure a {@link SimulatedProvider} manages: every simulated machine, container,
 * DNS record and the rest, keyed by provider identifier, with the counters that number new
 * ones. A world either lives in memory only ({@link #inMemory()}) or in a directory
 * ({@link #load(Path)}), where it is saved after every change as {@value #FILE_NAME}, written to
 * a temporary file and moved into place, so a process killed at any moment leaves the previous
 * or the new world, never a torn one. That is how separate {@code kombify apply --simulate}
 * runs see the same world; one process at a time should use a directory (the state lock of an
 * apply sees to that).
 *
 * <p>Tests and users rehearsing drift change the world behind the deployment engine's back
 * with {@link #deleteBehindOurBack(String)} and {@link #changeBehindOurBack(String, Map)}.
 * Thread-safe.
 */
public final class SimulatedWorld {

    /** The file a world is saved in, inside its directory. */
    public static final String FILE_NAME = "simulated-world.json";

    /** The format written in the file. */
    static final String FORMAT = "kombify-simulated-world/1";

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final LinkedHashMap<String, SimulatedResource> resources = new LinkedHashMap<>();
    private final TreeMap<String, Long> counters = new TreeMap<>();

    private SimulatedWorld(Path file) {
        this.file = file;
    }

    /** An empty world that lives only as long as this object. */
    public static SimulatedWorld inMemory() {
        return new SimulatedWorld(null);
    }

    /**
     * The world saved in {@code directory} (empty when the directory holds none yet), which saves
     * itself there after every change. The directory is created by the first save, so that only
     * reading a world (a plan, a drift check) leaves nothing behind.
     *
     * @throws KombifyException {@code SIMULATED_WORLD_CORRUPT} when the file is not a saved world (the message
     *                          says which file; delete it to start again with an empty world), {@code IO_ERROR}
     *                          when it cannot be read
     */
    public static SimulatedWorld load(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Path file = directory.toAbsolutePath().resolve(FILE_NAME);
        SimulatedWorld world = new SimulatedWorld(file);
        String text;
        try {
            removeLeftovers(file.getParent());
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return world;
        } catch (IOException e) {
            throw new KombifyException("IO_ERROR", "cannot read the simulated world " + file + ": " + e.getMessage(), e);
        }
        try {
            world.read(text);
        } catch (JacksonException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new KombifyException("SIMULATED_WORLD_CORRUPT", "the simulated world in " + file + " cannot be read ("
                    + e.getMessage() + "); delete the file to start again with an empty world", e);
        }
        return world;
    }

    /** Deletes temporary files that processes which are gone left behind when they were killed while saving. */
    private static void removeLeftovers(Path dir) throws IOException {
        String prefix = FILE_NAME + ".tmp-";
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix)) {
                    continue;
                }
                String pid = name.substring(prefix.length()).split("-", 2)[0];
                boolean gone;
                try {
                    gone = ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true);
                } catch (NumberFormatException e) {
                    gone = false;
                }
                if (gone) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The file this world is saved in, if it lives in a directory. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Every resource, oldest first. */
    public synchronized List<SimulatedResource> resources() {
        return List.copyOf(resources.values());
    }

    /** How many resources the world holds. */
    public synchronized int size() {
        return resources.size();
    }

    /** The resource with this provider identifier. */
    public synchronized Optional<SimulatedResource> resource(String providerId) {
        return Optional.ofNullable(resources.get(Objects.requireNonNull(providerId, "providerId")));
    }

    /** The resources of {@code stack} labelled with {@code address}, oldest first: one, unless something went wrong. */
    public synchronized List<SimulatedResource> resources(String stack, ResourceId address) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(address, "address");
        List<SimulatedResource> found = new ArrayList<>();
        for (SimulatedResource r : resources.values()) {
            if (r.stack().equals(stack) && r.address().filter(address::equals).isPresent()) {
                found.add(r);
            }
        }
        return found;
    }

    /** The resources of {@code stack} by address, each address with every resource labelled with it. */
    public synchronized Map<ResourceId, List<SimulatedResource>> byAddress(String stack) {
        Objects.requireNonNull(stack, "stack");
        Map<ResourceId, List<SimulatedResource>> out = new TreeMap<>();
        for (SimulatedResource r : resources.values()) {
            if (r.stack().equals(stack)) {
                r.address().ifPresent(a -> out.computeIfAbsent(a, k -> new ArrayList<>()).add(r));
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The resource a create with this idempotency key made, if it still exists. */
    public synchronized Optional<SimulatedResource> createdWith(String idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        for (SimulatedResource r : resources.values()) {
            if (r.idempotencyKey().filter(idempotencyKey::equals).isPresent()) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes a resource as someone else would (in a cloud console, with {@code docker rm}):
     * the deployment engine finds out only when it reads the resource again.
     *
     * @return whether the resource existed
     */
    public synchronized boolean deleteBehindOurBack(String providerId) {
        return remove(providerId);
    }

    /**
     * Changes attributes of a resource as someone else would: each entry sets a top-level
     * attribute, a {@code null} value removes it. The deployment engine finds out only when it
     * reads the resource again.
     *
     * @return the resource as changed
     * @throws NoSuchElementException when the world holds no resource with this identifier
     */
    public synchronized SimulatedResource changeBehindOurBack(String providerId, Map<String, ?> changes) {
        Objects.requireNonNull(changes, "changes");
        SimulatedResource r = resource(providerId).orElseThrow(() ->
                new NoSuchElementException("the simulated world holds no resource " + providerId));
        Map<String, Object> attrs = new HashMap<>(r.attributes());
        changes.forEach((k, v) -> {
            if (v == null) {
                attrs.remove(k);
            } else {
                attrs.put(k, v);
            }
        });
        SimulatedResource changed = r.withAttributes(attrs);
        put(changed);
        return changed;
    }

    /** Adds a resource numbered with the type's next counter value, and saves. */
    synchronized SimulatedResource add(ResourceType type, Map<String, String> labels, Map<String, Object> attributes,
                                       Function<Long, Map<String, Object>> outputs) {
        long n = counters.merge(type.name(), 1L, Long::sum);
        String providerId = "sim-" + type.name().replace('_', '-') + "-" + n;
        SimulatedResource r = new SimulatedResource(providerId, type, labels, attributes, outputs.apply(n));
        resources.put(providerId, r);
        save();
        return r;
    }

    /** Replaces a resource with a changed copy, and saves. */
    synchronized void put(SimulatedResource changed) {
        if (!resources.containsKey(changed.providerId())) {
            throw new NoSuchElementException("the simulated world holds no resource " + changed.providerId());
        }
        resources.put(changed.providerId(), changed);
        save();
    }

    /** Removes a resource and saves; whether it existed. */
    synchronized boolean remove(String providerId) {
        boolean existed = resources.remove(Objects.requireNonNull(providerId, "providerId")) != null;
        if (existed) {
            save();
        }
        return existed;
    }

    /** The world as the JSON saved in its file. */
    public synchronized String toJson() {
        StringWriter out = new StringWriter();
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        PrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
        ObjectWriteContext context = new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                return pretty;
            }

            @Override
            public boolean hasPrettyPrinter() {
                return true;
            }
        };
        try (JsonGenerator g = JSON.createGenerator(context, out)) {
            g.writeStartObject();
            g.writeStringProperty("format", FORMAT);
            g.writeName("counters");
            g.writeStartObject();
            for (Map.Entry<String, Long> c : counters.entrySet()) {
                g.writeNumberProperty(c.getKey(), c.getValue());
            }
            g.writeEndObject();
            g.writeName("resources");
            g.writeStartArray();
            for (SimulatedResource r : resources.values()) {
                g.writeStartObject();
                g.writeStringProperty("providerId", r.providerId());
                g.writeStringProperty("type", r.type().name());
                g.writeName("labels");
                writeValue(g, r.labels());
                g.writeName("attributes");
                writeValue(g, r.attributes());
                g.writeName("outputs");
                writeValue(g, r.outputs());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.append('\n').toString();
    }

    private void save() {
        if (file == null) {
            return;
        }
        byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
        Path dir = file.getParent();
        Path tmp = dir.resolve(FILE_NAME + ".tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; the temporary file is only litter
            }
            throw new UncheckedIOException("cannot save the simulated world to " + file + ": " + e.getMessage(), e);
        }
    }

    private void read(String text) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text)) {
            Object root = readValue(p, p.nextToken());
            if (!(root instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("it holds no JSON object");
            }
            if (!FORMAT.equals(map.get("format"))) {
                throw new IllegalArgumentException("its format is " + map.get("format") + ", not " + FORMAT);
            }
            Object c = map.get("counters");
            if (c instanceof Map<?, ?> cs) {
                for (Map.Entry<?, ?> e : cs.entrySet()) {
                    counters.put(new ResourceType((String) e.getKey()).name(), ((Number) e.getValue()).longValue());
                }
            }
            for (Object o : (List<?>) map.get("resources")) {
                Map<?, ?> r = (Map<?, ?>) o;
                Map<String, String> labels = new TreeMap<>();
                ((Map<?, ?>) r.get("labels")).forEach((k, v) -> labels.put((String) k, (String) v));
                @SuppressWarnings("unchecked")
                Map<String, Object> attributes = (Map<String, Object>) r.get("attributes");
                @SuppressWarnings("unchecked")
                Map<String, Object> outputs = (Map<String, Object>) r.get("outputs");
                SimulatedResource res = new SimulatedResource((String) Objects.requireNonNull(r.get("providerId"), "providerId"),
                        new ResourceType((String) r.get("type")), labels, attributes, outputs);
                if (resources.put(res.providerId(), res) != null) {
                    throw new IllegalArgumentException("it holds " + res.providerId() + " twice");
                }
            }
        }
    }

    private static Object readValue(JsonParser p, JsonToken t) {
        if (t == null) {
            throw new IllegalArgumentException("it ends early");
        }
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String name = p.currentName();
                    map.put(name, readValue(p, p.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    list.add(readValue(p, n));
                }
                yield list;
            }
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected " + t);
        };
    }

    private static void writeValue(JsonGenerator g, Object value) {
        Object v = Attributes.normalizeValue(value);
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeName((String) e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }
}
