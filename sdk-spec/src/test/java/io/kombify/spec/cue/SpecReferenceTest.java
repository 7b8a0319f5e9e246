package io.kombify.spec.cue;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.core.Diagnostic;
import io.kombify.spec.internal.read.ReadCodes;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/spec-reference.md true: its generated sections must equal what
 * {@link SpecReference} produces from the code today, every code the reader and validator
 * can report must have an example there, and every example must produce its code.
 *
 * <p>After a deliberate change, regenerate the sections with
 * {@code mvn -pl sdk-spec -am verify -Dtest=SpecReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dkombify.updateReference=true}
 * and review the diff.
 */
class SpecReferenceTest {
    private static final Path DOC = CueVet.repositoryRoot().resolve("docs/spec-reference.md");
    private static final boolean UPDATE = Boolean.getBoolean("kombify.updateReference");

    @Test
    void referenceListsEveryFieldAsTheSchemaDefinesIt() throws IOException {
        assertSection("fields", SpecReference.fields());
    }

    @Test
    void referenceListsEveryDeliberateDifferenceFromTheSchema() throws IOException {
        assertSection("divergences", SpecReference.divergences());
    }

    @Test
    void referenceShowsEveryDiagnosticWithItsRealMessage() throws IOException {
        assertSection("diagnostics", SpecReference.diagnostics());
    }

    @Test
    void everyExampleProducesItsCodeWithAHint() {
        SoftAssertions softly = new SoftAssertions();
        for (SpecReference.Example e : SpecReference.examples()) {
            List<Diagnostic> found = e.diagnostics();
            softly.assertThat(found).as("%s: %s", e.code(), e.all()).isNotEmpty();
            for (Diagnostic d : found) {
                softly.assertThat(d.message()).as("message of %s", d).isNotBlank();
                softly.assertThat(d.hint()).as("hint of %s", d).isNotBlank();
                if (e.stage() == SpecReference.Stage.VALIDATE) {
                    softly.assertThat(d.line()).as("line of %s", d).isPositive();
                    softly.assertThat(d.column()).as("column of %s", d).isPositive();
                }
            }
        }
        softly.assertAll();
    }

    /**
     * The CLI prints {@code file:line:col: error CODE: message}, so every message and hint reads
     * like a compiler's: lower-case start (an acronym such as {@code YAML} aside), no closing period.
     */
    @Test
    void everyDiagnosticSpeaksInTheCompilerVoice() {
        SoftAssertions softly = new SoftAssertions();
        for (SpecReference.Example e : SpecReference.examples()) {
            for (Diagnostic d : e.diagnostics()) {
                for (String text : List.of(d.message(), d.hint())) {
                    softly.assertThat(startsLowerCase(text)).as("%s starts lower-case: %s", d.code(), text).isTrue();
                    softly.assertThat(text.endsWith(".") && !text.endsWith("..."))
                            .as("%s ends with a period: %s", d.code(), text).isFalse();
                }
            }
        }
        softly.assertAll();
    }

    private static boolean startsLowerCase(String text) {
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        String word = text.substring(0, end);
        return word.isEmpty() || Character.isLowerCase(word.charAt(0)) || word.chars().noneMatch(Character::isLowerCase);
    }

    @Test
    void everyCodeTheReaderAndValidatorReportIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        SpecReference.examples().forEach(e -> documented.add(e.code()));

        assertThat(documented).containsAll(reportedCodes());
        assertThat(reportedCodes()).containsAll(documented);
    }

    /**
     * The codes in the sources of the reader, the validator and the kit gates: every
     * {@code error("CODE"} and {@code warning("CODE"} literal (the resolver's too) and every {@link ReadCodes}
     * constant. Loading a {@code stackkit.yaml} has its own code ({@code KIT_INVALID}),
     * which no {@code kombination.yaml} can produce.
     */
    static Set<String> reportedCodes() throws IOException {
        Set<String> codes = new TreeSet<>();
        for (Field f : ReadCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    codes.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        Path sources = CueVet.repositoryRoot().resolve("sdk-spec/src/main/java/io/kombify/spec");
        java.util.regex.Pattern literal = java.util.regex.Pattern.compile("(?:error|warning)\\(\\s*\"([A-Z][A-Z0-9]*_[A-Z0-9_]+)\"");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    codes.add(m.group(1));
                }
            }
        }
        codes.remove("KIT_INVALID");
        return codes;
    }

    private static void assertSection(String name, String generated) throws IOException {
        String begin = "<!-- BEGIN GENERATED " + name + " -->\n";
        String end = "<!-- END GENERATED " + name + " -->";
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int from = doc.indexOf(begin);
        int to = doc.indexOf(end);
        assertThat(from).as("%s has no section %s", DOC, begin.trim()).isNotNegative();
        assertThat(to).as("%s has no end marker %s", DOC, end).isGreaterThan(from);
        String current = doc.substring(from + begin.length(), to);
        if (UPDATE && !current.equals(generated)) {
            Files.writeString(DOC, doc.substring(0, from + begin.length()) + generated + doc.substring(to), StandardCharsets.UTF_8);
            return;
        }
        assertThat(current)
                .as("the %s section of docs/spec-reference.md is out of date; regenerate it with "
                        + "-Dkombify.updateReference=true (see SpecReferenceTest) and review the diff", name)
                .isEqualTo(generated);
    }
}
