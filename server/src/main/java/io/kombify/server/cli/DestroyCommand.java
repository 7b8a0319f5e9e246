package io.kombify.server.cli;

import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.Cancellation;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify destroy}: deletes everything the state records, dependents first. */
@Command(name = "destroy",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Delete everything the state records for the stack (or the --target resources and what "
                + "depends on them), in reverse dependency order, under the state's lock. Existing hosts "
                + "(provider local) are released, never wiped."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:everything was deleted (or nothing was recorded)",
                "1:a step failed, or the destroy was cancelled or refused",
                "2:usage or I/O error (including the state being locked by another process)"})
final class DestroyCommand implements Callable<Integer> {
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The spec whose state to destroy (only to find .kombify/ beside it; --state-dir works too).")
    String file;

    @Option(names = "--auto-approve", description = "Destroy without asking for confirmation.")
    boolean autoApprove;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
            description = "At most N provider calls at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    Selection selection;

    @Mixin
    DeployOptions options;

    private final Map<String, String> environment;

    DestroyCommand(InputStream stdin, Map<String, String> environment) {
        this.stdin = stdin;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        boolean json = Options.choice(spec, "--format", options.format, "text", "json").equals("json");
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--parallelism': "
                    + parallelism + " (it must be at least 1)");
        }
        if (json && !autoApprove) {
            throw new ParameterException(spec.commandLine(), "--format json needs --auto-approve: "
                    + "the plan is not shown to confirm it");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Cancellation cancellation = new Cancellation();
        ApplyOptions applyOptions = ApplyOptions.defaults().withParallelism(parallelism).withCancellation(cancellation);
        PlanOptions planOptions = selection.apply(PlanOptions.DEFAULT, spec).forDestroy();
        try (DeploySession session = DeploySession.openForState(options, options.stateDir(file), spec, environment, err)) {
            // reconcile first, so that what is shown (and confirmed) includes what an interrupted apply made
            session.deployer().recover(stackForRecovery(session));
            Plan plan = session.deployer().planDestroy(planOptions);
            if (plan.isEmpty()) {
                out.print(json ? ResultJson.nothingToDo(plan.stateSerial())
                        : "Nothing to destroy: the state in " + session.stateDir().toAbsolutePath().normalize()
                        + " records no resources.\n");
                out.flush();
                return 0;
            }
            if (!json) {
                out.print(plan.toText());
                out.flush();
            }
            if (!autoApprove && !Confirm.ask(stdin, out, "Destroy these resources?")) {
                err.println("kombify destroy: cancelled; nothing was changed. Pass --auto-approve to destroy without asking.");
                return KombifyCommand.INVALID;
            }
            // exactly the plan shown: refused as stale when the state changed since
            return Results.applyAndPrint(session.deployer(), plan, applyOptions, cancellation, out, err, json, "destroy");
        }
    }

    /**
     * The stack's name for reconciling an interrupted apply that had not written a state yet: the
     * provider finds what that apply made by the stack's name, which only the spec knows then.
     */
    private String stackForRecovery(DeploySession session) {
        if (!session.interruptedBeforeFirstState()) {
            return "";
        }
        if (file == null || file.equals("-")) {
            throw new ParameterException(spec.commandLine(), "the first apply in " + session.stateDir()
                    + " was interrupted before it wrote a state; give its spec (`kombify destroy FILE`) so that the "
                    + "steps it left in the journal can be reconciled");
        }
        SpecDocument doc = SpecInput.read(SpecReader.defaults(), file, stdin);
        if (doc.spec() == null || doc.spec().name() == null) {
            throw new ParameterException(spec.commandLine(), file + " names no stack; give the spec that was applied");
        }
        return doc.spec().name();
    }
}
