package io.kombify.spec;

import io.kombify.spec.model.Kombination;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Whatever the text, the reader answers with a model or diagnostics, never an exception. */
class MutatedYamlPropertiesTest {
    private static final String SAMPLE = String.join("\n",
            "name: my-lab",
            "version: \"1.0\"",
            "x-common: &common",
            "  provider: local",
            "nodes:",
            "  - name: nas",
            "    type: main",
            "    <<: *common",
            "    ssh: {host: 192.168.1.10, port: 22}",
            "    labels:",
            "      zone: home",
            "services:",
            "  - name: jellyfin",
            "    type: media",
            "    config: {image: 'jellyfin/jellyfin', flags: [a, 1, true]}",
            "    environment:",
            "      TZ: \"Europe/Berlin\"",
            "intents: [media-server, {intent: gaming}]",
            "metadata:",
            "  notes: |",
            "    line one",
            "    line two",
            "");

    private final SpecReader reader = SpecReader.defaults();

    /** One edit to a text. */
    record Mutation(int kind, int position, int other) {
        String apply(String text) {
            if (text.isEmpty()) {
                return text;
            }
            int p = Math.floorMod(position, text.length());
            String[] inserts = {":", "-", "&a", "*a", "\t", "\"", "'", "[", "{", "}", "]", "#", "\n", " ", "? ", "!!", "|"};
            return switch (kind) {
                case 0 -> text.substring(0, p) + text.substring(p + 1);
                case 1 -> text.substring(0, p) + text.charAt(p) + text.substring(p);
                case 2 -> text.substring(0, p) + inserts[Math.floorMod(other, inserts.length)] + text.substring(p);
                case 3 -> swapLines(text, p, other);
                case 4 -> duplicateLine(text, p);
                default -> deleteLine(text, p);
            };
        }

        private static String swapLines(String text, int a, int b) {
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            int i = Math.floorMod(a, lines.size());
            int j = Math.floorMod(b, lines.size());
            String t = lines.get(i);
            lines.set(i, lines.get(j));
            lines.set(j, t);
            return String.join("\n", lines);
        }

        private static String duplicateLine(String text, int a) {
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            int i = Math.floorMod(a, lines.size());
            lines.add(i, lines.get(i));
            return String.join("\n", lines);
        }

        private static String deleteLine(String text, int a) {
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            lines.remove(Math.floorMod(a, lines.size()));
            return String.join("\n", lines);
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(0, 10_000))
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> samples() {
        return Arbitraries.oneOf(Arbitraries.just(SAMPLE),
                SpecArbitraries.kombinations().map(k -> SpecWriter.yaml().write(k)),
                SpecArbitraries.kombinations().map(k -> SpecWriter.json().write(k)));
    }

    @Property(tries = 1000)
    void mutatedDocumentsNeverMakeTheReaderThrow(@ForAll("samples") String sample, @ForAll("mutations") List<Mutation> edits) {
        String text = sample;
        for (Mutation m : edits) {
            text = m.apply(text);
        }
        String mutated = text;

        SpecDocument[] doc = new SpecDocument[1];
        assertThatCode(() -> doc[0] = reader.readString("kombination.yaml", mutated)).as(mutated).doesNotThrowAnyException();
        Kombination spec = doc[0].spec();
        assertThat(spec != null || doc[0].hasErrors()).as("a model or an error for:\n%s", mutated).isTrue();
        assertThat(doc[0].diagnostics()).allSatisfy(d -> assertThat(d.line()).isPositive());
    }
}
