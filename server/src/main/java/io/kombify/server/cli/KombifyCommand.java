package io.kombify.server.cli;

import io.kombify.sim.Fault;

import io.kombify.sim.Fault;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code kombify} command: checks, resolves, explains, simulates, plans and applies
 * {@code kombination.yaml} files, and manages provider plugins.
 * It is a thin shell over the SDK's public API; this class and its subcommands are the only
 * code that prints or sets an exit status.
 *
 * <p>Exit status: 0 success, 1 the input is invalid (or names something that does not
 * exist) or an operation failed, 2 a usage or I/O error, 3 drift found ({@code drift} only). No stack trace ever reaches the user: anything unexpected
 * becomes one line on standard error and status 2.
 */
@Command(name = "kombify",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Declarative homelab and hybrid infrastructure from one kombination.yaml.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Run 'kombify COMMAND --help' for the options of a command.",
                "Exit status: 0 success, 1 invalid input or a failed operation, 2 usage or I/O error, "
                        + "3 drift found (drift only)."})
public final class KombifyCommand implements Runnable {
    /** Status when the input is invalid. */
    static final int INVALID = 1;
    /** Status for usage and I/O errors. */
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: validate, resolve, schema, kits, simulate, plan, apply, destroy, drift, state or plugins");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status;
        try {
            Integer fast = ValidateCommand.fastPath(args, System.in, out, err);
            if (fast != null) {
                status = fast;
            } else {
                CommandLine cl = commandLine(System.in);
                cl.setOut(out);
                cl.setErr(err);
                status = cl.execute(args);
            }
        } catch (Throwable t) { // the last line of defence: a user never sees a stack trace
            err.println("kombify: " + Errors.oneLine(t));
            status = USAGE;
        }
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * The configured command line; standard input for {@code -} comes from {@code stdin}.
     * Set its out and err writers before executing.
     */
    public static CommandLine commandLine(InputStream stdin) {
        return commandLine(stdin, System.getenv());
    }

    /**
     * The configured command line, with the environment the deploy commands read secrets
     * ({@code KOMBIFY_SECRET_*}) and provider settings from.
     */
    static CommandLine commandLine(InputStream stdin, Map<String, String> environment) {
        CommandLine cl = new CommandLine(new KombifyCommand());
        cl.addSubcommand(new ValidateCommand(stdin));
        cl.addSubcommand(new ResolveCommand(stdin));
        cl.addSubcommand(new SchemaCommand());
        cl.addSubcommand(new KitsCommand());
        CommandLine simulate = new CommandLine(new SimulateCommand(stdin));
        // The fault syntax holds '%' (memory-spike:nas:95%@1h), which a picocli footer would take as a format.
        simulate.getCommandSpec().usageMessage().footer(Fault.SYNTAX.replace("%", "%%"));
        cl.addSubcommand(simulate);
        cl.addSubcommand(new PlanCommand(stdin, environment));
        cl.addSubcommand(new ApplyCommand(stdin, environment));
        cl.addSubcommand(new DestroyCommand(stdin, environment));
        cl.addSubcommand(new DriftCommand(environment));
        cl.addSubcommand(new StateCommand());
        cl.addSubcommand(new PluginsCommand());
        cl.addSubcommand(new FakeCloudCommand());
        cl.addSubcommand(new ExportCommand(stdin, environment));
        for (String name : List.of("plan", "apply", "destroy", "drift")) {
            // Help text is a format string: the syntax's percent signs must be doubled.
            cl.getSubcommands().get(name).getCommandSpec().usageMessage()
                    .footerHeading("%nFaults of the simulated provider (--simulate --fault SPEC):%n")
                    .footer(Fault.DEPLOY_SYNTAX.replace("%", "%%"));
        }
        cl.setParameterExceptionHandler(KombifyCommand::usageError);
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + Errors.oneLine(e));
            Errors.hint(e).ifPresent(h -> command.getErr().println("  hint: " + h));
            return Errors.status(e, command.getCommandSpec().userObject());
        });
        return cl;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        // Named like every other message of a subcommand: "kombify validate: ..."
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + name + " --help' for more information.");
        return USAGE;
    }
}
