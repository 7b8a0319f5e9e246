package io.kombify.deploy.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Action;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class StateRoundTripProperties {

    private static Path root;
    private static final AtomicInteger TRIES = new AtomicInteger();

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("kombify-state-properties");
    }

    @AfterContainer
    static void deleteRoot() {
        delete(root);
    }

    private static LocalDirectoryStateStore freshStore() {
        return new LocalDirectoryStateStore(root.resolve("try-" + TRIES.incrementAndGet()));
    }

    @Property(tries = 100)
    void anyStateReadsBackEqualAndRewritesToTheSameBytes(@ForAll("states") State state) {
        LocalDirectoryStateStore store = freshStore();
        LocalDirectoryStateStore other = freshStore();
        try {
            store.write(state);
            State readBack = new LocalDirectoryStateStore(store.directory()).read().orElseThrow();
            assertThat(readBack).isEqualTo(state);

            other.write(readBack);
            assertThat(bytes(other.directory().resolve("state.json")))
                    .isEqualTo(bytes(store.directory().resolve("state.json")));
        } finally {
            delete(store.directory());
            delete(other.directory());
        }
    }

    @Property(tries = 100)
    void anyJournalEntriesReadBackEqual(@ForAll("entryLists") List<JournalEntry> entries) {
        LocalDirectoryStateStore store = freshStore();
        try {
            entries.forEach(store.journal()::append);
            assertThat(new LocalDirectoryStateStore(store.directory()).journal().entries())
                    .containsExactlyElementsOf(entries);
        } finally {
            delete(store.directory());
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path tree) {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<State> states() {
        Arbitrary<Map<ResourceId, ResourceRecord>> resources = records().list().ofMaxSize(6).map(list -> {
            Map<ResourceId, ResourceRecord> byId = new TreeMap<>();
            list.forEach(r -> byId.putIfAbsent(r.id(), r));
            return byId;
        });
        return Combinators.combine(texts(), Arbitraries.longs().greaterOrEqual(0), texts(), texts(), instants(),
                resources).as((lineage, serial, stack, hash, at, records) ->
                new State(State.FORMAT_VERSION, lineage, serial, stack, hash, at, records));
    }

    @Provide
    Arbitrary<List<JournalEntry>> entryLists() {
        Arbitrary<JournalEntry> entries = Combinators.combine(
                Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.of(JournalEntry.Phase.class),
                Arbitraries.of(Action.CREATE, Action.UPDATE, Action.DELETE),
                ids(), texts(), texts(), instants(),
                Combinators.combine(records().optional(0.5), texts().optional(0.3)).as(List::of)
        ).as((seq, phase, action, id, provider, key, at, extra) -> {
            @SuppressWarnings("unchecked")
            Optional<ResourceRecord> result = (Optional<ResourceRecord>) extra.get(0);
            @SuppressWarnings("unchecked")
            Optional<String> error = (Optional<String>) extra.get(1);
            return new JournalEntry(seq, phase, action, id, provider, key, at, result, error);
        });
        return entries.list().ofMaxSize(5);
    }

    private static Arbitrary<ResourceRecord> records() {
        return Combinators.combine(ids(), texts(), texts(), attributeMaps(), texts().set().ofMaxSize(3),
                attributeMaps(), ids().set().ofMaxSize(3), texts())
                .as(ResourceRecord::new);
    }

    private static Arbitrary<ResourceId> ids() {
        Arbitrary<String> types = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(1)
                .flatMap(first -> Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_')
                        .ofMaxLength(20).map(rest -> first + rest));
        Arbitrary<String> names = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(1)
                .flatMap(first -> Arbitraries.strings().alpha().numeric().withChars('_', '.', ':', '-')
                        .ofMaxLength(40).map(rest -> first + rest));
        return Combinators.combine(types.map(ResourceType::new), names).as(ResourceId::new);
    }

    /** Any Unicode text: control characters, quotes, backslashes, other scripts and characters beyond the BMP. */
    private static Arbitrary<String> texts() {
        Arbitrary<String> anyCodePoints = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(20)
                .map(cps -> cps.stream()
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
        return Arbitraries.oneOf(
                anyCodePoints,
                Arbitraries.strings().withChars("\"\\/\n\r\t\u0000\u2028\u007f").ofMaxLength(5),
                Arbitraries.of("", "secret://db-password", "Grüße, 世界 😀", "1e3", "null"));
    }

    private static Arbitrary<Map<String, Object>> attributeMaps() {
        return Arbitraries.maps(texts(), jsonValues(3)).ofMaxSize(5);
    }

    private static Arbitrary<Object> jsonValues(int depth) {
        List<Arbitrary<Object>> choices = new ArrayList<>(List.of(
                widen(texts()),
                widen(Arbitraries.longs()),
                widen(Arbitraries.integers()),
                widen(Arbitraries.doubles().filter(Double::isFinite)),
                widen(Arbitraries.of(0.1, -0.0, 1.0E20, 4.9E-324, Double.MAX_VALUE, 9.007199254740993E15, 1.5)),
                widen(Arbitraries.of(true, false)),
                Arbitraries.just(null)));
        if (depth > 0) {
            choices.add(widen(Arbitraries.lazy(() -> jsonValues(depth - 1)).list().ofMaxSize(4)));
            choices.add(widen(Arbitraries.lazy(() -> Arbitraries.maps(texts(), jsonValues(depth - 1)).ofMaxSize(4)
                    .map(LinkedHashMap::new))));
        }
        return Arbitraries.oneOf(choices);
    }

    private static Arbitrary<Object> widen(Arbitrary<?> values) {
        return values.map(v -> v);
    }

    private static Arbitrary<Instant> instants() {
        return Combinators.combine(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }
}
