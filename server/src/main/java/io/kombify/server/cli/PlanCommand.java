package io.kombify.server.cli;

import io.kombify.core.SecretRef;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.ResourceGraph;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify plan}: what an apply would change, optionally saved to apply later. */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Show what applying the spec would change: reads the recorded state and the actual "
                + "infrastructure (through the providers), and lists every resource to create, update in place, "
                + "replace or delete, with the attributes that differ. Secret values are never shown.",
                "With --out, saves the plan to apply it later with `kombify apply PLANFILE`; applying it after the "
                        + "state or the spec changed is refused."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the plan was made (whether or not it changes anything)",
                "1:the spec is invalid, or a provider failed",
                "2:usage or I/O error"})
final class PlanCommand implements Callable<Integer> {
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The spec (YAML or JSON).")
    String file;

    @Option(names = "--out", paramLabel = "PLANFILE", description = "Save the plan to PLANFILE.")
    Path out;

    @Mixin
    Selection selection;

    @Option(names = "--refresh", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Read the actual infrastructure first (default: on; --no-refresh plans against the record only).")
    boolean refresh;

    @Mixin
    DeployOptions options;

    @Mixin
    Options.Policy policy;

    private final Map<String, String> environment;

    PlanCommand(InputStream stdin, Map<String, String> environment) {
        this.stdin = stdin;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        boolean json = Options.choice(spec, "--format", options.format, "text", "json").equals("json");
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SpecDocument doc = SpecInput.read(SpecReader.defaults(), file, stdin);
        ResolvedSpec resolved = SpecInput.resolveOrReport(doc, policy.chosen(), err, "nothing planned");
        if (resolved == null) {
            return KombifyCommand.INVALID;
        }
        ResourceGraph graph = ResourceGraph.of(resolved);
        PlanOptions planOptions = selection.apply(PlanOptions.DEFAULT.withRefresh(refresh), spec);
        Path stateDir = options.stateDir(file);
        try (DeploySession session = DeploySession.open(options, stateDir, spec, graph.resources(), environment, err)) {
            session.warnIfInterrupted(err, "this plan");
            Plan plan = session.deployer().plan(graph, planOptions);
            Set<SecretRef> missing = new EnvironmentSecrets(environment).missingFor(plan);
            if (!missing.isEmpty()) {
                err.println("kombify plan: warning: " + EnvironmentSecrets.describe(missing) + "; apply will refuse "
                        + "this plan until you " + EnvironmentSecrets.hint(missing));
                err.flush();
            }
            stdout.print(json ? plan.toJson() : plan.toText());
            if (out != null) {
                // the spec's path goes with the plan, so that applying it can check the spec did not change
                (file.equals("-") ? plan : plan.withSource(Path.of(file).toAbsolutePath().normalize().toString())).save(out);
                if (!json) {
                    stdout.println();
                    stdout.println("Saved the plan to " + out + "; apply it with `" + applyCommand(stateDir) + "`.");
                }
            }
            stdout.flush();
            return 0;
        }
    }

    /** The command that applies the saved plan to the same state (and world). */
    private String applyCommand(Path stateDir) {
        StringBuilder command = new StringBuilder("kombify apply ").append(out);
        Path planDefault = DeployOptions.defaultStateDir(out.toString()).toAbsolutePath().normalize();
        if (!planDefault.equals(stateDir.toAbsolutePath().normalize())) {
            command.append(" --state-dir ").append(options.stateDir != null ? options.stateDir : stateDir);
        }
        if (options.simulate) {
            command.append(" --simulate");
        }
        return command.toString();
    }
}
