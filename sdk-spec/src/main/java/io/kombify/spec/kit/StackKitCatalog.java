package io.kombify.spec.kit;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.core.RankedServiceLoader;
import io.kombify.spec.internal.resolve.Defaults;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Node;
import io.kombify.spec.spi.StackKitProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The StackKits a stack can be built from. {@link #builtIn()} holds the kits shipped with the
 * SDK ({@code base-homelab} alias {@code basement-kit}, {@code modern-homelab},
 * {@code ha-homelab}, {@code cloud-kit}) plus every kit a {@link StackKitProvider} on the class
 * or module path contributes; {@link #of(Collection)} makes a catalogue of your own. A catalogue
 * is immutable and thread-safe; {@link #with(StackKit...)} returns a new one.
 *
 * <pre>{@code
 * StackKitCatalog catalog = StackKitCatalog.builtIn();
 * StackKit kit = catalog.select(spec);           // named kit, else cloud-kit, else base-homelab
 * List<Diagnostic> gates = KitGates.check(spec, kit);
 * }</pre>
 */
public final class StackKitCatalog {
    /** The kit chosen when a spec names none and runs on no cloud provider. */
    public static final String BASE_KIT = "base-homelab";
    /** The kit chosen when any node runs on a cloud provider. */
    public static final String CLOUD_KIT = "cloud-kit";

    private static final List<String> BUILT_IN = List.of("base-homelab", "modern-homelab", "ha-homelab", "cloud-kit");
    private static final long MAX_KIT_BYTES = 1 << 20;

    private final List<StackKit> kits;
    private final Map<String, StackKit> byName;
    private final List<String> origins;

    private StackKitCatalog(Collection<StackKit> kits, List<String> origins) {
        Map<String, StackKit> unique = new LinkedHashMap<>();
        for (StackKit kit : kits) {
            unique.put(kit.name().toLowerCase(java.util.Locale.ROOT), kit);
        }
        this.kits = List.copyOf(unique.values());
        Map<String, StackKit> index = new LinkedHashMap<>();
        for (StackKit kit : this.kits) {
            index.put(kit.name().toLowerCase(java.util.Locale.ROOT), kit);
        }
        for (StackKit kit : this.kits) {
            for (String alias : kit.aliases()) {
                index.putIfAbsent(alias.toLowerCase(java.util.Locale.ROOT), kit);
            }
        }
        this.byName = Map.copyOf(index);
        this.origins = List.copyOf(origins);
    }

    /**
     * The built-in kits plus those of every {@link StackKitProvider} visible to the context class
     * loader. A provided kit replaces a built-in kit of the same name; a provider that fails to
     * load is listed in {@link #origins()} and does not hide the others.
     */
    public static StackKitCatalog builtIn() {
        Map<String, StackKit> kits = new LinkedHashMap<>();
        List<String> origins = new ArrayList<>();
        for (StackKit kit : BuiltIns.KITS) {
            kits.put(kit.name(), kit);
            origins.add(kit.name() + " (built in)");
        }
        RankedServiceLoader.Result<StackKitProvider> found = RankedServiceLoader.load(StackKitProvider.class, null);
        List<RankedServiceLoader.Found<StackKitProvider>> lowestFirst = new ArrayList<>(found.found());
        java.util.Collections.reverse(lowestFirst);
        for (RankedServiceLoader.Found<StackKitProvider> f : lowestFirst) {
            for (StackKit kit : f.provider().kits()) {
                kits.put(kit.name(), kit);
                origins.add(kit.name() + " (" + f.provider().getClass().getName() + ", " + f.origin() + ")");
            }
        }
        for (String failure : found.failures()) {
            origins.add("failed: " + failure);
        }
        return new StackKitCatalog(kits.values(), origins);
    }

    /** A catalogue of exactly {@code kits} (later kits replace earlier ones of the same name). */
    public static StackKitCatalog of(Collection<StackKit> kits) {
        List<String> origins = new ArrayList<>();
        for (StackKit kit : kits) {
            origins.add(kit.name() + " (given)");
        }
        return new StackKitCatalog(kits, origins);
    }

    /** This catalogue plus {@code more} (replacing kits of the same name). */
    public StackKitCatalog with(StackKit... more) {
        List<StackKit> all = new ArrayList<>(kits);
        List<String> o = new ArrayList<>(origins);
        for (StackKit kit : more) {
            all.add(kit);
            o.add(kit.name() + " (given)");
        }
        return new StackKitCatalog(all, o);
    }

    /**
     * Reads a {@code stackkit.yaml} file.
     *
     * @throws KombifyException {@code IO_ERROR} when the file cannot be read; {@code KIT_INVALID}
     *     with a diagnostic per problem (line and column included) when it is not a kit
     */
    public static StackKit load(Path stackkitYaml) {
        byte[] bytes;
        try {
            if (Files.size(stackkitYaml) > MAX_KIT_BYTES) {
                throw new KombifyException("KIT_INVALID", stackkitYaml + ": a kit file may hold at most 1 MiB");
            }
            bytes = Files.readAllBytes(stackkitYaml);
        } catch (IOException e) {
            throw new KombifyException("IO_ERROR", "cannot read " + stackkitYaml + ": " + e.getMessage(), e);
        }
        return parse(stackkitYaml.toString(), decode(stackkitYaml.toString(), bytes));
    }

    /**
     * Reads a kit from {@code text}; {@code source} names it in messages.
     *
     * @throws KombifyException {@code KIT_INVALID} when the text is not a kit
     */
    public static StackKit parse(String source, String text) {
        return KitLoader.load(source, text);
    }

    private static String decode(String source, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new KombifyException("KIT_INVALID", source + ": a kit file must be UTF-8", e);
        }
    }

    /** The kit called {@code nameOrAlias} (case-insensitive), if the catalogue has it. */
    public Optional<StackKit> find(String nameOrAlias) {
        if (nameOrAlias == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(nameOrAlias.trim().toLowerCase(java.util.Locale.ROOT)));
    }

    /** Every kit, built-in kits first. */
    public List<StackKit> kits() {
        return kits;
    }

    /** Where each kit came from, and providers that failed to load; for {@code kombify kits}. */
    public List<String> origins() {
        return origins;
    }

    /**
     * The kit for {@code spec}: the kit it names (by name or alias); otherwise {@code cloud-kit}
     * when any node runs on a cloud provider (hetzner, aws, gcp, azure, digitalocean,
     * digitalocean-managed, centron, ionos); otherwise {@code base-homelab}.
     *
     * @throws KombifyException {@code KIT_UNKNOWN} when the spec names a kit this catalogue
     *     does not have (the diagnostic points at {@code /kit}), or when the catalogue has no kit
     *     to fall back to
     */
    public StackKit select(Kombination spec) {
        String named = spec.kit();
        if (named != null && !named.isBlank()) {
            return find(named).orElseThrow(() -> unknown(named));
        }
        boolean cloud = false;
        for (Node node : spec.nodes()) {
            if (node != null && Defaults.CLOUD_PROVIDERS.contains(node.provider())) {
                cloud = true;
                break;
            }
        }
        if (cloud) {
            Optional<StackKit> kit = find(CLOUD_KIT);
            if (kit.isPresent()) {
                return kit.get();
            }
        }
        return find(BASE_KIT).or(() -> kits.isEmpty() ? Optional.empty() : Optional.of(kits.get(0)))
                .orElseThrow(() -> new KombifyException("KIT_UNKNOWN", "the kit catalogue is empty"));
    }

    /** The diagnostic for a spec naming a kit this catalogue lacks, with the closest name as hint. */
    public Diagnostic unknownKit(String named) {
        List<String> names = new ArrayList<>();
        for (StackKit kit : kits) {
            names.add(kit.name());
        }
        String closest = closest(named, names);
        String known = "`" + String.join("`, `", names) + "`";
        String hint = closest != null ? "did you mean `" + closest + "`? known kits: " + known
                : "use one of " + known + ", or leave `kit` out to select one automatically";
        return Diagnostic.error("KIT_UNKNOWN", "/kit", "unknown StackKit `" + named + "`", hint);
    }

    private KombifyException unknown(String named) {
        Diagnostic d = unknownKit(named);
        return new KombifyException("KIT_UNKNOWN", d.message(), List.of(d));
    }

    private String closest(String word, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(java.util.Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        for (StackKit kit : kits) {
            for (String alias : kit.aliases()) {
                int d = distance(w, alias.toLowerCase(java.util.Locale.ROOT));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = alias;
                }
            }
        }
        return best != null && bestDistance <= Math.max(2, w.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (StackKit kit : kits) {
            names.add(kit.name());
        }
        return "StackKitCatalog" + names;
    }

    /** The kits shipped as resources, parsed once: they are immutable and every catalogue shares them. */
    private static final class BuiltIns {
        static final List<StackKit> KITS = loadAll();

        private static List<StackKit> loadAll() {
            List<StackKit> out = new ArrayList<>();
            for (String name : BUILT_IN) {
                String resource = "/io/kombify/spec/kits/" + name + ".yaml";
                try (InputStream in = StackKitCatalog.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("built-in kit missing from the jar: " + resource);
                    }
                    out.add(parse("built-in:" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read built-in kit " + resource, e);
                }
            }
            return List.copyOf(out);
        }
    }
}
