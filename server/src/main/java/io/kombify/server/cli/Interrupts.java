package io.kombify.server.cli;

import io.kombify.deploy.Cancellation;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or a TERM signal) during an apply: the JVM's shutdown hook cancels the apply (no new
 * step starts) and holds the process until the command closes this guard, that is until the
 * steps in flight have finished, the state is written and the result is printed.
 */
final class Interrupts implements AutoCloseable {
    /** How long an interrupt waits for the apply to wind down before the process ends anyway. */
    private static final long GRACE_SECONDS = 120;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private Interrupts(Cancellation cancellation, PrintWriter err, String command) {
        this.hook = new Thread(() -> {
            err.println();
            err.println("kombify " + command + ": interrupted; no new step starts, waiting for the running ones to "
                    + "finish and be recorded");
            err.flush();
            cancellation.cancel();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kombify-interrupt");
    }

    /** Cancels the apply on an interrupt until closed. */
    static Interrupts cancelOnInterrupt(Cancellation cancellation, PrintWriter err, String command) {
        Interrupts interrupts = new Interrupts(cancellation, err, command);
        Runtime.getRuntime().addShutdownHook(interrupts.hook);
        return interrupts;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: the apply ended because of it, and the process ends now
        }
    }
}
