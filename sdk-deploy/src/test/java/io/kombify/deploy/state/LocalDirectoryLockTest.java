package io.kombify.deploy.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kombify.core.KombifyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryLockTest {

    @TempDir
    Path dir;

    private LocalDirectoryStateStore store() {
        return new LocalDirectoryStateStore(dir);
    }

    private Path lockFile() {
        return dir.resolve("lock.json");
    }

    @Test
    void theLockFileSaysWhoHoldsTheLock() throws IOException {
        try (StateLock lock = store().lock("apply", "alice@nas (pid 4242)")) {
            String content = Files.readString(lockFile());
            assertThat(content).contains("\"format\": \"kombify-lock/1\"")
                    .contains("\"id\": \"" + lock.info().id() + "\"")
                    .contains("\"owner\": \"alice@nas (pid 4242)\"")
                    .contains("\"operation\": \"apply\"")
                    .contains("\"createdAt\": \"" + lock.info().createdAt() + "\"");
        }
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void aStaleLockFileLeftByAGoneProcessBlocksUntilForcedOpen() throws IOException {
        Files.writeString(lockFile(), """
                {
                  "format": "kombify-lock/1",
                  "id": "9f2d4c1e-58a3-4b7e-9c11-0d2e3f4a5b6c",
                  "owner": "bob@laptop (pid 99)",
                  "operation": "destroy",
                  "createdAt": "2026-11-01T08:00:00Z"
                }
                """);
        LocalDirectoryStateStore store = store();

        StateLockedException e = catchThrowableOfType(StateLockedException.class,
                () -> store.lock("apply", "alice"));
        assertThat(e.getMessage()).isEqualTo("the state in " + dir + " is locked by bob@laptop (pid 99) for destroy "
                + "since 2026-11-01T08:00:00Z (lock ID 9f2d4c1e-58a3-4b7e-9c11-0d2e3f4a5b6c). Wait for it to finish; "
                + "if that process is gone, release the lock with "
                + "`kombify state unlock 9f2d4c1e-58a3-4b7e-9c11-0d2e3f4a5b6c`");

        store.forceUnlock("9f2d4c1e-58a3-4b7e-9c11-0d2e3f4a5b6c");
        assertThat(lockFile()).doesNotExist();
        try (StateLock lock = store.lock("apply", "alice")) {
            assertThat(store.lockHolder()).contains(lock.info());
        }
    }

    @Test
    void anEmptyLockFileCountsAsHeldAndIsReleasedWithTheIdUnreadable() throws IOException {
        Files.writeString(lockFile(), ""); // a crash between creating the file and writing it
        LocalDirectoryStateStore store = store();

        LockInfo holder = store.lockHolder().orElseThrow();
        assertThat(holder.id()).isEqualTo(LocalDirectoryStateStore.UNREADABLE_LOCK_ID).isEqualTo("unreadable");
        assertThat(holder.owner()).contains(lockFile().toString()).contains("the file is empty");

        StateLockedException e = catchThrowableOfType(StateLockedException.class,
                () -> store.lock("apply", "alice"));
        assertThat(e.getMessage()).contains("`kombify state unlock unreadable`");

        KombifyException wrong = catchThrowableOfType(KombifyException.class,
                () -> store.forceUnlock("9f2d4c1e-58a3-4b7e-9c11-0d2e3f4a5b6c"));
        assertThat(wrong.code()).isEqualTo("LOCK_ID_MISMATCH");
        assertThat(wrong.getMessage()).contains("has ID unreadable");
        assertThat(lockFile()).exists();

        store.forceUnlock("unreadable");
        assertThat(store.lockHolder()).isEmpty();
        store.lock("apply", "alice").close();
    }

    @Test
    void aTornLockFileIsReportedWithTheIdThatCanStillBeRead() throws IOException {
        Files.writeString(lockFile(), "{\n  \"format\": \"kombify-lock/1\",\n  \"id\": \"1d0c7c3a-4e55-4b3a-8a5e-"
                + "2f6b7c8d9e0f\",\n  \"owner\": \"carol");
        LocalDirectoryStateStore store = store();

        LockInfo holder = store.lockHolder().orElseThrow();
        assertThat(holder.id()).isEqualTo("1d0c7c3a-4e55-4b3a-8a5e-2f6b7c8d9e0f");
        assertThat(holder.owner()).contains("cannot be read");
        assertThat(catchThrowableOfType(StateLockedException.class, () -> store.lock("apply", "alice")).holder())
                .isEqualTo(holder);

        KombifyException wrong = catchThrowableOfType(KombifyException.class, () -> store.forceUnlock("unreadable"));
        assertThat(wrong.code()).isEqualTo("LOCK_ID_MISMATCH");
        store.forceUnlock("1d0c7c3a-4e55-4b3a-8a5e-2f6b7c8d9e0f");
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void closingDoesNotRemoveALockFileThatIsNoLongerOurs() throws IOException {
        LocalDirectoryStateStore store = store();
        StateLock ours = store.lock("apply", "alice");
        // Someone replaced the file by hand; closing must leave it alone.
        Files.writeString(lockFile(), "not a lock any more");
        ours.close();
        assertThat(Files.readString(lockFile())).isEqualTo("not a lock any more");
    }

    @Test
    void twoStoresOnOneDirectoryShareTheLock() {
        LocalDirectoryStateStore first = store();
        LocalDirectoryStateStore second = new LocalDirectoryStateStore(dir.resolve(".").resolve("sub/.."));
        try (StateLock lock = first.lock("apply", "process one")) {
            StateLockedException e = catchThrowableOfType(StateLockedException.class,
                    () -> second.lock("apply", "process two"));
            assertThat(e.holder()).isEqualTo(lock.info());
            assertThat(second.lockHolder()).contains(lock.info());
        }
        second.lock("apply", "process two").close();
    }
}
