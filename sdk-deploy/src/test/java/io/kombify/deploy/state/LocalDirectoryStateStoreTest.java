package io.kombify.deploy.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.testing.StateStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LocalDirectoryStateStoreTest extends StateStoreContract {

    @TempDir
    Path temp;

    @Override
    protected StateStore newStore() {
        return new LocalDirectoryStateStore(temp.resolve(".kombify"));
    }

    @Override
    protected StateStore secondHandle(StateStore store) {
        return new LocalDirectoryStateStore(Path.of(store.location()));
    }

    private Path dir() {
        return temp.resolve(".kombify");
    }

    private static State sample() {
        ResourceRecord network = new ResourceRecord(ResourceId.parse("container_network.lab"), "docker", "n-1",
                Map.of("driver", "bridge"), Set.of(), Map.of(), Set.of(), "k1");
        ResourceRecord app = new ResourceRecord(ResourceId.parse("container.nextcloud"), "docker", "c-2",
                Map.of("image", "nextcloud:29", "ports", List.of(80, 443),
                        "env", Map.of("ADMIN_PASSWORD", "secret://nextcloud-admin"), "ratio", 0.5, "debug", false,
                        "note", Collections.singletonMap("x", null)),
                Set.of("env"), Map.of("ip", "10.0.0.7"), Set.of(network.id()), "k2");
        return new State(1, "4c1a7c2e-9d1b-4f7e-a0e3-2b5f0c9d8e71", 3, "homelab", "sha256:abc", T0,
                Map.of(network.id(), network, app.id(), app));
    }

    @Test
    void writesTheStateAsStablePrettyJson() throws IOException {
        newStore().write(sample());
        assertThat(Files.readString(dir().resolve("state.json"))).isEqualTo("""
                {
                  "format": "kombify-state/1",
                  "lineage": "4c1a7c2e-9d1b-4f7e-a0e3-2b5f0c9d8e71",
                  "serial": 3,
                  "stack": "homelab",
                  "specHash": "sha256:abc",
                  "updatedAt": "2026-11-02T10:15:30Z",
                  "resources": [
                    {
                      "address": "container.nextcloud",
                      "provider": "docker",
                      "providerId": "c-2",
                      "attributes": {
                        "debug": false,
                        "env": {
                          "ADMIN_PASSWORD": "secret://nextcloud-admin"
                        },
                        "image": "nextcloud:29",
                        "note": {
                          "x": null
                        },
                        "ports": [
                          80,
                          443
                        ],
                        "ratio": 0.5
                      },
                      "sensitive": [
                        "env"
                      ],
                      "outputs": {
                        "ip": "10.0.0.7"
                      },
                      "dependsOn": [
                        "container_network.lab"
                      ],
                      "idempotencyKey": "k2"
                    },
                    {
                      "address": "container_network.lab",
                      "provider": "docker",
                      "providerId": "n-1",
                      "attributes": {
                        "driver": "bridge"
                      },
                      "sensitive": [],
                      "outputs": {},
                      "dependsOn": [],
                      "idempotencyKey": "k1"
                    }
                  ]
                }
                """);
    }

    @Test
    void rewritingAStateReadBackGivesTheSameBytes() throws IOException {
        newStore().write(sample());
        byte[] written = Files.readAllBytes(dir().resolve("state.json"));

        State readBack = newStore().read().orElseThrow();
        assertThat(readBack).isEqualTo(sample());
        Path elsewhere = temp.resolve("elsewhere");
        new LocalDirectoryStateStore(elsewhere).write(readBack);
        assertThat(Files.readAllBytes(elsewhere.resolve("state.json"))).isEqualTo(written);
    }

    @Test
    void createsTheDirectoryOnTheFirstWriteAndNamesItAbsolutely() {
        Path relative = Path.of("target-does-not-matter", "..", "x");
        assertThat(new LocalDirectoryStateStore(relative).location())
                .isEqualTo(relative.toAbsolutePath().normalize().toString());

        StateStore store = newStore();
        assertThat(store.location()).isEqualTo(dir().toString());
        assertThat(store.read()).isEmpty();
        assertThat(dir()).doesNotExist();
        store.write(firstState());
        assertThat(dir().resolve("state.json")).isRegularFile();
    }

    @Test
    void keepsExactlyOneBackupOfThePreviousState() throws IOException {
        StateStore store = newStore();
        State first = firstState();
        store.write(first);
        assertThat(dir().resolve("state.json.backup")).doesNotExist();
        byte[] firstBytes = Files.readAllBytes(dir().resolve("state.json"));

        State second = first.next(Map.of(), "sha256:def", T0.plusSeconds(300));
        store.write(second);
        assertThat(Files.readAllBytes(dir().resolve("state.json.backup"))).isEqualTo(firstBytes);
        byte[] secondBytes = Files.readAllBytes(dir().resolve("state.json"));

        store.write(second.next(first.resources(), "sha256:abc", T0.plusSeconds(600)));
        assertThat(Files.readAllBytes(dir().resolve("state.json.backup"))).isEqualTo(secondBytes);
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("state.json", "state.json.backup");
        }
    }

    @Test
    void aConflictingWriteChangesNoFile() throws IOException {
        StateStore store = newStore();
        State first = firstState();
        store.write(first);
        store.write(first.next(Map.of(), "", T0));
        byte[] state = Files.readAllBytes(dir().resolve("state.json"));
        byte[] backup = Files.readAllBytes(dir().resolve("state.json.backup"));

        KombifyException e = catchThrowableOfType(KombifyException.class,
                () -> secondHandle(store).write(first.next(Map.of(), "late", T0)));

        assertThat(e.code()).isEqualTo("STATE_SERIAL_CONFLICT");
        assertThat(Files.readAllBytes(dir().resolve("state.json"))).isEqualTo(state);
        assertThat(Files.readAllBytes(dir().resolve("state.json.backup"))).isEqualTo(backup);
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files).hasSize(2);
        }
    }

    static Stream<Arguments> corruptions() {
        return Stream.of(
                corruption("truncated by a crash", s -> s.substring(0, s.length() / 2),
                        "not valid JSON: Unexpected end-of-input"),
                corruption("not JSON", s -> s.replace("\"serial\": 2", "\"serial\": two"), "not valid JSON"),
                corruption("empty", s -> "", "the file is empty"),
                corruption("zero-filled", s -> "\0".repeat(s.length()), "not valid JSON"),
                corruption("trailing garbage", s -> s + "}\n", "not valid JSON"),
                corruption("a list, not an object", s -> "[]", "expected a JSON object, found an array"),
                corruption("serial missing", s -> s.replace("  \"serial\": 2,\n", ""), "/serial: missing"),
                corruption("serial of the wrong type", s -> s.replace("\"serial\": 2", "\"serial\": \"2\""),
                        "/serial: expected a whole number of 0 or more, found a string"),
                corruption("another file format", s -> s.replace("kombify-state/1", "terraform-state/4"),
                        "/format: format 'terraform-state/4' is not a kombify state"),
                corruption("a newer format", s -> s.replace("kombify-state/1", "kombify-state/2"),
                        "/format: format kombify-state/2 is not supported"),
                corruption("a bad address", s -> s.replace("\"container.nextcloud\"", "\"nextcloud\""),
                        "/resources/0/address: 'nextcloud' is not a resource address"),
                corruption("a record without provider", s -> s.replaceFirst("      \"provider\": \"docker\",\n", ""),
                        "/resources/0/provider: missing"),
                corruption("a bad timestamp", s -> s.replace("\"updatedAt\": \"", "\"updatedAt\": \"yesterday "),
                        "/updatedAt: 'yesterday"),
                corruption("a duplicated key", s -> s.replace("\"stack\": \"homelab\",",
                        "\"stack\": \"homelab\",\n  \"stack\": \"other\","), "not valid JSON: Duplicate"));
    }

    private static Arguments corruption(String name, UnaryOperator<String> corrupt, String problem) {
        return Arguments.of(name, corrupt, problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void aCorruptStateFileIsReportedClearlyAndTheBackupSurvives(String name, UnaryOperator<String> corrupt,
                                                                String problem) throws IOException {
        StateStore store = newStore();
        State first = firstState();
        store.write(first);
        State second = first.next(first.resources(), "sha256:def", T0.plusSeconds(300));
        store.write(second);
        Path stateFile = dir().resolve("state.json");
        Path backupFile = dir().resolve("state.json.backup");
        byte[] backup = Files.readAllBytes(backupFile);
        Files.writeString(stateFile, corrupt.apply(Files.readString(stateFile)));
        byte[] corrupted = Files.readAllBytes(stateFile);

        KombifyException e = catchThrowableOfType(KombifyException.class, () -> secondHandle(store).read());

        assertThat(e).as(name).isNotNull();
        assertThat(e.code()).isEqualTo("STATE_CORRUPT");
        assertThat(e.getMessage())
                .startsWith("the state file " + stateFile + " is corrupt: ")
                .contains(problem)
                .contains("the previous state is in " + backupFile
                        + "; inspect it and copy it over state.json to restore");
        assertThat(e.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("STATE_CORRUPT");
            assertThat(d.hint()).contains(backupFile.toString());
        });

        // A write over a corrupt state is refused the same way, and nothing is touched.
        KombifyException onWrite = catchThrowableOfType(KombifyException.class,
                () -> store.write(second.next(Map.of(), "", T0)));
        assertThat(onWrite.code()).isEqualTo("STATE_CORRUPT");
        assertThat(Files.readAllBytes(backupFile)).isEqualTo(backup);
        assertThat(Files.readAllBytes(stateFile)).isEqualTo(corrupted);

        // Following the hint restores the previous state.
        Files.copy(backupFile, stateFile, StandardCopyOption.REPLACE_EXISTING);
        assertThat(store.read()).contains(first);
    }

    @Test
    void aStateThatCouldNotBeReadBackIsRefusedAndNothingChanges() throws IOException {
        StateStore store = newStore();
        State first = firstState();
        store.write(first);
        byte[] before = Files.readAllBytes(dir().resolve("state.json"));
        ResourceRecord odd = record("container.odd", Map.of("label", "half an emoji \uD83D"));

        assertThatThrownBy(() -> store.write(first.next(Map.of(odd.id(), odd), "", T0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container.odd").hasMessageContaining("not valid Unicode");
        assertThat(Files.readAllBytes(dir().resolve("state.json"))).isEqualTo(before);
        assertThat(dir().resolve("state.json.backup")).doesNotExist();
    }

    @Test
    void aSyntaxErrorIsReportedWithItsLineAndColumn() throws IOException {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("state.json"), """
                {
                  "format": "kombify-state/1",
                  "lineage": oops,
                  "serial": 1
                }
                """);

        KombifyException e = catchThrowableOfType(KombifyException.class, () -> newStore().read());

        assertThat(e.code()).isEqualTo("STATE_CORRUPT");
        assertThat(e.getMessage()).contains("(line 3, column 14)").contains("oops");
        Diagnostic d = e.diagnostics().get(0);
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(14);
    }

    @Test
    void aCorruptStateWithoutBackupSaysThereIsNone() throws IOException {
        StateStore store = newStore();
        store.write(firstState());
        Files.writeString(dir().resolve("state.json"), "{\"format\":");

        KombifyException e = catchThrowableOfType(KombifyException.class, store::read);

        assertThat(e.code()).isEqualTo("STATE_CORRUPT");
        assertThat(e.getMessage()).contains("there is no backup").doesNotContain("copy it over");
        assertThat(dir().resolve("state.json.backup")).doesNotExist();
    }

    @Test
    void anUnreadableStateDirectoryIsAnIoError() throws IOException {
        Files.createDirectories(dir().resolve("state.json")); // a directory where the file should be

        KombifyException e = catchThrowableOfType(KombifyException.class, () -> newStore().read());

        assertThat(e.code()).isEqualTo("IO_ERROR");
        assertThat(e.getMessage()).contains(dir().resolve("state.json").toString());
    }
}
