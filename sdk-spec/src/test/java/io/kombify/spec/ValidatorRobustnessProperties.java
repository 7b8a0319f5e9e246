package io.kombify.spec;

import io.kombify.core.Diagnostic;
import io.kombify.core.Severity;
import io.kombify.spec.internal.SpecTree;
import io.kombify.spec.model.Kombination;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a user feeds in, reading and validating finish with diagnostics, never with an
 * exception: generated specs, the same specs broken at the schema level (a value replaced,
 * a field removed, an entry doubled), and their YAML text broken character by character.
 */
class ValidatorRobustnessProperties {
    private static final SpecReader READER = SpecReader.defaults();
    private static final SpecValidator VALIDATOR = SpecValidator.create();

    /** Values that break a field's type, pattern, range or a cross-field rule. */
    private static final List<Object> HOSTILE = List.of(
            "", " ", "My_Name", "../evil", "a\\b", "x".repeat(300), "secret:/nope", "10.999.0.0/99", "8.8.8.0/24",
            "192.168.1.0/8", "300.1.1.1", "0 3 * *", "4GB", "edge", "hetzner", "custom", "main", "nas", "self",
            -1, 0, 22, 80, 443, 70_000, Integer.MAX_VALUE, Long.MAX_VALUE, 3.5, true, false,
            List.of(), List.of("a"), List.of(Map.of()), Map.of(), Map.of("x", 1));

    private static final List<String> NOISE = List.of(
            ":", "- ", "[", "]", "{", "}", "&a ", "*a", "\t", "\"", "'", "#", "!!binary ", "\u0000", "\n", "  ", "? ",
            "|", ">", "%YAML 1.2\n", "---\n", "...\n", "~", "\uFEFF", "\uD800");

    private static final String REPLACEMENTS = "aZ9:-_ ./\"'";

    @Provide
    Arbitrary<Kombination> specs() {
        return SpecArbitraries.kombinations();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 300)
    void validatingAGeneratedModelIsConsistentAndRepeatable(@ForAll("specs") Kombination spec) {
        ValidationResult first = VALIDATOR.validate(spec);
        ValidationResult second = VALIDATOR.validate(spec);

        assertConsistent(first);
        assertThat(second).isEqualTo(first);
    }

    @Property(tries = 250)
    void schemaLevelMutationsNeverLetAnExceptionEscape(@ForAll("specs") Kombination spec, @ForAll("seeds") long seed) {
        Random random = new Random(seed);
        Map<String, Object> tree = SpecTree.toTree(spec);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutate(tree, random);
        }
        String json = PlainJson.pretty(tree);

        SpecDocument doc = READER.readString("kombination.json", json);
        ValidationResult result = VALIDATOR.validate(doc);

        assertConsistent(result);
        // Text that parsed has a position for every finding.
        assertThat(result.all()).as(json).allSatisfy(d -> assertThat(d.hasPosition()).as(d.toString()).isTrue());
    }

    @Property(tries = 250)
    void arbitrarilyMutatedYamlNeverLetsAnExceptionEscape(@ForAll("specs") Kombination spec, @ForAll("seeds") long seed) {
        Random random = new Random(seed);
        String yaml = SpecWriter.yaml().write(spec);
        StringBuilder text = new StringBuilder(yaml);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            editText(text, random);
        }

        ValidationResult result = VALIDATOR.validate(READER.readString("kombination.yaml", text.toString()));

        assertConsistent(result);
    }

    private static void assertConsistent(ValidationResult result) {
        assertThat(result.valid()).isEqualTo(result.errors().isEmpty());
        assertThat(result.errors()).allSatisfy(d -> assertThat(d.severity()).isEqualTo(Severity.ERROR));
        assertThat(result.warnings()).allSatisfy(d -> assertThat(d.severity()).isEqualTo(Severity.WARNING));
        assertThat(result.all()).allSatisfy(d -> {
            assertThat(d.code()).matches("[A-Z][A-Z0-9_]+");
            assertThat(d.path()).satisfiesAnyOf(p -> assertThat(p).isEmpty(), p -> assertThat(p).startsWith("/"));
            assertThat(d.message()).isNotBlank();
        });
        assertThat(result.errors()).isSortedAccordingTo(java.util.Comparator.comparingInt(ValidatorRobustnessProperties::lineOrLast)
                .thenComparingInt(Diagnostic::column));
    }

    private static int lineOrLast(Diagnostic d) {
        return d.line() > 0 ? d.line() : Integer.MAX_VALUE;
    }

    /** Replaces, removes or doubles one randomly chosen value somewhere in the tree. */
    @SuppressWarnings("unchecked")
    private static void mutate(Map<String, Object> root, Random random) {
        List<Object[]> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return;
        }
        Object[] slot = slots.get(random.nextInt(slots.size()));
        Object owner = slot[0];
        Object key = slot[1];
        int action = random.nextInt(4);
        if (owner instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            switch (action) {
                case 0 -> map.remove((String) key);
                case 1 -> map.put((String) key, null);
                default -> map.put((String) key, HOSTILE.get(random.nextInt(HOSTILE.size())));
            }
        } else {
            List<Object> list = (List<Object>) owner;
            int index = (Integer) key;
            switch (action) {
                case 0 -> list.remove(index);
                case 1 -> list.add(index, list.get(index));
                default -> list.set(index, HOSTILE.get(random.nextInt(HOSTILE.size())));
            }
        }
    }

    /** Every (container, key) pair of the tree, after making the containers mutable. */
    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Object[]> slots) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (Map.Entry<String, Object> e : map.entrySet()) {
                e.setValue(mutable(e.getValue()));
                slots.add(new Object[] {map, e.getKey()});
                collect(e.getValue(), slots);
            }
        } else if (node instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            for (int i = 0; i < list.size(); i++) {
                list.set(i, mutable(list.get(i)));
                slots.add(new Object[] {list, i});
                collect(list.get(i), slots);
            }
        }
    }

    private static Object mutable(Object value) {
        if (value instanceof Map<?, ?> m && !(value instanceof LinkedHashMap<?, ?>)) {
            return new LinkedHashMap<>(m);
        }
        if (value instanceof List<?> l && !(value instanceof ArrayList<?>)) {
            return new ArrayList<>(l);
        }
        return value;
    }

    private static void editText(StringBuilder text, Random random) {
        if (text.length() == 0) {
            text.append(NOISE.get(random.nextInt(NOISE.size())));
            return;
        }
        int at = random.nextInt(text.length());
        switch (random.nextInt(4)) {
            case 0 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(20)));
            case 1 -> text.insert(at, NOISE.get(random.nextInt(NOISE.size())));
            case 2 -> {
                int start = text.lastIndexOf("\n", at) + 1;
                int end = text.indexOf("\n", at);
                String line = text.substring(start, end < 0 ? text.length() : end + 1);
                text.insert(start, line.endsWith("\n") ? line : line + "\n");
            }
            default -> text.setCharAt(at, REPLACEMENTS.charAt(random.nextInt(REPLACEMENTS.length())));
        }
    }
}
