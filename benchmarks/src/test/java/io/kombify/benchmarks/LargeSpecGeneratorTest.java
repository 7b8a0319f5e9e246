package io.kombify.benchmarks;

import io.kombify.core.Diagnostic;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.SpecValidator;
import io.kombify.spec.ValidationPolicy;
import io.kombify.spec.ValidationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LargeSpecGeneratorTest {

    private static final SpecReader READER = SpecReader.builder().maxDocumentBytes(64L << 20).build();
    private static final SpecValidator UNBOUNDED = SpecValidator.builder().policy(ValidationPolicy.UNBOUNDED).build();

    @Test
    void largeSpecHasTheRequestedSizeAndIsValidWithoutSizeLimits() {
        SpecDocument document = READER.read("fleet.yaml", LargeSpecGenerator.generate(100, 1_000));
        ValidationResult result = UNBOUNDED.validate(document);

        assertThat(document.diagnostics()).isEmpty();
        assertThat(document.spec().nodes()).hasSize(100);
        assertThat(document.spec().services()).hasSize(1_000);
        assertThat(result.errors()).isEmpty();
        assertThat(SpecResolver.builder().policy(ValidationPolicy.UNBOUNDED).build().resolve(document).planHash())
                .matches("[0-9a-f]{64}");
    }

    @Test
    void tenTimesLargerSpecIsValidWithoutSizeLimits() {
        SpecDocument document = READER.read("fleet.yaml", LargeSpecGenerator.generate(1_000, 10_000));

        assertThat(document.spec().nodes()).hasSize(1_000);
        assertThat(document.spec().services()).hasSize(10_000);
        assertThat(UNBOUNDED.validate(document).errors()).isEmpty();
    }

    @Test
    void defaultPolicyRejectsTheLargeSpecOnlyForItsSize() {
        ValidationResult result = SpecValidator.create().validate(READER.read("fleet.yaml", LargeSpecGenerator.generate(101, 201)));

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(Diagnostic::code, Diagnostic::path).containsExactlyInAnyOrder(
                tuple("SPEC_TOO_MANY_NODES", "/nodes"), tuple("SPEC_TOO_MANY_SERVICES", "/services"));
    }

    @Test
    void sameSizesGiveTheSameBytes() {
        assertThat(LargeSpecGenerator.generate(10, 57)).isEqualTo(LargeSpecGenerator.generate(10, 57));
    }

    @Test
    void generatedSpecShowsTheVarietyOfARealFleet() {
        String yaml = LargeSpecGenerator.yaml(100, 1_000);
        SpecDocument document = READER.readString("fleet.yaml", yaml);

        assertThat(document.spec().nodes()).extracting(n -> n.type().wire()).contains("main", "worker", "edge");
        assertThat(document.spec().nodes()).extracting(n -> n.provider().wire()).contains("local", "hetzner", "aws", "docker");
        assertThat(document.spec().services()).filteredOn(s -> s.node() == null).isNotEmpty();
        assertThat(document.spec().services()).filteredOn(s -> !s.isEnabled()).isNotEmpty();
        assertThat(document.spec().services()).filteredOn(s -> !s.needs().isEmpty()).hasSizeGreaterThan(300);
    }
}
