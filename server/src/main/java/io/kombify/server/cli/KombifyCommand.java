package io.kombify.server.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code kombify} command: checks, resolves, explains and simulates {@code kombination.yaml} files.
 * It is a thin shell over the SDK's public API; this class and its subcommands are the only
 * code that prints or sets an exit status.
 *
 * <p>Exit status: 0 success, 1 the input is invalid (or names something that does not
 * exist), 2 a usage or I/O error. No stack trace ever reaches the user: anything unexpected
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
                "Exit status: 0 success, 1 invalid input, 2 usage or I/O error."})
public final class KombifyCommand implements Runnable {
    /** Status when the input is invalid. */
    static final int INVALID = 1;
    /** Status for usage and I/O errors. */
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: validate, resolve, schema, kits or simulate");
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
        CommandLine cl = new CommandLine(new KombifyCommand());
        cl.addSubcommand(new ValidateCommand(stdin));
        cl.addSubcommand(new ResolveCommand(stdin));
        cl.addSubcommand(new SchemaCommand());
        cl.addSubcommand(new KitsCommand());
        cl.addSubcommand(new SimulateCommand(stdin));
        cl.setParameterExceptionHandler(KombifyCommand::usageError);
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            command.getErr().println("kombify " + command.getCommandName() + ": " + Errors.oneLine(e));
            return USAGE;
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
