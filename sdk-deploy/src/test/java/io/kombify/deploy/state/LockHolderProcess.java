package io.kombify.deploy.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A second process for {@link LockAcrossProcessesTest}: takes the lock on the directory in its
 * first argument as the owner in its second, reports the lock ID on standard output, and holds
 * the lock until it is killed or its standard input is closed.
 */
public final class LockHolderProcess {

    private LockHolderProcess() {
    }

    public static void main(String[] args) throws IOException {
        StateStore store = new LocalDirectoryStateStore(Path.of(args[0]));
        StateLock lock = store.lock("apply", args[1]);
        System.out.println("LOCKED " + lock.info().id());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // hold the lock until the parent closes our input
        }
        lock.close();
    }
}
