package io.kombify.spec;

import io.kombify.core.Diagnostic;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Input meant to crash or stall a parser gets a diagnostic. The time bound only guards against
 * a hang; how fast reading is, is measured by the benchmarks.
 */
class HostileInputTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    private final SpecReader reader = SpecReader.defaults();

    private static SpecDocument guarded(Supplier<SpecDocument> read) {
        return assertTimeoutPreemptively(HANG_GUARD, read::get);
    }

    private static Diagnostic only(SpecDocument doc) {
        assertThat(doc.spec()).isNull();
        assertThat(doc.diagnostics()).hasSize(1);
        return doc.diagnostics().get(0);
    }

    @Test
    void aTenMebibyteDocumentIsRejectedBeforeParsing() {
        byte[] big = ("name: lab\nmetadata:\n  blob: \"" + "x".repeat(10 * 1024 * 1024) + "\"\n").getBytes(StandardCharsets.UTF_8);

        Diagnostic d = only(guarded(() -> reader.read("k.yaml", big)));

        assertThat(d.code()).isEqualTo("SPEC_TOO_LARGE");
        assertThat(d.message()).contains("4194304 bytes");
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(1);
    }

    @Test
    void aHugeStreamIsNotReadToItsEnd() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };

        Diagnostic d = only(guarded(() -> reader.read("<stdin>", endless)));

        assertThat(d.code()).isEqualTo("SPEC_TOO_LARGE");
    }

    @Test
    void tenThousandNestedFlowListsStopAtTheDepthLimit() {
        String deep = "name: lab\nmetadata:\n  deep: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", deep)));

        assertThat(d.code()).isEqualTo("SPEC_TOO_DEEP");
        assertThat(d.line()).isEqualTo(3);
        // root, metadata and 62 brackets make 64 levels; the 63rd bracket is one too many
        assertThat(d.column()).isEqualTo(9 + 62);
    }

    @Test
    void tenThousandNestedUnclosedBracketsStopAtTheDepthLimit() {
        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", "[".repeat(10_000))));

        assertThat(d.code()).isEqualTo("SPEC_TOO_DEEP");
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(65);
    }

    @Test
    void tenThousandNestedJsonArraysStopAtTheDepthLimit() {
        String deep = "{\"metadata\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        Diagnostic d = only(guarded(() -> reader.readString("k.json", deep)));

        assertThat(d.code()).isEqualTo("SPEC_TOO_DEEP");
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(14 + 63);
    }

    @Test
    void billionLaughsHitsTheAliasLimit() {
        StringBuilder yaml = new StringBuilder("name: lab\nmetadata:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }

        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", yaml.toString())));

        assertThat(d.code()).isEqualTo("SPEC_ALIAS_LIMIT");
        // a3 is the first level whose aliases expand past 10,000 values
        assertThat(d.line()).isEqualTo(6);
        assertThat(d.message()).isEqualTo("aliases expand to more than 10000 values");
    }

    @Test
    void aDuplicateKeyIsReportedAtTheSecondKeyNamingTheFirstLine() {
        SpecDocument doc = guarded(() -> reader.readString("k.yaml", "name: lab\nnodes: []\nname: other\n"));

        assertThat(doc.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("SPEC_DUPLICATE_KEY");
            assertThat(d.path()).isEqualTo("/name");
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.column()).isEqualTo(1);
            assertThat(d.message()).isEqualTo("the key `name` appears twice in this mapping; it is first set on line 1");
        });
        assertThat(doc.spec().name()).isEqualTo("lab");
    }

    @Test
    void aDuplicateKeyInsideAListItemHasItsPath() {
        Diagnostic d = guarded(() -> reader.readString("k.yaml", "name: lab\nnodes:\n  - name: a\n    type: main\n    name: b\n"))
                .diagnostics().get(0);

        assertThat(d.code()).isEqualTo("SPEC_DUPLICATE_KEY");
        assertThat(d.path()).isEqualTo("/nodes/0/name");
        assertThat(d.line()).isEqualTo(5);
        assertThat(d.column()).isEqualTo(5);
    }

    @Test
    void aDuplicateKeyInJsonIsReportedToo() {
        Diagnostic d = guarded(() -> reader.readString("k.json", "{\"name\": \"a\",\n \"name\": \"b\"}")).diagnostics().get(0);

        assertThat(d.code()).isEqualTo("SPEC_DUPLICATE_KEY");
        assertThat(d.line()).isEqualTo(2);
        assertThat(d.column()).isEqualTo(2);
    }

    @Test
    void aTabUsedForIndentationIsReportedAtTheTab() {
        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", "name: lab\nnodes:\n  - name: a\n  \ttype: main\n")));

        assertThat(d.code()).isEqualTo("SPEC_TAB_INDENT");
        assertThat(d.line()).isEqualTo(4);
        assertThat(d.column()).isEqualTo(3);
        assertThat(d.hint()).contains("spaces");
    }

    @Test
    void aTabAtTheStartOfALineIsReported() {
        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", "name: lab\nsystem:\n\ttimezone: UTC\n")));

        assertThat(d.code()).isEqualTo("SPEC_TAB_INDENT");
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(1);
    }

    @Test
    void aTabAfterAColonIsReportedAtTheTab() {
        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", "name:\tlab\n")));

        assertThat(d.code()).isEqualTo("SPEC_TAB_INDENT");
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(6);
    }

    @Test
    void tabsInsideQuotedTextAreFine() {
        SpecDocument doc = guarded(() -> reader.readString("k.yaml", "name: lab\nmetadata:\n  owner: \"a\tb\"\n  project: 'c\td'\n"));

        assertThat(doc.diagnostics()).isEmpty();
        assertThat(doc.spec().metadata().owner()).isEqualTo("a\tb");
        assertThat(doc.spec().metadata().project()).isEqualTo("c\td");
    }

    @Test
    void invalidUtf8IsReportedAtTheBadByte() {
        byte[] latin1 = "name: lab\nmetadata:\n  owner: J\u00fcrgen\n".getBytes(StandardCharsets.ISO_8859_1);

        Diagnostic d = only(guarded(() -> reader.read("k.yaml", latin1)));

        assertThat(d.code()).isEqualTo("SPEC_ENCODING");
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(11);
        assertThat(d.message()).contains("0xFC");
    }

    @Test
    void aBadByteAfterMultiByteCharactersIsCountedInCharacters() {
        byte[] prefix = "name: \u00e4\u00f6".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + 1];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        bytes[prefix.length] = (byte) 0xC3;

        Diagnostic d = only(guarded(() -> reader.read("k.yaml", bytes)));

        assertThat(d.code()).isEqualTo("SPEC_ENCODING");
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(9);
    }

    @Test
    void utf16IsReportedAsAnEncodingProblem() {
        byte[] utf16 = "name: lab\n".getBytes(StandardCharsets.UTF_16);

        assertThat(only(guarded(() -> reader.read("k.yaml", utf16))).code()).isEqualTo("SPEC_ENCODING");
    }

    @Test
    void anEmptyFileIsReported() {
        Diagnostic d = only(guarded(() -> reader.read("k.yaml", new byte[0])));

        assertThat(d.code()).isEqualTo("SPEC_EMPTY");
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.column()).isEqualTo(1);
    }

    @Test
    void aFileOfCommentsAndBlankLinesIsEmpty() {
        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", "# just a comment\n\n   \n# another\n")));

        assertThat(d.code()).isEqualTo("SPEC_EMPTY");
    }

    @Test
    void aDocumentMarkerAloneIsEmpty() {
        assertThat(only(guarded(() -> reader.readString("k.yaml", "---\n"))).code()).isEqualTo("SPEC_EMPTY");
    }

    @Test
    void anEmptyJsonFileIsReported() {
        assertThat(only(guarded(() -> reader.readString("k.json", "  \n"))).code()).isEqualTo("SPEC_EMPTY");
    }

    @Test
    void aStreamOfSeveralDocumentsIsReportedAtTheSecond() {
        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", "name: a\nnodes: []\n---\nname: b\n")));

        assertThat(d.code()).isEqualTo("SPEC_MULTIPLE_DOCUMENTS");
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(1);
    }

    @Test
    void severalJsonValuesAreReportedAtTheSecond() {
        Diagnostic d = only(guarded(() -> reader.readString("k.json", "{\"name\": \"a\"}\n{\"name\": \"b\"}")));

        assertThat(d.code()).isEqualTo("SPEC_MULTIPLE_DOCUMENTS");
        assertThat(d.line()).isEqualTo(2);
        assertThat(d.column()).isEqualTo(1);
    }

    @Test
    void aRootThatIsNotAMappingIsReported() {
        Diagnostic list = only(guarded(() -> reader.readString("k.yaml", "\n- name: a\n")));
        Diagnostic text = only(guarded(() -> reader.readString("k.yaml", "just text")));
        Diagnostic json = only(guarded(() -> reader.readString("k.json", "[1, 2]")));

        assertThat(list.code()).isEqualTo("SPEC_NOT_AN_OBJECT");
        assertThat(list.line()).isEqualTo(2);
        assertThat(list.message()).endsWith("but it is a list");
        assertThat(text.code()).isEqualTo("SPEC_NOT_AN_OBJECT");
        assertThat(json.code()).isEqualTo("SPEC_NOT_AN_OBJECT");
    }

    @Test
    void aSyntaxErrorHasTheParsersPositionAndPlainWords() {
        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", "name: lab\nmetadata:\n  owner: a: b\n")));

        assertThat(d.code()).isEqualTo("SPEC_SYNTAX");
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(11);
        assertThat(d.message()).isEqualTo("the YAML is malformed: a `:` appears where no key can start");
        assertThat(d.hint()).contains("quote");
    }

    @Test
    void aJsonSyntaxErrorHasItsPosition() {
        Diagnostic d = only(guarded(() -> reader.readString("k.json", "{\n  \"name\": \"lab\",\n  \"nodes\": [,]\n}")));

        assertThat(d.code()).isEqualTo("SPEC_SYNTAX");
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(13);
        assertThat(d.message()).startsWith("the JSON is malformed: ");
    }

    @Test
    void anAliasToAnUndefinedAnchorIsASyntaxError() {
        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", "name: lab\nmetadata:\n  a: *nothing\n")));

        assertThat(d.code()).isEqualTo("SPEC_SYNTAX");
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(6);
    }

    @Test
    void aControlCharacterIsReportedWithItsPosition() {
        Diagnostic d = only(guarded(() -> reader.readString("k.yaml", "name: lab\nmetadata:\n  owner: a\u0001b\n")));

        assertThat(d.code()).isEqualTo("SPEC_SYNTAX");
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(11);
        assertThat(d.message()).contains("U+0001");
    }

    @Test
    void aStreamIsReadLikeBytes() {
        SpecDocument doc = guarded(() -> reader.read("<stdin>", new ByteArrayInputStream(new byte[] {(byte) 0xFF, 'a'})));

        assertThat(only(doc).code()).isEqualTo("SPEC_ENCODING");
    }
}
