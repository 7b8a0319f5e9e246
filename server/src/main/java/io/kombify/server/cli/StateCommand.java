package io.kombify.server.cli;

import io.kombify.core.KombifyException;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.state.LocalDirectoryStateStore;
import io.kombify.deploy.state.LockInfo;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify state}: look at the recorded state and release a stale lock. */
@Command(name = "state",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Inspect the recorded state, or release a lock a crashed process left behind.",
        subcommands = {StateCommand.ListCommand.class, StateCommand.ShowCommand.class, StateCommand.UnlockCommand.class},
        synopsisSubcommandLabel = "COMMAND")
final class StateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: list, show or unlock");
    }

    /** The {@code --state-dir} option of the state subcommands. */
    static final class Where {
        @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".kombify",
                description = "The state directory (default: ${DEFAULT-VALUE}).")
        Path dir;

        LocalDirectoryStateStore store() {
            return new LocalDirectoryStateStore(dir);
        }

        State state() {
            return store().read().orElseThrow(() -> new KombifyException("STATE_NOT_FOUND", "there is no state in "
                    + dir.toAbsolutePath() + "; nothing was applied there yet (choose another directory with --state-dir)"));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the recorded resources.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Where where;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalDirectoryStateStore store = where.store();
            Optional<State> recorded = store.read();
            Optional<LockInfo> lock = store.lockHolder();
            long pending = store.journal().entries().stream()
                    .map(e -> e.action() + " " + e.id() + " " + e.idempotencyKey()).distinct().count();
            if (recorded.isEmpty() && lock.isEmpty() && pending == 0) {
                where.state(); // says there is none
            }
            if (recorded.isPresent()) {
                State state = recorded.get();
                int width = 8;
                for (ResourceId id : state.resources().keySet()) {
                    width = Math.max(width, id.toString().length());
                }
                out.println("Stack " + state.stack() + ", serial " + state.serial() + ", lineage " + state.lineage()
                        + ", " + state.resources().size() + " resource(s)");
                for (ResourceRecord r : state.resources().values()) {
                    out.printf("  %-" + width + "s  %-10s  %s%n", r.id(), r.provider(), r.providerId());
                }
            } else {
                out.println("No state in " + store.directory() + " yet.");
            }
            if (pending > 0) {
                out.println("An interrupted apply left " + pending + " step(s) in the journal; the next apply or "
                        + "destroy reconciles them first.");
            }
            lock.ifPresent(l -> out.println("Locked by " + l.owner() + " for " + l.operation() + " since "
                    + l.createdAt() + " (lock ID " + l.id() + ")"));
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one recorded resource.")
    static final class ShowCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ADDRESS", description = "The resource, such as container.nextcloud.")
        String address;

        @picocli.CommandLine.Mixin
        Where where;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ResourceId id;
            try {
                id = ResourceId.parse(address);
            } catch (KombifyException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            State state = where.state();
            ResourceRecord r = state.resource(id).orElseThrow(() -> new KombifyException("RESOURCE_ADDRESS_UNKNOWN",
                    "the state records no " + id + "; `kombify state list` shows what it records"));
            out.println(r.id());
            out.println("  provider:        " + r.provider());
            out.println("  provider id:     " + r.providerId());
            out.println("  idempotency key: " + r.idempotencyKey());
            out.println("  depends on:      " + (r.dependsOn().isEmpty() ? "(nothing)" : new TreeSet<>(r.dependsOn())));
            out.println("  attributes:");
            for (Map.Entry<String, Object> e : r.attributes().entrySet()) {
                out.println("    " + e.getKey() + " = " + Values.show(e.getValue())
                        + (r.sensitive().contains(e.getKey()) ? "  (secret references; values are never stored)" : ""));
            }
            if (!r.outputs().isEmpty()) {
                out.println("  outputs:");
                r.outputs().forEach((k, v) -> out.println("    " + k + " = " + Values.show(v)));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = {"Release the state's lock that a process which is gone left behind. Needs the lock's ID, "
                    + "which the error of a locked apply and `kombify state list` show. Never do this while that "
                    + "process still runs."})
    static final class UnlockCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The lock's ID.")
        String id;

        @picocli.CommandLine.Mixin
        Where where;

        @Override
        public Integer call() {
            where.store().forceUnlock(id);
            spec.commandLine().getOut().println("Released lock " + id + " on " + where.dir.toAbsolutePath() + ".");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
