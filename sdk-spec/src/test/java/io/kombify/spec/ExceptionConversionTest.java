package io.kombify.spec;

import io.kombify.core.Diagnostic;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The parsers' own exceptions never reach a caller: every broken document becomes a
 * diagnostic whose words name neither SnakeYAML nor Jackson.
 */
class ExceptionConversionTest {
    private final SpecReader reader = SpecReader.defaults();

    @ParameterizedTest
    @ValueSource(strings = {
            "name: [unclosed",
            "name: {a: 1",
            "name: 'unterminated",
            "name: \"bad \\q escape\"",
            "a: b: c",
            "- a\nb: c",
            "key: value\n  bad: indent",
            "? [complex, key]\n: value",
            "name: !<tag:x y",
            "name: &a [*a]",
            "%YAML 9.9\n---\nname: x",
            "%TAG ! tag:x,2024:\n%TAG ! tag:y,2024:\n---\nname: x",
            "name: *",
            "name: &",
            "@at: sign",
            "`tick: x",
            "name: |\n bad\nindent: x\n  y",
            "{\"name\": }",
            "{\"name\": \"x\",}",
            "{\"name\": \"x\"",
            "{\"name\": tru}",
            "{\"name\": 01}",
            "{\"name\": \"\\u12\"}",
            "{\"a\": 1} garbage",
            "{'single': 1}",
            "\u0000",
            "name: \uFFFE",
            "<<: 5",
            "<<: [a, b]",
    })
    void brokenDocumentsBecomeDiagnosticsWithoutParserNames(String text) {
        SpecDocument doc = assertThatNoExceptionEscapes(text);

        assertThat(doc.diagnostics()).isNotEmpty();
        for (Diagnostic d : doc.diagnostics()) {
            assertThat(d.message()).doesNotContainIgnoringCase("snakeyaml").doesNotContainIgnoringCase("jackson")
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<block");
            assertThat(d.line()).isPositive();
            assertThat(d.column()).isPositive();
            assertThat(d.hint()).as("hint of %s", d).isNotBlank();
        }
    }

    private SpecDocument assertThatNoExceptionEscapes(String text) {
        SpecDocument[] out = new SpecDocument[1];
        assertThatCode(() -> out[0] = reader.readString("k.yaml", text)).doesNotThrowAnyException();
        return out[0];
    }
}
