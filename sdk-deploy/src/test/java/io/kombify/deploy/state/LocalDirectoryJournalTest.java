package io.kombify.deploy.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.ResourceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryJournalTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:15:30Z");

    @TempDir
    Path dir;

    private Journal journal() {
        return new LocalDirectoryStateStore(dir).journal();
    }

    private Path file() {
        return dir.resolve("journal.jsonl");
    }

    private static JournalEntry begin(long seq, String address) {
        return new JournalEntry(seq, JournalEntry.Phase.BEGIN, Action.CREATE, ResourceId.parse(address), "docker",
                "key-" + address, T0.plusSeconds(seq), Optional.empty(), Optional.empty());
    }

    private static JournalEntry done(long seq, String address) {
        ResourceId id = ResourceId.parse(address);
        ResourceRecord result = new ResourceRecord(id, "docker", "c-" + seq,
                Map.of("image", "busybox", "command", List.of("sleep", "1d"), "memory", 536870912L),
                Set.of(), Map.of("ip", "10.0.0." + seq), Set.of(), "key-" + address);
        return new JournalEntry(seq, JournalEntry.Phase.DONE, Action.CREATE, id, "docker", "key-" + address,
                T0.plusSeconds(seq), Optional.of(result), Optional.empty());
    }

    private void appendRaw(String text) throws IOException {
        Files.writeString(file(), text, UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void writesOneJsonObjectPerLine() throws IOException {
        Journal journal = journal();
        journal.append(begin(1, "container.app"));
        journal.append(done(2, "container.app"));

        List<String> lines = Files.readAllLines(file());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"seq\":1,\"phase\":\"begin\",\"action\":\"create\","
                + "\"address\":\"container.app\",\"provider\":\"docker\",\"idempotencyKey\":\"key-container.app\","
                + "\"at\":\"2026-11-02T10:15:31Z\"}");
        assertThat(lines.get(1)).startsWith("{\"seq\":2,\"phase\":\"done\"")
                .contains("\"result\":{\"address\":\"container.app\",\"provider\":\"docker\",\"providerId\":\"c-2\","
                        + "\"attributes\":{\"command\":[\"sleep\",\"1d\"],\"image\":\"busybox\",\"memory\":536870912}");
        assertThat(Files.readString(file())).endsWith("}\n");
    }

    @Test
    void aTornLastLineIsIgnoredAndOverwrittenByTheNextAppend() throws IOException {
        Journal journal = journal();
        journal.append(begin(1, "container.app"));
        journal.append(done(2, "container.app"));
        journal.append(begin(3, "volume.data"));
        appendRaw("{\"seq\":4,\"phase\":\"do"); // the machine stopped mid-write

        Journal afterRestart = journal();
        assertThat(afterRestart.entries()).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(afterRestart.nextSeq()).isEqualTo(4);

        afterRestart.append(done(4, "volume.data"));
        assertThat(journal().entries()).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(Files.readAllLines(file())).hasSize(4).allMatch(line -> line.startsWith("{\"seq\":"));
    }

    @Test
    void aCompleteButUnreadableLastLineIsIgnoredLikeATornOne() throws IOException {
        Journal journal = journal();
        journal.append(begin(1, "container.app"));
        appendRaw("\0\0\0\0\0\0\0\0\n"); // a file system that zero-filled the block after a crash

        Journal afterRestart = journal();
        assertThat(afterRestart.entries()).containsExactly(begin(1, "container.app"));
        afterRestart.append(done(2, "container.app"));
        assertThat(journal().entries()).containsExactly(begin(1, "container.app"), done(2, "container.app"));
    }

    @Test
    void aCorruptLineInTheMiddleIsReportedWithItsNumber() throws IOException {
        Journal journal = journal();
        journal.append(begin(1, "container.app"));
        journal.append(begin(3, "volume.data"));
        List<String> lines = new ArrayList<>(Files.readAllLines(file()));
        lines.add(1, "{\"seq\":2,\"phase\":\"done\",\"action\":\"create\"}");
        Files.write(file(), lines);
        byte[] before = Files.readAllBytes(file());

        KombifyException e = catchThrowableOfType(KombifyException.class, () -> journal().entries());

        assertThat(e.code()).isEqualTo("JOURNAL_CORRUPT");
        assertThat(e.getMessage()).contains(file().toString()).contains("line 2").contains("/address: missing");
        assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.line()).isEqualTo(2));
        assertThat(catchThrowableOfType(KombifyException.class, () -> journal().nextSeq()).code())
                .isEqualTo("JOURNAL_CORRUPT");
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void clearRemovesTheJournalFile() {
        Journal journal = journal();
        journal.append(begin(1, "container.app"));
        journal.clear();
        assertThat(file()).doesNotExist();
        assertThat(journal.entries()).isEmpty();
        assertThat(journal.nextSeq()).isEqualTo(1);
        journal.clear();
        assertThat(journal().nextSeq()).isEqualTo(1);
    }

    @Test
    void nextSeqSeesEntriesAnotherStoreAppended() {
        Journal mine = journal();
        assertThat(mine.nextSeq()).isEqualTo(1);
        Journal theirs = journal();
        theirs.append(begin(1, "container.app"));
        theirs.append(begin(7, "container.web"));
        assertThat(mine.nextSeq()).isEqualTo(8);
        mine.append(done(8, "container.web"));
        assertThat(theirs.entries()).extracting(JournalEntry::seq).containsExactly(1L, 7L, 8L);
        assertThat(theirs.nextSeq()).isEqualTo(9);
    }

    @Test
    void anEntryThatCannotBeReadBackIsRefusedBeforeAnythingIsWritten() {
        Journal journal = journal();
        journal.append(begin(1, "container.app"));
        JournalEntry broken = new JournalEntry(2, JournalEntry.Phase.FAILED, Action.CREATE,
                ResourceId.parse("container.app"), "docker", "key", T0, Optional.empty(), Optional.of("bad \uD83D"));

        assertThatThrownBy(() -> journal.append(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate U+D83D");
        assertThat(journal().entries()).containsExactly(begin(1, "container.app"));
    }

    @Test
    void theFirstAppendCreatesTheDirectory() {
        Path nested = dir.resolve("a/b/.kombify");
        Journal journal = new LocalDirectoryStateStore(nested).journal();
        assertThat(journal.entries()).isEmpty();
        journal.append(begin(1, "container.app"));
        assertThat(nested.resolve("journal.jsonl")).isRegularFile();
    }
}
