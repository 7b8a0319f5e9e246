package io.kombify.spec.internal.resolve;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8OutTest {

    /** The canonical text as it was first written: a JSON string built as text, then encoded by the JDK. */
    private static byte[] reference(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] written(String s) {
        PlanHash.Utf8Out out = new PlanHash.Utf8Out(4);
        out.quoted(s);
        return bytes(out);
    }

    /** What the digest is fed. */
    private static byte[] bytes(PlanHash.Utf8Out out) {
        java.security.MessageDigest sink = new java.security.MessageDigest("capture") {
            private final java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();

            @Override
            protected void engineUpdate(byte input) {
                seen.write(input);
            }

            @Override
            protected void engineUpdate(byte[] input, int offset, int len) {
                seen.write(input, offset, len);
            }

            @Override
            protected byte[] engineDigest() {
                return seen.toByteArray();
            }

            @Override
            protected void engineReset() {
                seen.reset();
            }
        };
        out.drainInto(sink);
        return sink.digest();
    }

    @Property(tries = 500)
    void quotedTextIsByteForByteWhatTheJdkEncodes(@ForAll("texts") String s) {
        assertThat(written(s)).isEqualTo(reference(s));
    }

    @Test
    void escapesControlCharactersAndKeepsEveryPlaneOfUnicode() {
        String s = "a\"b\\c\n\r\t\u0001\u001f\u007f é € 😀 \ud800x \udc00";
        assertThat(written(s)).isEqualTo(reference(s));
        assertThat(new String(written("tab\there"), StandardCharsets.UTF_8)).isEqualTo("\"tab\\there\"");
        assertThat(new String(written("\u0001"), StandardCharsets.UTF_8)).isEqualTo("\"\\u0001\"");
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> mixed = Arbitraries.strings().withChars("ab\"\\\n\t\u0000\u001féß€😀\ud800\udc00").ofMaxLength(20);
        return Arbitraries.oneOf(any, mixed);
    }
}
