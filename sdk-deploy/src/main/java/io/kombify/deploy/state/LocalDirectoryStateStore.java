package io.kombify.deploy.state;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.internal.StateJson;
import io.kombify.deploy.internal.StateJson.MalformedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default state store: a stack's state, lock and journal as files in one directory, such
 * as {@code .kombify/} next to {@code kombination.yaml}. Use it for a stack managed from one
 * machine (or a shared file system); the server keeps the same things in its database.
 *
 * <p>The directory holds
 * <ul>
 *   <li>{@code state.json}: the {@link State} as pretty JSON ({@code kombify-state/1}), replaced
 *       atomically on every write (written to a temporary file, forced to disk, renamed over);</li>
 *   <li>{@code state.json.backup}: the state before the last write;</li>
 *   <li>{@code lock.json}: present while someone holds the lock, created atomically, so two
 *       processes (or two stores on the same directory) never both hold it;</li>
 *   <li>{@code journal.jsonl}: one JSON object per line, each forced to disk before
 *       {@link Journal#append} returns.</li>
 * </ul>
 * The directory is created on the first write. A lock file that cannot be read (left empty by
 * a crash, for instance) still counts as held; {@link #lockHolder()} reports it with the ID
 * found in it or, when none can be found, {@link #UNREADABLE_LOCK_ID}, which
 * {@link #forceUnlock(String)} then accepts. Thread-safe; several instances on one directory,
 * in one process or several, see each other's locks.
 */
public final class LocalDirectoryStateStore implements StateStore {

    /** The lock ID reported for a lock file in which no ID can be read; force-unlocking with it removes that file. */
    public static final String UNREADABLE_LOCK_ID = "unreadable";

    static final String STATE_FILE = "state.json";
    static final String BACKUP_FILE = "state.json.backup";
    static final String LOCK_FILE = "lock.json";
    static final String JOURNAL_FILE = "journal.jsonl";

    private static final Pattern LOCK_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9A-Za-z-]{1,64})\"");
    // A lock file is created empty and filled right after; a reader that sees it in between looks again briefly.
    private static final int LOCK_READ_ATTEMPTS = 5;
    private static final long LOCK_READ_PAUSE_MILLIS = 20;

    private final Path directory;
    private final Path stateFile;
    private final Path backupFile;
    private final Path lockFile;
    private final Object writeMonitor = new Object();
    private final FileJournal journal;

    /**
     * A store in {@code directory}, which need not exist yet.
     *
     * @param directory never {@code null}; a relative path is resolved against the working directory now
     */
    public LocalDirectoryStateStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        this.stateFile = this.directory.resolve(STATE_FILE);
        this.backupFile = this.directory.resolve(BACKUP_FILE);
        this.lockFile = this.directory.resolve(LOCK_FILE);
        this.journal = new FileJournal(this.directory.resolve(JOURNAL_FILE));
    }

    /** The directory's absolute path. */
    @Override
    public String location() {
        return directory.toString();
    }

    /** The directory. */
    public Path directory() {
        return directory;
    }

    @Override
    public Optional<State> read() {
        Optional<byte[]> bytes = readIfExists(stateFile, "read the state file");
        return bytes.map(this::parseState);
    }

    /**
     * {@inheritDoc}
     *
     * <p>When no state was written yet, any serial is accepted: the first write fixes the lineage.
     */
    @Override
    public void write(State state) {
        Objects.requireNonNull(state, "state");
        byte[] content = StateJson.writeState(state);
        synchronized (writeMonitor) {
            Optional<byte[]> previous = readIfExists(stateFile, "read the state file");
            if (previous.isPresent()) {
                checkSuccessor(parseState(previous.get()), state, location());
            }
            createDirectory();
            String unique = UUID.randomUUID().toString();
            Path stateTemp = directory.resolve("." + STATE_FILE + "." + unique + ".tmp");
            Path backupTemp = directory.resolve("." + BACKUP_FILE + "." + unique + ".tmp");
            try {
                writeDurably(stateTemp, content);
                // The backup is a copy, not the old file moved aside: state.json must exist at every instant, or
                // a crash in between would leave a store that reads as empty, and the next apply would create
                // everything again.
                if (previous.isPresent()) {
                    writeDurably(backupTemp, previous.get());
                    replace(backupTemp, backupFile);
                }
                replace(stateTemp, stateFile);
                syncDirectory();
            } catch (IOException e) {
                throw ioError("write the state to", stateFile, e);
            } finally {
                deleteQuietly(stateTemp);
                deleteQuietly(backupTemp);
            }
        }
    }

    @Override
    public StateLock lock(String operation, String owner) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(owner, "owner");
        LockInfo info = new LockInfo(UUID.randomUUID().toString(), owner, operation, Instant.now());
        byte[] content = StateJson.writeLock(info);
        createDirectory();
        for (int attempt = 1; ; attempt++) {
            boolean created = false;
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                created = true;
                writeFully(channel, content, 0);
                channel.force(true);
            } catch (FileAlreadyExistsException e) {
                Optional<LockInfo> holder = currentHolder();
                if (holder.isPresent()) {
                    throw new StateLockedException(holder.get(), location());
                }
                if (attempt < 3) {
                    continue; // released between our attempt and our look; try again
                }
                throw new StateLockedException(new LockInfo("unknown", "other processes, which took and released it "
                        + "while this one tried", "their operations", Instant.now()), location());
            } catch (IOException e) {
                if (created) {
                    deleteQuietly(lockFile);
                }
                throw ioError("create the lock file", lockFile, e);
            }
            syncDirectory();
            return new FileLock(info);
        }
    }

    @Override
    public Optional<LockInfo> lockHolder() {
        return currentHolder();
    }

    @Override
    public void forceUnlock(String lockId) {
        Objects.requireNonNull(lockId, "lockId");
        LockInfo holder = currentHolder().orElseThrow(() -> new KombifyException("LOCK_NOT_HELD",
                "the state in " + location() + " is not locked; there is nothing to unlock"));
        if (!holder.id().equals(lockId)) {
            throw new KombifyException("LOCK_ID_MISMATCH", "the lock on the state in " + location() + " has ID "
                    + holder.id() + ", not " + lockId + " (held by " + holder.owner() + " for " + holder.operation()
                    + " since " + holder.createdAt() + "). Make sure that holder is gone, then run `kombify state unlock "
                    + holder.id() + "`");
        }
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            throw ioError("delete the lock file", lockFile, e);
        }
        syncDirectory();
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public String toString() {
        return "LocalDirectoryStateStore[" + directory + "]";
    }

    // ---------------------------------------------------------------- state

    private State parseState(byte[] bytes) {
        try {
            return StateJson.readState(bytes);
        } catch (MalformedException e) {
            String hint = Files.isRegularFile(backupFile)
                    ? "the previous state is in " + backupFile + "; inspect it and copy it over " + STATE_FILE
                    + " to restore"
                    : "there is no backup (" + BACKUP_FILE + " is kept from the second write on); restore " + STATE_FILE
                    + " from a copy of your own";
            String message = "the state file " + stateFile + " is corrupt: " + e.describe() + ". Hint: " + hint;
            Diagnostic diagnostic = Diagnostic.error("STATE_CORRUPT", e.pointer(), message, hint);
            if (e.line() > 0) {
                diagnostic = diagnostic.at(e.line(), Math.max(e.column(), 1));
            }
            throw new KombifyException("STATE_CORRUPT", message, List.of(diagnostic), e);
        }
    }

    static void checkSuccessor(State stored, State next, String where) {
        if (!stored.lineage().equals(next.lineage())) {
            throw new KombifyException("STATE_SERIAL_CONFLICT", "the state in " + where + " belongs to another history "
                    + "(lineage " + stored.lineage() + ") than the state being written (lineage " + next.lineage()
                    + "); refusing to overwrite it. Check that this is the right state location for stack '"
                    + next.stack() + "'");
        }
        if (next.serial() != stored.serial() + 1) {
            throw new KombifyException("STATE_SERIAL_CONFLICT", "the state in " + where + " has serial "
                    + stored.serial() + ", so the next write must have serial " + (stored.serial() + 1)
                    + ", not " + next.serial() + ": it changed since this state was read. Plan again against the "
                    + "current state");
        }
    }

    // ---------------------------------------------------------------- lock

    private Optional<LockInfo> currentHolder() {
        for (int attempt = 1; ; attempt++) {
            Optional<byte[]> bytes = readIfExists(lockFile, "read the lock file");
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(StateJson.readLock(bytes.get()));
            } catch (MalformedException e) {
                if (attempt >= LOCK_READ_ATTEMPTS || !pause()) {
                    return Optional.of(unreadableHolder(bytes.get(), e));
                }
            }
        }
    }

    private LockInfo unreadableHolder(byte[] content, MalformedException problem) {
        Matcher id = LOCK_ID.matcher(new String(content, StandardCharsets.UTF_8));
        Instant since;
        try {
            since = Files.getLastModifiedTime(lockFile).toInstant();
        } catch (IOException e) {
            since = Instant.EPOCH;
        }
        return new LockInfo(id.find() ? id.group(1) : UNREADABLE_LOCK_ID,
                "an unknown holder (the lock file " + lockFile + " cannot be read: " + problem.describe() + ")",
                "an unknown operation", since);
    }

    private static boolean pause() {
        try {
            Thread.sleep(LOCK_READ_PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A lock this store took. Releasing removes the lock file only while it still holds this lock's ID. */
    private final class FileLock implements StateLock {
        private final LockInfo info;
        private boolean released;

        FileLock(LockInfo info) {
            this.info = info;
        }

        @Override
        public LockInfo info() {
            return info;
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            Optional<byte[]> bytes = readIfExists(lockFile, "read the lock file");
            boolean ours;
            try {
                ours = bytes.isPresent() && StateJson.readLock(bytes.get()).id().equals(info.id());
            } catch (MalformedException e) {
                ours = false; // not what we wrote: someone else's now
            }
            if (ours) {
                try {
                    Files.deleteIfExists(lockFile);
                } catch (IOException e) {
                    throw ioError("delete the lock file", lockFile, e);
                }
                syncDirectory();
            }
            released = true;
        }

        @Override
        public String toString() {
            return "StateLock[" + info.id() + " on " + directory + "]";
        }
    }

    // ---------------------------------------------------------------- journal

    /** The journal file: one entry per line, each forced to disk before append returns. */
    private final class FileJournal implements Journal {
        private final Path file;
        // What this instance knows of the file without reading it again: the size at which its tail was last
        // found clean (ending in a readable line), and the size at which lastSeq was its highest seq. -1: unknown.
        private long cleanSize = -1;
        private long seqSize = -1;
        private long lastSeq;

        FileJournal(Path file) {
            this.file = file;
        }

        @Override
        public synchronized void append(JournalEntry entry) {
            Objects.requireNonNull(entry, "entry");
            byte[] line = StateJson.writeJournalLine(entry);
            createDirectory();
            boolean isNew = !Files.exists(file);
            // Positioned writes at the end rather than APPEND mode: the same channel must be able to read and
            // truncate a torn tail first. Only the lock holder writes the journal, so nothing races for the end.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long size = channel.size();
                long end = size == cleanSize ? size : repairTail(channel);
                cleanSize = -1;
                writeFully(channel, line, end);
                channel.force(false);
                cleanSize = end + line.length;
                if (size == seqSize && end == size) {
                    lastSeq = Math.max(lastSeq, entry.seq());
                    seqSize = cleanSize;
                } else {
                    seqSize = -1;
                }
            } catch (IOException e) {
                cleanSize = -1;
                seqSize = -1;
                throw ioError("append to the journal", file, e);
            }
            if (isNew) {
                syncDirectory();
            }
        }

        @Override
        public synchronized List<JournalEntry> entries() {
            Optional<byte[]> read = readIfExists(file, "read the journal");
            if (read.isEmpty()) {
                seqSize = 0;
                lastSeq = 0;
                return List.of();
            }
            byte[] bytes = read.get();
            List<JournalEntry> entries = new ArrayList<>();
            int complete = lastNewline(bytes, bytes.length) + 1; // what follows the last line break is torn: ignored
            int start = 0;
            int lineNumber = 0;
            long highest = 0;
            while (start < complete) {
                int end = indexOf(bytes, (byte) '\n', start);
                lineNumber++;
                if (!isBlank(bytes, start, end)) {
                    try {
                        JournalEntry entry = StateJson.readJournalLine(bytes, start, end - start);
                        entries.add(entry);
                        highest = Math.max(highest, entry.seq());
                    } catch (MalformedException e) {
                        if (end + 1 < complete) {
                            throw corruptJournal(lineNumber, e);
                        }
                        // the last complete line, half-written when the machine stopped: ignored like a torn one
                    }
                }
                start = end + 1;
            }
            seqSize = bytes.length;
            lastSeq = highest;
            return List.copyOf(entries);
        }

        @Override
        public synchronized long nextSeq() {
            long size;
            try {
                size = Files.size(file);
            } catch (NoSuchFileException e) {
                size = 0;
            } catch (IOException e) {
                throw ioError("read the journal", file, e);
            }
            if (size != seqSize) {
                entries();
            }
            return lastSeq + 1;
        }

        @Override
        public synchronized void clear() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                cleanSize = -1;
                seqSize = -1;
                throw ioError("delete the journal", file, e);
            }
            syncDirectory();
            cleanSize = 0;
            seqSize = 0;
            lastSeq = 0;
        }

        /**
         * Cuts off what {@link #entries()} ignores (a torn tail, an unreadable last line), so the next entry
         * starts a line of its own instead of turning them into a corrupt line in the middle.
         */
        private long repairTail(FileChannel channel) throws IOException {
            long size = channel.size();
            if (size == 0) {
                return 0;
            }
            byte[] bytes = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
            readFully(channel, bytes, size - bytes.length);
            int complete = lastNewline(bytes, bytes.length) + 1;
            int keep = complete;
            if (complete > 0) {
                int lineStart = lastNewline(bytes, complete - 1) + 1;
                if (!isBlank(bytes, lineStart, complete - 1)) {
                    try {
                        StateJson.readJournalLine(bytes, lineStart, complete - 1 - lineStart);
                    } catch (MalformedException e) {
                        keep = lineStart;
                    }
                }
            }
            long newSize = size - bytes.length + keep;
            if (newSize < size) {
                channel.truncate(newSize);
                channel.force(false);
            }
            return newSize;
        }

        private KombifyException corruptJournal(int lineNumber, MalformedException e) {
            String hint = "the journal records the steps of an apply that did not finish. Inspect line " + lineNumber
                    + "; once you have checked the resources of that apply by hand, delete " + file
                    + " (kombify then cannot recover that apply)";
            String message = "the journal " + file + " is corrupt at line " + lineNumber + ": " + e.describe()
                    + ". Hint: " + hint;
            Diagnostic diagnostic = Diagnostic.error("JOURNAL_CORRUPT", e.pointer(), message, hint).at(lineNumber, 1);
            return new KombifyException("JOURNAL_CORRUPT", message, List.of(diagnostic), e);
        }

        @Override
        public String toString() {
            return "Journal[" + file + "]";
        }
    }

    // ---------------------------------------------------------------- files

    private Optional<byte[]> readIfExists(Path file, String what) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw ioError(what, file, e);
        }
    }

    private void createDirectory() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw ioError("create the state directory", directory, e);
        }
    }

    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(channel, content, 0);
            channel.force(true);
        }
    }

    private static void replace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some network file systems cannot rename atomically; the backup still holds the previous state.
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes renames and deletions in the directory durable where the platform allows opening a directory. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows and some file systems refuse to open or sync a directory; renames there are durable as they go.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is harmless: it is never read
        }
    }

    private static void writeFully(FileChannel channel, byte[] content, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static void readFully(FileChannel channel, byte[] into, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("the file became shorter while it was read");
            }
            at += n;
        }
    }

    private static int lastNewline(byte[] bytes, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\r' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static KombifyException ioError(String what, Path file, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "it already exists";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new KombifyException("IO_ERROR", "cannot " + what + " " + file + ": " + reason, e);
    }
}
