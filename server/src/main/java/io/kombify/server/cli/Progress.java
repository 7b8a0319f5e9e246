package io.kombify.server.cli;

import io.kombify.deploy.Action;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.DeployListener;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shows an apply's progress on standard error: on a terminal one bar that redraws in place,
 * otherwise one line per finished step (so logs and CI output stay readable).
 */
final class Progress implements DeployListener {
    private static final int BAR = 28;

    private final PrintWriter err;
    private final boolean terminal;
    private final AtomicInteger done = new AtomicInteger();
    private volatile int total;
    private volatile boolean barShown;

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onEvent(DeployEvent event) {
        if (event instanceof DeployEvent.RecoveryStarted e) {
            line("Reconciling " + e.pendingSteps() + " step(s) an interrupted apply left in flight");
        } else if (event instanceof DeployEvent.StepRecovered e) {
            line("  " + e.id() + ": " + e.outcome());
        } else if (event instanceof DeployEvent.RefreshStarted e) {
            if (e.resources() > 0) {
                line("Refreshing " + e.resources() + " recorded resource(s)");
            }
        } else if (event instanceof DeployEvent.ApplyStarted e) {
            total = e.totalSteps();
            done.set(0);
            if (total > 0) {
                line("Applying " + total + " step(s), " + e.parallelism() + " at a time");
            }
        } else if (event instanceof DeployEvent.StepStarted e) {
            if (terminal) {
                bar(verb(e.action()) + " " + e.id() + (e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : ""));
            }
        } else if (event instanceof DeployEvent.StepRetrying e) {
            line("  " + e.id() + ": " + e.message() + "; retrying in " + seconds(e.delay())
                    + " (attempt " + (e.attempt() + 1) + ")");
        } else if (event instanceof DeployEvent.StepSucceeded e) {
            done.incrementAndGet();
            if (terminal) {
                bar(past(e.action()) + " " + e.id());
            } else {
                line("  " + e.action().symbol() + " " + e.id() + " " + past(e.action()) + " (" + seconds(e.took()) + ")");
            }
        } else if (event instanceof DeployEvent.StepFailed e) {
            done.incrementAndGet();
            line("  ! " + e.id() + ": " + verb(e.action()).toLowerCase(java.util.Locale.ROOT) + " failed: "
                    + e.code() + ": " + e.message());
        } else if (event instanceof DeployEvent.StepSkipped e) {
            done.incrementAndGet();
            line("  - " + e.id() + " skipped: " + e.reason());
        } else if (event instanceof DeployEvent.ApplyFinished && barShown) {
            err.print("\r\033[K");
            barShown = false;
        }
        err.flush();
    }

    private void line(String text) {
        if (barShown) {
            err.print("\r\033[K");
            barShown = false;
        }
        err.println(text);
    }

    private void bar(String what) {
        int n = done.get();
        int filled = total == 0 ? BAR : (int) ((long) BAR * n / total);
        String text = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + n + "/" + total + " " + what;
        err.print("\r\033[K" + (text.length() > 110 ? text.substring(0, 110) : text));
        barShown = true;
    }

    static String verb(Action a) {
        return switch (a) {
            case CREATE -> "Creating";
            case UPDATE -> "Updating";
            case DELETE -> "Deleting";
            case REPLACE -> "Replacing";
            case NOOP -> "Checking";
        };
    }

    static String past(Action a) {
        return switch (a) {
            case CREATE -> "created";
            case UPDATE -> "updated";
            case DELETE -> "deleted";
            case REPLACE -> "replaced";
            case NOOP -> "unchanged";
        };
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
