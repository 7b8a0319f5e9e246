package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.state.LockInfo;
import io.kombify.deploy.state.StateLockedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns any failure into one line for standard error. */
final class Errors {
    private Errors() {
    }

    /** Codes of the deploy commands' failures that are I/O or usage problems (status 2), not failed operations. */
    private static final Set<String> USAGE_CODES = Set.of("IO_ERROR", "STATE_LOCKED", "PLUGIN_DIRECTORY_INVALID",
            "PLUGIN_DIRECTORY_UNREADABLE", "RESOURCE_ADDRESS_INVALID");

    /**
     * The exit status for a failure of {@code command}: the deploy commands say 1 when the
     * operation failed (a provider error, a refused plan, a corrupt state) and 2 for I/O and
     * usage problems; the other commands say 2 for every unexpected failure.
     */
    static int status(Throwable t, Object command) {
        boolean deploy = command instanceof PlanCommand || command instanceof ApplyCommand
                || command instanceof DestroyCommand || command instanceof DriftCommand
                || command.getClass().getEnclosingClass() == StateCommand.class
                || command.getClass().getEnclosingClass() == PluginsCommand.class;
        if (!deploy) {
            return KombifyCommand.USAGE;
        }
        if (t instanceof KombifyException k) {
            return USAGE_CODES.contains(k.code()) ? KombifyCommand.USAGE : KombifyCommand.INVALID;
        }
        return t instanceof Error && !(t instanceof VirtualMachineError) ? KombifyCommand.INVALID : KombifyCommand.USAGE;
    }

    /** The first hint among the exception's diagnostics, unless its message already says it. */
    static Optional<String> hint(Throwable t) {
        if (t instanceof StateLockedException locked) {
            return staleLock(locked.holder());
        }
        if (t instanceof KombifyException k) {
            String message = String.valueOf(k.getMessage());
            return k.diagnostics().stream().map(Diagnostic::hint).filter(h -> h != null && !h.isBlank())
                    .filter(h -> !message.contains(h)).findFirst();
        }
        return Optional.empty();
    }

    /** How a deployer names its lock's owner: {@code user@host (pid 4242)}. */
    private static final Pattern OWNER = Pattern.compile("(.+)@(.+) \\(pid (\\d+)\\)");

    /**
     * When the lock's holder was a process on this machine that is no longer running: says so,
     * since such a lock can only be stale.
     */
    static Optional<String> staleLock(LockInfo holder) {
        if (holder == null) {
            return Optional.empty();
        }
        Matcher m = OWNER.matcher(holder.owner());
        if (!m.matches() || !m.group(2).equals(hostName())) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(m.group(3));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of("process " + pid + " on this machine is no longer running, so this lock is stale: "
                + "`kombify state unlock " + holder.id() + "` releases it, and the next apply reconciles what that "
                + "process left in flight");
    }

    /** This machine's name, found the way the deployer finds it for lock owners. */
    static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = Files.readString(Path.of("/etc/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                host = "localhost";
            }
        }
        return host;
    }

    static String oneLine(Throwable t) {
        Throwable cause = t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
        if (cause instanceof KombifyException k) {
            return firstLine(k.getMessage());
        }
        if (cause instanceof IOException io) {
            return "I/O error: " + firstLine(io.getMessage());
        }
        if (cause instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more heap (-Xmx) or use a smaller input";
        }
        if (cause instanceof StackOverflowError) {
            return "the input is nested too deeply";
        }
        String message = cause.getMessage();
        if (cause.getClass().getSimpleName().equals("SimulatedCrash")) {
            return firstLine(message);
        }
        return "internal error (" + cause.getClass().getSimpleName() + ")" + (message == null ? "" : ": " + firstLine(message));
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
