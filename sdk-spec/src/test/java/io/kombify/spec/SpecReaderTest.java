package io.kombify.spec;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.spec.model.Intent;
import io.kombify.spec.model.IntentKind;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Priority;
import io.kombify.spec.model.Provider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SpecReaderTest {
    private static final String SAMPLE = String.join("\n",
            "# my lab",
            "name: my-lab",
            "version: \"1.0\"",
            "nodes:",
            "  - name: nas",
            "    type: main",
            "    provider: local",
            "    ssh:",
            "      host: 192.168.1.10",
            "      port: 2222",
            "      key_path: ~/.ssh/id",
            "    labels: {zone: home, gpu: \"true\"}",
            "services:",
            "  - name: jellyfin",
            "    type: media",
            "    enabled: false",
            "    config:",
            "      image: jellyfin/jellyfin:10.9",
            "      replicas: 2",
            "      ratio: 0.5",
            "      flags: [a, 1, true, ~]",
            "intents:",
            "  - media-server",
            "  - intent: gaming",
            "    priority: high",
            "metadata:",
            "  created_by: wizard",
            "  team: infra",
            "");

    private final SpecReader reader = SpecReader.defaults();

    @Test
    void readsAWellFormedSpecWithoutDiagnostics() {
        SpecDocument doc = reader.readString("kombination.yaml", SAMPLE);

        assertThat(doc.diagnostics()).isEmpty();
        assertThat(doc.spec().name()).isEqualTo("my-lab");
        assertThat(doc.spec().version()).isEqualTo("1.0");
        assertThat(doc.spec().nodes()).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo(NodeType.MAIN);
            assertThat(n.provider()).isEqualTo(Provider.LOCAL);
            assertThat(n.ssh().port()).isEqualTo(2222);
            assertThat(n.ssh().keyPath()).isEqualTo("~/.ssh/id");
            assertThat(n.labels()).containsExactly(Map.entry("zone", "home"), Map.entry("gpu", "true"));
        });
        assertThat(doc.spec().services().get(0).enabled()).isFalse();
        assertThat(doc.spec().services().get(0).config()).containsExactly(
                Map.entry("image", "jellyfin/jellyfin:10.9"), Map.entry("replicas", 2L), Map.entry("ratio", 0.5),
                Map.entry("flags", Arrays.asList("a", 1L, true, null)));
        assertThat(doc.spec().intents()).containsExactly(new Intent.Simple(IntentKind.MEDIA_SERVER),
                new Intent.Detailed(IntentKind.GAMING, Priority.HIGH, null, null, null));
        assertThat(doc.spec().metadata().extra()).containsExactly(Map.entry("team", "infra"));
    }

    @Test
    void recordsTheLineAndColumnOfEveryValueAndKey() {
        SourceMap positions = reader.readString("kombination.yaml", SAMPLE).positions();

        assertThat(positions.valueAt("/name")).hasValue(new SourcePosition(2, 7));
        assertThat(positions.keyAt("/name")).hasValue(new SourcePosition(2, 1));
        assertThat(positions.valueAt("/nodes/0")).hasValue(new SourcePosition(5, 5));
        assertThat(positions.valueAt("/nodes/0/ssh/port")).hasValue(new SourcePosition(10, 13));
        assertThat(positions.keyAt("/nodes/0/ssh/key_path")).hasValue(new SourcePosition(11, 7));
        assertThat(positions.valueAt("/nodes/0/labels/gpu")).hasValue(new SourcePosition(12, 31));
        assertThat(positions.valueAt("/services/0/config/flags/1")).hasValue(new SourcePosition(21, 18));
        assertThat(positions.valueAt("/intents/1/priority")).hasValue(new SourcePosition(25, 15));
        assertThat(positions.keyAt("/metadata/team")).hasValue(new SourcePosition(28, 3));
    }

    @Test
    void aMissingFieldIsPlacedAtItsNearestEnclosingValue() {
        SpecDocument doc = reader.readString("kombination.yaml", SAMPLE);
        Diagnostic missing = Diagnostic.error("SPEC_FIELD_REQUIRED", "/nodes/0/ssh/user", "user is missing", null);

        Diagnostic placed = doc.positions().place(missing);

        assertThat(placed.line()).isEqualTo(9);
        assertThat(placed.column()).isEqualTo(7);
        assertThat(doc.positions().valueAt("/nodes/7")).isEmpty();
        assertThat(doc.positions().valueAt("/nodes/0/labels/zone/deeper")).isEmpty();
        assertThat(doc.positions().keyAt("/nodes/0")).isEmpty();
        assertThat(doc.positions().size()).isEqualTo(37);
    }

    @Test
    void pointersEscapeSlashesAndTildesInKeys() {
        SpecDocument doc = reader.readString("k.yaml", "name: lab\nmetadata:\n  a/b: 1\n  c~d: 2\n");

        assertThat(doc.positions().valueAt("/metadata/a~1b")).hasValue(new SourcePosition(3, 8));
        assertThat(doc.positions().keyAt("/metadata/c~0d")).hasValue(new SourcePosition(4, 3));
    }

    @Test
    void positionsAreTheSameInAFileWithWindowsLineEndingsAndAByteOrderMark() {
        byte[] text = SAMPLE.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        SpecDocument doc = reader.read("kombination.yaml", withBom);

        assertThat(doc.diagnostics()).isEmpty();
        assertThat(doc.spec().name()).isEqualTo("my-lab");
        assertThat(doc.positions().valueAt("/name")).hasValue(new SourcePosition(2, 7));
        assertThat(doc.positions().valueAt("/nodes/0/ssh/port")).hasValue(new SourcePosition(10, 13));
        assertThat(doc.line(10)).isEqualTo("      port: 2222");
    }

    @Test
    void readsJsonWithPositions() {
        String json = "{\n  \"name\": \"my-lab\",\n  \"nodes\": [\n    {\"name\": \"nas\", \"type\": \"main\", \"provider\": \"local\"}\n  ]\n}\n";

        SpecDocument doc = reader.readString("kombination.json", json);

        assertThat(doc.diagnostics()).isEmpty();
        assertThat(doc.spec().nodes().get(0).name()).isEqualTo("nas");
        assertThat(doc.positions().valueAt("/name")).hasValue(new SourcePosition(2, 11));
        assertThat(doc.positions().keyAt("/name")).hasValue(new SourcePosition(2, 3));
        assertThat(doc.positions().valueAt("/nodes/0/type")).hasValue(new SourcePosition(4, 29));
    }

    @Test
    void recognisesJsonByItsFirstCharacterWhateverTheFileName() {
        SpecDocument doc = reader.readString("<stdin>", "  {\"name\": \"x\", \"nodes\": [], \"nmae\": 1}");

        assertThat(doc.diagnostics()).extracting(Diagnostic::code, Diagnostic::line, Diagnostic::column)
                .containsExactly(tuple("SPEC_UNKNOWN_FIELD", 1, 30));
    }

    @Test
    void readsAJsonFileWithPositionsAfterWindowsLineEndings() {
        String json = "{\r\n  \"name\": \"x\",\r\n  \"version\": 1.0\r\n}";

        SpecDocument doc = reader.readString("k.json", json);

        assertThat(doc.diagnostics()).extracting(Diagnostic::code, Diagnostic::line, Diagnostic::column)
                .containsExactly(tuple("SPEC_TYPE_MISMATCH", 3, 14));
    }

    @Test
    void unknownFieldSuggestsTheCloseName() {
        String yaml = "name: lab\nnodes:\n  - nmae: nas\n    type: main\nmetadata:\n  enviroment: prod\nnetwork:\n  vpnn: headscale\n";

        SpecDocument doc = reader.readString("k.yaml", yaml);

        assertThat(doc.diagnostics()).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::line, Diagnostic::column, Diagnostic::hint)
                .containsExactly(
                        tuple("SPEC_UNKNOWN_FIELD", "/nodes/0/nmae", 3, 5, "did you mean `name`?"),
                        tuple("SPEC_UNKNOWN_FIELD", "/network/vpnn", 8, 3, "did you mean `vpn`?"));
        assertThat(doc.diagnostics().get(0).message()).isEqualTo("unknown field `nmae` in an entry of `nodes`");
        // metadata is open: an unknown key is kept, not rejected
        assertThat(doc.spec().metadata().extra()).containsEntry("enviroment", "prod");
    }

    @Test
    void unknownFieldInAClosedObjectSuggestsEnvironment() {
        String yaml = "name: lab\nservices:\n  - name: web\n    type: service\n    enviroment:\n      A: b\n";

        Diagnostic d = reader.readString("k.yaml", yaml).diagnostics().get(0);

        assertThat(d.code()).isEqualTo("SPEC_UNKNOWN_FIELD");
        assertThat(d.hint()).isEqualTo("did you mean `environment`?");
        assertThat(d.line()).isEqualTo(5);
        assertThat(d.column()).isEqualTo(5);
    }

    @Test
    void unknownFieldFarFromAnyNameListsTheAllowedFields() {
        Diagnostic d = reader.readString("k.yaml", "name: lab\nnodes: []\nsystem:\n  kernel: 6.1\n").diagnostics().get(0);

        assertThat(d.message()).isEqualTo("unknown field `kernel` in `system`");
        assertThat(d.hint()).isEqualTo("use one of `timezone`, `locale`, `swap`, `unattendedUpgrades`, `packages`, or remove the field");
    }

    @Test
    void snakeCaseSpellingOfACamelCaseFieldIsSuggested() {
        Diagnostic d = reader.readString("k.yaml", "name: lab\nsecurity:\n  container:\n    read_only_rootfs: true\n").diagnostics().get(0);

        assertThat(d.hint()).isEqualTo("did you mean `readOnlyRootfs`?");
    }

    @Test
    void aPasswordWrittenAsANumberIsNotRepeatedInTheDiagnostic() {
        String yaml = "name: lab\nservices:\n  - name: db\n    type: database\n    environmentSecrets:\n      PGPASSWORD: 80417733\n";

        Diagnostic d = reader.readString("k.yaml", yaml).diagnostics().get(0);

        assertThat(d.code()).isEqualTo("SPEC_TYPE_MISMATCH");
        assertThat(d.path()).isEqualTo("/services/0/environmentSecrets/PGPASSWORD");
        assertThat(d.message()).isEqualTo("`PGPASSWORD` must be text, but it is a whole number");
        assertThat(d.hint()).isEqualTo("write a secret reference such as `secret://db-password`");
        assertThat(d.toString()).doesNotContain("80417733");
    }

    @Test
    void anUnquotedVersionIsATypeMismatchWithAHintToQuoteIt() {
        Diagnostic d = reader.readString("k.yaml", "name: lab\nversion: 1.0\n").diagnostics().get(0);

        assertThat(d.code()).isEqualTo("SPEC_TYPE_MISMATCH");
        assertThat(d.path()).isEqualTo("/version");
        assertThat(d.line()).isEqualTo(2);
        assertThat(d.column()).isEqualTo(10);
        assertThat(d.message()).isEqualTo("`version` must be text, but it is the number `1.0`");
        assertThat(d.hint()).isEqualTo("quote it to keep it as text: `\"1.0\"`");
    }

    @Test
    void integerFieldsRejectTextFractionsAndOutOfRangeNumbers() {
        String yaml = String.join("\n",
                "name: lab",
                "nodes:",
                "  - name: a",
                "    type: main",
                "    provider: local",
                "    ssh: {host: h, port: \"22\"}",
                "    resources: {cpu: 2.5}",
                "  - name: b",
                "    type: main",
                "    provider: local",
                "    resources: {cpu: 99999999999}",
                "");

        SpecDocument doc = reader.readString("k.yaml", yaml);

        assertThat(doc.diagnostics()).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::line, Diagnostic::column, Diagnostic::hint)
                .containsExactly(
                        tuple("SPEC_TYPE_MISMATCH", "/nodes/0/ssh/port", 6, 26, "remove the quotes: `22`"),
                        tuple("SPEC_TYPE_MISMATCH", "/nodes/0/resources/cpu", 7, 22, "write it without a fraction"),
                        tuple("SPEC_TYPE_MISMATCH", "/nodes/1/resources/cpu", 11, 22, "use a smaller number"));
        // the wrong values are left out; the rest of the node is still read
        assertThat(doc.spec().nodes().get(0).ssh().host()).isEqualTo("h");
        assertThat(doc.spec().nodes().get(0).ssh().port()).isNull();
    }

    @Test
    void booleansFollowYaml12SoYesIsText() {
        Diagnostic d = reader.readString("k.yaml", "name: lab\nservices:\n  - name: a\n    type: service\n    enabled: yes\n").diagnostics().get(0);

        assertThat(d.code()).isEqualTo("SPEC_TYPE_MISMATCH");
        assertThat(d.line()).isEqualTo(5);
        assertThat(d.column()).isEqualTo(14);
        assertThat(d.message()).isEqualTo("`enabled` must be `true` or `false`, but it is the text `yes`");
    }

    @Test
    void unknownEnumValueListsTheAllowedValuesAndSuggestsOne() {
        Diagnostic d = reader.readString("k.yaml", "name: lab\nnodes:\n  - name: a\n    type: mian\n").diagnostics().get(0);

        assertThat(d.code()).isEqualTo("SPEC_ENUM_INVALID");
        assertThat(d.path()).isEqualTo("/nodes/0/type");
        assertThat(d.line()).isEqualTo(4);
        assertThat(d.column()).isEqualTo(11);
        assertThat(d.message()).startsWith("`mian` is not a valid `type`: expected one of `main`, ");
        assertThat(d.hint()).isEqualTo("did you mean `main`?");
    }

    @Test
    void anUnknownIntentIsAnEnumError() {
        Diagnostic d = reader.readString("k.yaml", "name: lab\nintents: [media-servr]\n").diagnostics().get(0);

        assertThat(d.code()).isEqualTo("SPEC_ENUM_INVALID");
        assertThat(d.path()).isEqualTo("/intents/0");
        assertThat(d.hint()).isEqualTo("did you mean `media-server`?");
    }

    @Test
    void collectsEveryProblemInOnePass() {
        String yaml = String.join("\n",
                "name: lab",
                "version: 2",
                "colour: blue",
                "nodes:",
                "  - name: a",
                "    type: server",
                "    provider: local",
                "    labels: {x: 1}",
                "services: web",
                "");

        SpecDocument doc = reader.readString("k.yaml", yaml);

        assertThat(doc.diagnostics()).extracting(Diagnostic::code, Diagnostic::line)
                .containsExactly(tuple("SPEC_TYPE_MISMATCH", 2), tuple("SPEC_UNKNOWN_FIELD", 3), tuple("SPEC_ENUM_INVALID", 6),
                        tuple("SPEC_TYPE_MISMATCH", 8), tuple("SPEC_TYPE_MISMATCH", 9));
        assertThat(doc.spec()).isNotNull();
        assertThat(doc.spec().nodes().get(0).provider()).isEqualTo(Provider.LOCAL);
        assertThat(doc.diagnostics()).allSatisfy(d -> assertThat(d.hint()).as("hint of %s", d).isNotBlank());
    }

    @Test
    void anExplicitNullForATypedFieldIsATypeMismatch() {
        Diagnostic d = reader.readString("k.yaml", "name: lab\nservices:\n").diagnostics().get(0);

        assertThat(d.code()).isEqualTo("SPEC_TYPE_MISMATCH");
        assertThat(d.message()).isEqualTo("`services` must be a list, but it is empty");
        assertThat(d.hint()).isEqualTo("give it a value, or remove the field");
    }

    @Test
    void openValuesKeepPlainJavaValues() {
        String yaml = "name: lab\nidentity:\n  recovery:\n    passphraseHashPresent: true\n  kit-module: {level: 3, big: 123456789012345678901234567890, ratio: -1.5e3, hex: 0x1F}\n";

        SpecDocument doc = reader.readString("k.yaml", yaml);

        assertThat(doc.diagnostics()).isEmpty();
        assertThat(doc.spec().identity().recovery().passphraseHashPresent()).isEqualTo(true);
        assertThat(doc.spec().identity().extensions().get("kit-module")).isEqualTo(Map.of(
                "level", 3L, "big", new BigInteger("123456789012345678901234567890"), "ratio", -1500.0, "hex", 31L));
    }

    @Test
    void aFieldThatIsABooleanOrTextRejectsNumbers() {
        SpecDocument doc = reader.readString("k.yaml", "name: lab\nidentity:\n  recovery:\n    passphraseHashPresent: 1\n");

        assertThat(doc.diagnostics()).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::line, Diagnostic::column)
                .containsExactly(tuple("SPEC_TYPE_MISMATCH", "/identity/recovery/passphraseHashPresent", 4, 28));
        assertThat(reader.readString("k.yaml", "name: lab\nidentity:\n  recovery:\n    passphraseHashPresent: \"yes\"\n")
                .spec().identity().recovery().passphraseHashPresent()).isEqualTo("yes");
    }

    @Test
    void aliasesAndMergeKeysAreExpanded() {
        String yaml = String.join("\n",
                "name: lab",
                "x-defaults: &node",
                "  type: worker",
                "  provider: local",
                "nodes:",
                "  - <<: *node",
                "    name: a",
                "  - <<: *node",
                "    name: b",
                "    type: main",
                "");

        SpecDocument doc = reader.readString("k.yaml", yaml);

        assertThat(doc.diagnostics()).extracting(Diagnostic::code).containsExactly("SPEC_UNKNOWN_FIELD");
        assertThat(doc.spec().nodes()).extracting(n -> n.name(), n -> n.type(), n -> n.provider())
                .containsExactly(tuple("a", NodeType.WORKER, Provider.LOCAL), tuple("b", NodeType.MAIN, Provider.LOCAL));
    }

    @Test
    void emptyCollectionsOfNullableListsDifferFromAbsentOnes() {
        SpecDocument doc = reader.readString("k.yaml", "name: lab\nnetwork:\n  dns:\n    servers: []\n");

        assertThat(doc.spec().network().dns().servers()).isEmpty();
        assertThat(reader.readString("k.yaml", "name: lab\nnetwork:\n  dns: {}\n").spec().network().dns().servers()).isNull();
    }

    @Test
    void readsFilesAndStreams(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kombination.yaml");
        Files.writeString(file, SAMPLE);

        assertThat(reader.read(file).spec().name()).isEqualTo("my-lab");
        assertThat(reader.read(file).source()).isEqualTo(file.toString());
        assertThat(reader.read("<stdin>", new ByteArrayInputStream(SAMPLE.getBytes(StandardCharsets.UTF_8))).spec().name()).isEqualTo("my-lab");
    }

    @Test
    void aMissingFileIsAnIoError(@TempDir Path dir) {
        assertThatThrownBy(() -> reader.read(dir.resolve("missing.yaml")))
                .isInstanceOf(KombifyException.class)
                .satisfies(e -> assertThat(((KombifyException) e).code()).isEqualTo("IO_ERROR"));
    }

    @Test
    void limitsAreConfigurable() {
        SpecReader strict = SpecReader.builder().maxDepth(3).maxDocumentBytes(100).maxAliasNodes(0).build();

        assertThat(strict.readString("k.yaml", "name: lab\nnodes:\n  - ssh:\n      host: {a: 1}\n").diagnostics())
                .extracting(Diagnostic::code, Diagnostic::line, Diagnostic::column).containsExactly(tuple("SPEC_TOO_DEEP", 4, 7));
        assertThat(strict.readString("k.yaml", "name: lab\nmetadata: {a: &a x, b: *a}\n").diagnostics())
                .extracting(Diagnostic::code).containsExactly("SPEC_ALIAS_LIMIT");
        assertThat(strict.readString("k.yaml", "name: " + "x".repeat(200)).diagnostics())
                .extracting(Diagnostic::code).containsExactly("SPEC_TOO_LARGE");
        assertThat(strict.toBuilder().build().maxDepth()).isEqualTo(3);
    }

    @Test
    void diagnosticsComeInDocumentOrder() {
        List<Diagnostic> ds = reader.readString("k.yaml", "zzz: 1\nname: lab\naaa: 2\nversion: 3\n").diagnostics();

        assertThat(ds).extracting(Diagnostic::line).containsExactly(1, 3, 4);
    }
}
