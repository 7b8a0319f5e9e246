package io.kombify.deploy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.state.Journal;
import io.kombify.deploy.state.JournalEntry;
import io.kombify.deploy.state.LockInfo;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import io.kombify.deploy.state.StateLock;
import io.kombify.deploy.state.StateLockedException;
import io.kombify.deploy.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} shares: serial and lineage checks, the lock, force
 * unlock and the journal. Extend it with a factory for your store; the tests use only the
 * public contract, so a database-backed store passes the same ones as the file store.
 */
public abstract class StateStoreContract {

    protected static final Instant T0 = Instant.parse("2026-11-02T10:15:30Z");

    /** A fresh, empty store for one test. */
    protected abstract StateStore newStore();

    /**
     * Another handle on the same stored state, as a second process would open it. Stores that
     * cannot be opened twice return {@code store} itself.
     */
    protected StateStore secondHandle(StateStore store) {
        return store;
    }

    protected static ResourceRecord record(String address, Map<String, Object> attributes, String... dependsOn) {
        ResourceId id = ResourceId.parse(address);
        List<ResourceId> deps = new ArrayList<>();
        for (String d : dependsOn) {
            deps.add(ResourceId.parse(d));
        }
        return new ResourceRecord(id, "docker", "id-" + id.name(), attributes, Set.of(), Map.of("ip", "10.0.0.7"),
                Set.copyOf(deps), "key-" + id.name());
    }

    protected static State firstState() {
        State empty = State.empty("homelab", T0);
        ResourceRecord network = record("container_network.lab", Map.of("driver", "bridge"));
        ResourceRecord app = record("container.nextcloud", Map.of("image", "nextcloud:29", "ports", List.of(80, 443)),
                "container_network.lab");
        return empty.next(Map.of(network.id(), network, app.id(), app), "sha256:abc", T0.plusSeconds(60));
    }

    protected static JournalEntry entry(long seq, JournalEntry.Phase phase, String address) {
        ResourceId id = ResourceId.parse(address);
        Optional<ResourceRecord> result = phase == JournalEntry.Phase.DONE
                ? Optional.of(record(address, Map.of("image", "busybox", "replicas", 2))) : Optional.empty();
        Optional<String> error = phase == JournalEntry.Phase.FAILED
                ? Optional.of("PROVIDER_FAILED: quota exceeded") : Optional.empty();
        return new JournalEntry(seq, phase, Action.CREATE, id, "docker", "key-" + seq, T0.plusMillis(seq), result,
                error);
    }

    // ---------------------------------------------------------------- state

    @Test
    void readsNothingBeforeTheFirstWrite() {
        assertThat(newStore().read()).isEmpty();
    }

    @Test
    void readsBackWhatWasWritten() {
        StateStore store = newStore();
        State state = firstState();
        store.write(state);
        assertThat(store.read()).contains(state);
        assertThat(secondHandle(store).read()).contains(state);
    }

    @Test
    void acceptsTheNextSerialOfTheSameLineage() {
        StateStore store = newStore();
        State first = firstState();
        store.write(first);
        State second = first.next(Map.of(), "", T0.plusSeconds(120));
        store.write(second);
        assertThat(store.read()).contains(second);
    }

    @Test
    void refusesAWriteThatDoesNotFollowTheStoredSerial() {
        StateStore store = newStore();
        State first = firstState();
        store.write(first);
        State second = first.next(Map.of(), "", T0.plusSeconds(120));
        store.write(second);

        // A writer that read serial 1 and now writes 2, after someone else wrote 2.
        KombifyException stale = catchThrowableOfType(KombifyException.class,
                () -> secondHandle(store).write(first.next(first.resources(), "sha256:other", T0.plusSeconds(180))));
        assertThat(stale.code()).isEqualTo("STATE_SERIAL_CONFLICT");
        assertThat(stale.getMessage()).contains(store.location()).contains("serial 2").contains("serial 3");

        KombifyException skipping = catchThrowableOfType(KombifyException.class,
                () -> store.write(second.next(Map.of(), "", T0).next(Map.of(), "", T0)));
        assertThat(skipping.code()).isEqualTo("STATE_SERIAL_CONFLICT");
        assertThat(store.read()).contains(second);
    }

    @Test
    void refusesAStateOfAnotherLineage() {
        StateStore store = newStore();
        State first = firstState();
        store.write(first);
        State stranger = State.empty("homelab", T0).next(Map.of(), "", T0).next(Map.of(), "", T0);

        assertThatThrownBy(() -> store.write(stranger))
                .isInstanceOfSatisfying(KombifyException.class,
                        e -> assertThat(e.code()).isEqualTo("STATE_SERIAL_CONFLICT"))
                .hasMessageContaining("lineage " + first.lineage())
                .hasMessageContaining("lineage " + stranger.lineage());
        assertThat(store.read()).contains(first);
    }

    // ---------------------------------------------------------------- lock

    @Test
    void aHeldLockFailsAtOnceNamingItsHolder() {
        StateStore store = newStore();
        try (StateLock held = store.lock("apply", "alice@nas (pid 4242)")) {
            StateLockedException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> catchThrowableOfType(
                    StateLockedException.class, () -> secondHandle(store).lock("destroy", "bob@laptop (pid 7)")));
            assertThat(e.code()).isEqualTo("STATE_LOCKED");
            assertThat(e.holder()).isEqualTo(held.info());
            assertThat(e.getMessage()).contains("alice@nas (pid 4242)").contains("apply")
                    .contains("kombify state unlock " + held.info().id());
        }
    }

    @Test
    void reportsTheHolderUntilTheLockIsClosed() {
        StateStore store = newStore();
        assertThat(store.lockHolder()).isEmpty();
        StateLock lock = store.lock("apply", "alice");
        LockInfo info = lock.info();
        assertThat(info.owner()).isEqualTo("alice");
        assertThat(info.operation()).isEqualTo("apply");
        assertThat(info.id()).isNotBlank();
        assertThat(secondHandle(store).lockHolder()).contains(info);

        lock.close();
        lock.close();
        assertThat(store.lockHolder()).isEmpty();
        try (StateLock again = secondHandle(store).lock("plan", "bob")) {
            assertThat(again.info().id()).isNotEqualTo(info.id());
        }
    }

    @Test
    void eachLockHasItsOwnId() {
        StateStore store = newStore();
        String first;
        try (StateLock lock = store.lock("apply", "alice")) {
            first = lock.info().id();
        }
        try (StateLock lock = store.lock("apply", "alice")) {
            assertThat(lock.info().id()).isNotEqualTo(first);
        }
    }

    @Test
    void forceUnlockWithTheRightIdReleasesTheLock() {
        StateStore store = newStore();
        StateLock stale = store.lock("apply", "crashed");
        secondHandle(store).forceUnlock(stale.info().id());
        assertThat(store.lockHolder()).isEmpty();

        try (StateLock next = secondHandle(store).lock("apply", "bob")) {
            // The old handle must not release the lock that is now someone else's.
            stale.close();
            assertThat(store.lockHolder()).contains(next.info());
        }
    }

    @Test
    void forceUnlockWithAnotherIdNamesTheActualIdAndKeepsTheLock() {
        StateStore store = newStore();
        try (StateLock held = store.lock("apply", "alice")) {
            assertThatThrownBy(() -> secondHandle(store).forceUnlock("0b3c5e2e-0000-4000-8000-000000000000"))
                    .isInstanceOfSatisfying(KombifyException.class,
                            e -> assertThat(e.code()).isEqualTo("LOCK_ID_MISMATCH"))
                    .hasMessageContaining(held.info().id())
                    .hasMessageContaining("0b3c5e2e-0000-4000-8000-000000000000");
            assertThat(store.lockHolder()).contains(held.info());
        }
    }

    @Test
    void forceUnlockOfAnUnlockedStateSaysSo() {
        StateStore store = newStore();
        assertThatThrownBy(() -> store.forceUnlock("any"))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.code()).isEqualTo("LOCK_NOT_HELD"))
                .hasMessageContaining("not locked");
    }

    @Test
    void onlyOneOfManyConcurrentLockersWins() throws Exception {
        StateStore store = newStore();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<StateLock>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String owner = "worker-" + i;
                attempts.add(pool.submit(() -> {
                    start.await();
                    try {
                        return secondHandle(store).lock("apply", owner);
                    } catch (StateLockedException e) {
                        return null;
                    }
                }));
            }
            start.countDown();
            List<StateLock> won = new ArrayList<>();
            for (Future<StateLock> attempt : attempts) {
                StateLock lock = attempt.get(10, TimeUnit.SECONDS);
                if (lock != null) {
                    won.add(lock);
                }
            }
            assertThat(won).hasSize(1);
            assertThat(store.lockHolder()).contains(won.get(0).info());
            won.get(0).close();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- journal

    @Test
    void theJournalStartsEmpty() {
        Journal journal = newStore().journal();
        assertThat(journal.entries()).isEmpty();
        assertThat(journal.nextSeq()).isEqualTo(1);
    }

    @Test
    void theJournalKeepsEntriesInOrderWithResultsAndErrors() {
        StateStore store = newStore();
        Journal journal = store.journal();
        List<JournalEntry> written = List.of(
                entry(1, JournalEntry.Phase.BEGIN, "container.app"),
                entry(2, JournalEntry.Phase.DONE, "container.app"),
                entry(3, JournalEntry.Phase.BEGIN, "volume.data"),
                entry(4, JournalEntry.Phase.FAILED, "volume.data"));
        written.forEach(journal::append);

        assertThat(journal.entries()).containsExactlyElementsOf(written);
        assertThat(journal.nextSeq()).isEqualTo(5);
        assertThat(secondHandle(store).journal().entries()).containsExactlyElementsOf(written);
        assertThat(secondHandle(store).journal().nextSeq()).isEqualTo(5);
    }

    @Test
    void clearingTheJournalStartsItAgain() {
        StateStore store = newStore();
        Journal journal = store.journal();
        journal.append(entry(1, JournalEntry.Phase.BEGIN, "container.app"));
        journal.append(entry(2, JournalEntry.Phase.DONE, "container.app"));
        journal.clear();

        assertThat(journal.entries()).isEmpty();
        assertThat(journal.nextSeq()).isEqualTo(1);
        assertThat(secondHandle(store).journal().entries()).isEmpty();
        journal.append(entry(1, JournalEntry.Phase.BEGIN, "container.other"));
        assertThat(journal.entries()).extracting(JournalEntry::id).containsExactly(ResourceId.parse("container.other"));
    }

    @Test
    void concurrentAppendsAreAllKeptWithTheirSeqs() throws Exception {
        Journal journal = newStore().journal();
        int threads = 6;
        int perThread = 40;
        AtomicLong seqs = new AtomicLong(journal.nextSeq());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<JournalEntry> expected = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String address = "container.worker-" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // Taking the seq and appending are not one step, so entries may land out of seq order.
                        JournalEntry entry = entry(seqs.getAndIncrement(),
                                i % 2 == 0 ? JournalEntry.Phase.BEGIN : JournalEntry.Phase.DONE, address);
                        journal.append(entry);
                        expected.add(entry);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<JournalEntry> entries = journal.entries();
        assertThat(entries).hasSize(threads * perThread).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(entries).extracting(JournalEntry::seq).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        // Each thread's own entries keep the order it appended them in.
        for (int t = 0; t < threads; t++) {
            ResourceId id = ResourceId.of(ResourceType.CONTAINER, "worker-" + t);
            assertThat(entries.stream().filter(e -> e.id().equals(id)).map(JournalEntry::seq).toList()).isSorted();
        }
        assertThat(journal.nextSeq()).isEqualTo(threads * perThread + 1);
    }
}
