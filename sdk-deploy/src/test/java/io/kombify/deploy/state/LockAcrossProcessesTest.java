package io.kombify.deploy.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock holds against another JVM, as it must against a second `kombify apply` on the same stack. */
class LockAcrossProcessesTest {

    @TempDir
    Path dir;

    @Test
    void aLockHeldByAnotherProcessFailsNamingItAndCanBeForcedOpenAfterItDied() throws Exception {
        String owner = "ci@runner (pid of the child)";
        Process child = startLockHolder(owner);
        try {
            String lockId = awaitLockId(child);
            LocalDirectoryStateStore store = new LocalDirectoryStateStore(dir);

            StateLockedException e = catchThrowableOfType(StateLockedException.class,
                    () -> store.lock("apply", "this JVM"));
            assertThat(e.holder().owner()).isEqualTo(owner);
            assertThat(e.holder().id()).isEqualTo(lockId);
            assertThat(e.getMessage()).contains(owner).contains("kombify state unlock " + lockId);

            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            // A killed process cannot release its lock: it stays until forced open with its ID.
            assertThat(store.lockHolder()).hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(lockId));
            assertThat(catchThrowableOfType(StateLockedException.class, () -> store.lock("apply", "this JVM")))
                    .isNotNull();
            store.forceUnlock(lockId);
            try (StateLock lock = store.lock("apply", "this JVM")) {
                assertThat(store.lockHolder()).contains(lock.info());
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aProcessThatEndsNormallyReleasesItsLock() throws Exception {
        Process child = startLockHolder("short-lived");
        try {
            awaitLockId(child);
            child.getOutputStream().close(); // lets the child release the lock and exit
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            LocalDirectoryStateStore store = new LocalDirectoryStateStore(dir);
            assertThat(store.lockHolder()).isEmpty();
            store.lock("apply", "this JVM").close();
        } finally {
            child.destroyForcibly();
        }
    }

    private Process startLockHolder(String owner) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LockHolderProcess.class.getName(), dir.toString(), owner))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static String awaitLockId(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(line).as("the child's first line").startsWith("LOCKED ");
        return line.substring("LOCKED ".length());
    }
}
