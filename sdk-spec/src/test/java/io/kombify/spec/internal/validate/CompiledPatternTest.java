package io.kombify.spec.internal.validate;

import io.kombify.spec.model.SpecPatterns;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompiledPatternTest {
    @Test
    void endAnchorsMatchOnlyAtTheVeryEndAsInRe2() {
        CompiledPattern dns = CompiledPattern.of(SpecPatterns.DNS_NAME, "nas");

        assertThat(dns.matches("nas")).isTrue();
        assertThat(dns.matches("nas\n")).isFalse();
        assertThat(dns.matches("nas\r\n")).isFalse();
    }

    @Test
    void dollarSignsThatAreEscapedOrInsideAClassStayLiteral() {
        assertThat(CompiledPattern.toJava("^a$|^b$")).isEqualTo("^a\\z|^b\\z");
        assertThat(CompiledPattern.toJava("^[$]\\$x$")).isEqualTo("^[$]\\$x\\z");
        assertThat(CompiledPattern.toJava("^[]$]+$")).isEqualTo("^[]$]+\\z");
    }

    @Test
    void unanchoredPatternsMatchAnywhereLikeCuesRegexOperator() {
        CompiledPattern secret = CompiledPattern.of(SpecPatterns.SECRET_REF, "secret://x");

        assertThat(secret.matches("secret://db")).isTrue();
        assertThat(secret.matches("plain")).isFalse();
    }

    @Test
    void cronRangesBetweenCommaAndSlashAreHonoured() {
        CompiledPattern cron = CompiledPattern.of(SpecPatterns.CRON, "0 3 * * *");

        assertThat(cron.matches("*/15 0-6 1,15 * 1-5")).isTrue();
        assertThat(cron.matches("0 3 * *")).isFalse();
    }
}
