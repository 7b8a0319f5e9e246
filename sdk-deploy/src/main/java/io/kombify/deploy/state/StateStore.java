package io.kombify.deploy.state;

import java.util.Optional;

/**
 * Where a stack's state, its lock and its journal live. Implementations are thread-safe and
 * safe against other processes using the same store: the default
 * {@link LocalDirectoryStateStore} keeps files in a directory, the server keeps rows in its database.
 */
public interface StateStore {

    /** Where the state lives, for messages, such as {@code /home/alice/lab/.kombify}. */
    String location();

    /**
     * The state, if one was written.
     *
     * @throws io.kombify.core.KombifyException {@code STATE_CORRUPT} when it cannot be read (the message says
     *                                          where the backup is), {@code IO_ERROR} when it cannot be accessed
     */
    Optional<State> read();

    /**
     * Replaces the state atomically, keeping the previous one as a backup. The caller holds the lock.
     *
     * @throws io.kombify.core.KombifyException {@code STATE_SERIAL_CONFLICT} when {@code state.serial()} is not
     *                                          one more than the stored serial (or the lineage differs)
     */
    void write(State state);

    /**
     * Takes the lock, failing at once when someone holds it.
     *
     * @param operation what for, such as {@code apply}
     * @param owner     who, such as {@code alice@nas (pid 4242)}
     * @throws StateLockedException when it is held
     */
    StateLock lock(String operation, String owner);

    /** Who holds the lock, if anyone. */
    Optional<LockInfo> lockHolder();

    /**
     * Releases a lock someone else holds (a stale lock of a process that is gone).
     *
     * @throws io.kombify.core.KombifyException {@code LOCK_ID_MISMATCH} when the lock has another ID,
     *                                          {@code LOCK_NOT_HELD} when nobody holds it
     */
    void forceUnlock(String lockId);

    /** The journal of applies on this state. */
    Journal journal();
}
