package io.kombify.deploy.state;

import io.kombify.core.KombifyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A state store in memory, with the same contract as {@link LocalDirectoryStateStore}: serial
 * and lineage checks on write, one backup of the previous state, a lock that fails at once
 * naming its holder and can be forced open only with its ID, and a journal. Use it in tests,
 * in benchmarks and when embedding the engine where the state is kept elsewhere; everything is
 * lost with the instance. Thread-safe.
 */
public final class InMemoryStateStore implements StateStore {

    private final String location;
    private final MemoryJournal journal = new MemoryJournal();
    // Guarded by this.
    private State state;
    private State backup;
    private LockInfo lock;

    /** An empty store whose location reads {@code memory}. */
    public InMemoryStateStore() {
        this("memory");
    }

    /**
     * An empty store.
     *
     * @param location how messages name it, never {@code null}
     */
    public InMemoryStateStore(String location) {
        this.location = Objects.requireNonNull(location, "location");
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public synchronized Optional<State> read() {
        return Optional.ofNullable(state);
    }

    /**
     * {@inheritDoc}
     *
     * <p>When no state was written yet, any serial is accepted: the first write fixes the lineage.
     */
    @Override
    public synchronized void write(State newState) {
        Objects.requireNonNull(newState, "state");
        if (state != null) {
            LocalDirectoryStateStore.checkSuccessor(state, newState, location);
            backup = state;
        }
        state = newState;
    }

    /** The state before the last write, if there were two writes. */
    public synchronized Optional<State> backup() {
        return Optional.ofNullable(backup);
    }

    @Override
    public synchronized StateLock lock(String operation, String owner) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(owner, "owner");
        if (lock != null) {
            throw new StateLockedException(lock, location);
        }
        LockInfo info = new LockInfo(UUID.randomUUID().toString(), owner, operation, Instant.now());
        lock = info;
        return new MemoryLock(info);
    }

    @Override
    public synchronized Optional<LockInfo> lockHolder() {
        return Optional.ofNullable(lock);
    }

    @Override
    public synchronized void forceUnlock(String lockId) {
        Objects.requireNonNull(lockId, "lockId");
        if (lock == null) {
            throw new KombifyException("LOCK_NOT_HELD", "the state in " + location
                    + " is not locked; there is nothing to unlock");
        }
        if (!lock.id().equals(lockId)) {
            throw new KombifyException("LOCK_ID_MISMATCH", "the lock on the state in " + location + " has ID "
                    + lock.id() + ", not " + lockId + " (held by " + lock.owner() + " for " + lock.operation()
                    + " since " + lock.createdAt() + "). Make sure that holder is gone, then run `kombify state unlock "
                    + lock.id() + "`");
        }
        lock = null;
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public String toString() {
        return "InMemoryStateStore[" + location + "]";
    }

    private synchronized void release(LockInfo info) {
        if (lock != null && lock.id().equals(info.id())) {
            lock = null;
        }
    }

    private final class MemoryLock implements StateLock {
        private final LockInfo info;

        MemoryLock(LockInfo info) {
            this.info = info;
        }

        @Override
        public LockInfo info() {
            return info;
        }

        @Override
        public void close() {
            release(info);
        }
    }

    private static final class MemoryJournal implements Journal {
        private final List<JournalEntry> entries = new ArrayList<>();
        private long lastSeq;

        @Override
        public synchronized void append(JournalEntry entry) {
            entries.add(Objects.requireNonNull(entry, "entry"));
            lastSeq = Math.max(lastSeq, entry.seq());
        }

        @Override
        public synchronized List<JournalEntry> entries() {
            return List.copyOf(entries);
        }

        @Override
        public synchronized long nextSeq() {
            return lastSeq + 1;
        }

        @Override
        public synchronized void clear() {
            entries.clear();
            lastSeq = 0;
        }
    }
}
