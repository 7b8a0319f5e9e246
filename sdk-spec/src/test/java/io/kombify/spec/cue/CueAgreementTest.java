package io.kombify.spec.cue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.Diagnostic;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecValidator;
import io.kombify.spec.ValidationPolicy;
import io.kombify.spec.ValidationResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential test against the real upstream schema: generated documents and one-field
 * mutations of them go to our reader and validator and to the CUE evaluator
 * ({@code cue vet -d '#KombinationSpec' kombination.cue FILE}), and the two verdicts must
 * agree. The deliberate differences are the named {@link Divergence}s; each must still
 * differ in its stated direction.
 *
 * <p>Needs Node.js and the harness prepared with {@value CueVet#PREPARE_COMMAND}; without
 * them the test is skipped, except with {@code CI=true}, where it fails.
 */
class CueAgreementTest {
    private static final int GENERATED = 150;
    private static final int BASES_PER_MUTATION = 2;
    private static final int BASES_PER_DIVERGENCE = 3;
    private static final long SEED = 0x6b6f6d6269667921L;

    private static final SpecReader READER = SpecReader.defaults();
    // The schema has no size limits, so neither may the validator it is compared with.
    private static final SpecValidator VALIDATOR = SpecValidator.builder().policy(ValidationPolicy.UNBOUNDED).build();

    /**
     * One document and what is expected of it.
     *
     * @param name        shown in the report
     * @param json        the document, given to both sides byte for byte
     * @param yaml        the same document as YAML, for our YAML reading path
     * @param schemaValid what the schema is expected to say
     * @param divergence  the deliberate difference this document shows, or {@code null} when both must agree
     */
    record Case(String name, String json, String yaml, boolean schemaValid, Divergence divergence) {
        static Case of(String name, Map<String, Object> tree, boolean schemaValid, Divergence divergence) {
            if (tree.containsKey(Divergence.DUPLICATE_MARK)) {
                String json = Divergence.json(new java.util.LinkedHashMap<>(tree));
                return new Case(name, json, Divergence.yaml(tree), schemaValid, divergence);
            }
            return new Case(name, Json.write(tree), Yaml.write(tree), schemaValid, divergence);
        }

        boolean expectedOurs() {
            return divergence == null ? schemaValid : !schemaValid;
        }
    }

    /** Our verdict on the JSON form (valid, or the errors), and whether the YAML form was valid. */
    record Ours(boolean valid, List<Diagnostic> errors, boolean yamlValid) {
        Ours(boolean valid, List<Diagnostic> errors) {
            this(valid, errors, valid);
        }

        @Override
        public String toString() {
            return valid ? "valid" : "invalid: " + errors.stream()
                    .map(d -> d.code() + " at " + d.path() + ": " + d.message())
                    .collect(Collectors.joining("; "));
        }
    }

    static Ours ours(Case c) {
        ValidationResult result;
        ValidationResult yaml;
        try {
            result = VALIDATOR.validate(READER.readString(c.name() + ".json", c.json()));
            yaml = VALIDATOR.validate(READER.readString(c.name() + ".yaml", c.yaml()));
        } catch (RuntimeException e) {
            // A reader or validator never throws for bad content; say which document made it.
            AssertionError error = new AssertionError("our reader or validator threw " + e + " on \"" + c.name()
                    + "\"\n  document: " + c.json() + "\n  at " + origin(e));
            error.initCause(e);
            throw error;
        }
        return new Ours(result.valid(), result.errors(), yaml.valid());
    }

    /** The innermost frame of our own code, where a bug is to be looked for. */
    private static StackTraceElement origin(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("io.kombify.") && !frame.getClassName().startsWith("io.kombify.spec.cue.")) {
                return frame;
            }
        }
        return e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
    }

    /** All documents, in a fixed order: generated ones, then mutations, then divergences. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < GENERATED; i++) {
            cases.add(Case.of("generated spec " + i, SpecTrees.valid(SEED + i), true, null));
        }
        List<Mutations.Mutation> mutations = Mutations.all();
        for (int m = 0; m < mutations.size(); m++) {
            Mutations.Mutation mutation = mutations.get(m);
            for (int b = 0; b < BASES_PER_MUTATION; b++) {
                int base = (m * BASES_PER_MUTATION + b) % GENERATED;
                cases.add(Case.of(mutation.name() + " (generated spec " + base + ")",
                        mutation.apply(SpecTrees.valid(SEED + base)), mutation.schemaValid(), null));
            }
            cases.add(Case.of(mutation.name() + " (minimal spec)", mutation.apply(SpecTrees.minimal()), mutation.schemaValid(), null));
        }
        for (Divergence d : Divergence.values()) {
            for (int b = 0; b < BASES_PER_DIVERGENCE; b++) {
                int base = (d.ordinal() * BASES_PER_DIVERGENCE + b) % GENERATED;
                cases.add(Case.of(d.slug() + " (generated spec " + base + ")", d.apply(SpecTrees.valid(SEED + base)), d.stricter(), d));
            }
            cases.add(Case.of(d.slug() + " (minimal spec)", d.apply(SpecTrees.minimal()), d.stricter(), d));
        }
        return cases;
    }

    /**
     * Fails unless the schema said what the case expects and our verdict relates to it as
     * declared: equal, or (for a divergence) opposite.
     */
    static void check(Case c, CueVet.Verdict cue, Ours ours) {
        String both = "\n  CUE:  " + cue + "\n  ours: " + ours + "\n  document: " + c.json();
        if (ours.yamlValid() != ours.valid()) {
            throw new AssertionError("our verdict on \"" + c.name() + "\" differs between its JSON form ("
                    + (ours.valid() ? "valid" : "invalid") + ") and its YAML form (" + (ours.yamlValid() ? "valid" : "invalid")
                    + ")" + both + "\n  as YAML:\n" + c.yaml());
        }
        if (cue.valid() != c.schemaValid()) {
            throw new AssertionError(c.divergence() == null
                    ? "the schema was expected to find \"" + c.name() + "\" " + (c.schemaValid() ? "valid" : "invalid")
                            + " (the generator or mutation no longer does what its name says)" + both
                    : "divergence " + c.divergence() + " no longer holds: the schema now finds it "
                            + (cue.valid() ? "valid" : "invalid") + "; remove it here and from docs/spec-reference.md" + both);
        }
        if (c.divergence() == null && ours.valid() != cue.valid()) {
            throw new AssertionError("our validator and the CUE schema disagree on \"" + c.name() + "\"" + both);
        }
        if (c.divergence() != null && ours.valid() != c.expectedOurs()) {
            throw new AssertionError("divergence " + c.divergence() + " no longer holds: we now agree with the schema on \""
                    + c.name() + "\"; remove it here and from docs/spec-reference.md" + both);
        }
    }

    @TestFactory
    Stream<DynamicTest> ourVerdictAgreesWithTheCueSchema() {
        String missing = CueVet.missingPrerequisite();
        if (missing != null) {
            // A skipped test, not an aborted factory: build tools report the first with its reason.
            return Stream.of(DynamicTest.dynamicTest("the CUE evaluator is available", () -> CueVet.skipOrFail(missing)));
        }
        List<Case> cases = cases();
        List<CueVet.Verdict> verdicts;
        try (CueVet cue = CueVet.startOrSkip()) {
            verdicts = cue.vetAll(cases.stream().map(Case::json).toList());
        }
        return IntStream.range(0, cases.size()).mapToObj(i -> {
            Case c = cases.get(i);
            return DynamicTest.dynamicTest(c.name(), () -> check(c, verdicts.get(i), ours(c)));
        });
    }

    @Test
    void casesCoverManyDocumentsAndEveryMutationAndDivergence() {
        List<Case> cases = cases();

        assertThat(cases).hasSizeGreaterThan(500);
        assertThat(cases).filteredOn(c -> c.divergence() == null && !c.schemaValid()).hasSizeGreaterThan(300);
        assertThat(cases.stream().map(Case::name).distinct().count()).isEqualTo(cases.size());
        assertThat(cases).extracting(Case::json).allSatisfy(json -> assertThat(json).doesNotContain("\n"));
    }

    @Test
    void generatedDocumentsUseEveryFieldOfTheSchema() {
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (int i = 0; i < GENERATED; i++) {
            collectPaths(SpecTrees.valid(SEED + i), "", used);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(SpecReference.fields());
        List<String> fields = new ArrayList<>();
        while (m.find()) {
            fields.add(m.group(1));
        }

        assertThat(fields).hasSizeGreaterThan(100);
        assertThat(used).containsAll(fields);
    }

    /** Adds the path of every field in {@code tree}, written as in the reference ({@code nodes[].ssh.port}). */
    private static void collectPaths(Object tree, String prefix, java.util.Set<String> out) {
        if (tree instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String path = prefix + e.getKey();
                out.add(path);
                collectPaths(e.getValue(), path + ".", out);
            }
        } else if (tree instanceof List<?> list) {
            String listPath = prefix.substring(0, prefix.length() - 1) + "[].";
            list.forEach(item -> collectPaths(item, listPath, out));
        }
    }

    @Test
    void generatedDocumentsAreTheSameForTheSameSeed() {
        assertThat(Json.write(SpecTrees.valid(7))).isEqualTo(Json.write(SpecTrees.valid(7)));
        assertThat(Json.write(SpecTrees.valid(7))).isNotEqualTo(Json.write(SpecTrees.valid(8)));
    }

    @Test
    void generatedDocumentsAreValidForOurValidator() {
        for (int i = 0; i < GENERATED; i++) {
            Case c = Case.of("generated spec " + i, SpecTrees.valid(SEED + i), true, null);
            assertThat(ours(c).valid()).as("%s: %s\n%s", c.name(), ours(c), c.json()).isTrue();
        }
    }

    @Test
    void aDisagreementFailsWithBothVerdictsPrinted() {
        Case c = new Case("port container 0 (minimal spec)", "{\"name\":\"lab\"}", "name: lab\n", false, null);
        CueVet.Verdict cue = new CueVet.Verdict(false, "services.0.ports.0.container: invalid value 0 (out of bound >0)");
        Ours ours = new Ours(true, List.of());

        assertThatThrownBy(() -> check(c, cue, ours))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("disagree on \"port container 0 (minimal spec)\"")
                .hasMessageContaining("CUE:  invalid: services.0.ports.0.container: invalid value 0 (out of bound >0)")
                .hasMessageContaining("ours: valid")
                .hasMessageContaining("document: {\"name\":\"lab\"}");
    }

    @Test
    void aDivergenceThatStopsDivergingFails() {
        Case c = new Case("fractional-port (minimal spec)", "{}", "{}\n", true, Divergence.FRACTIONAL_PORT);

        assertThatThrownBy(() -> check(c, CueVet.Verdict.ok(), new Ours(true, List.of())))
                .hasMessageContaining("divergence FRACTIONAL_PORT no longer holds: we now agree with the schema");
        assertThatThrownBy(() -> check(c, new CueVet.Verdict(false, "conflict"), new Ours(false, List.of())))
                .hasMessageContaining("divergence FRACTIONAL_PORT no longer holds: the schema now finds it invalid");
    }

    @Test
    void ourYamlAndJsonVerdictsThatDifferFail() {
        Case c = new Case("name with upper case (minimal spec)", "{\"name\":\"Lab\"}", "name: Lab\n", false, null);

        assertThatThrownBy(() -> check(c, new CueVet.Verdict(false, "name: invalid value"), new Ours(false, List.of(), true)))
                .hasMessageContaining("differs between its JSON form (invalid) and its YAML form (valid)")
                .hasMessageContaining("as YAML:\nname: Lab");
    }

    @Test
    void aMutationTheSchemaDoesNotRejectFails() {
        Case c = new Case("node type unknown (minimal spec)", "{}", "{}\n", false, null);

        assertThatThrownBy(() -> check(c, CueVet.Verdict.ok(), new Ours(true, List.of())))
                .hasMessageContaining("the schema was expected to find \"node type unknown (minimal spec)\" invalid");
    }

    @Test
    void aDuplicateKeyIsWrittenTwiceInBothForms() {
        Case c = Case.of("duplicate", Divergence.DUPLICATE_KEY.apply(SpecTrees.minimal()), true, Divergence.DUPLICATE_KEY);

        assertThat(c.json()).startsWith("{\"name\":\"lab\",\"name\":\"lab\",\"nodes\":");
        assertThat(c.yaml()).startsWith("name: lab\nname: lab\nnodes:");
    }

    @Test
    void everyDivergenceChangesTheMinimalSpec() {
        for (Divergence d : Divergence.values()) {
            Case changed = Case.of(d.slug(), d.apply(SpecTrees.minimal()), d.stricter(), d);
            Case minimal = Case.of("minimal", SpecTrees.minimal(), true, null);
            assertThat(changed.json()).as(d.name()).isNotEqualTo(minimal.json());
            assertThat(changed.yaml()).as(d.name()).isNotEqualTo(minimal.yaml());
        }
    }
}
