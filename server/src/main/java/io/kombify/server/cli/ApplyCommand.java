package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.Cancellation;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.ResourceGraph;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify apply}: makes the infrastructure match the spec (or a saved plan). */
@Command(name = "apply",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Make the infrastructure match the spec: plans, shows the plan, asks for confirmation (unless "
                + "--auto-approve) and applies it in parallel along the dependencies, under the state's lock.",
                "Every step is journaled before and after it runs: if an apply is interrupted (a crash, a lost "
                        + "connection, Ctrl-C), the next apply first reconciles what was in flight, so nothing is lost "
                        + "or created twice. Ctrl-C stops starting new steps and waits for those running.",
                "Given a plan file saved by `kombify plan --out`, applies exactly that plan; it is refused when the "
                        + "state changed since.",
                "Secret references (secret://db-password) are resolved at apply time from environment variables "
                        + "(KOMBIFY_SECRET_DB_PASSWORD: the name upper-cased, other characters as _); their values are "
                        + "never printed or stored. An apply that needs a secret without a value is refused before it "
                        + "changes anything."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every step succeeded (or nothing to do)",
                "1:a step failed, the apply was cancelled or refused, or the spec is invalid",
                "2:usage or I/O error (including the state being locked by another process)"})
final class ApplyCommand implements Callable<Integer> {
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|PLANFILE", description = "The spec, or a plan saved by `kombify plan --out`.")
    String file;

    @Option(names = "--auto-approve", description = "Apply without asking for confirmation.")
    boolean autoApprove;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
            description = "At most N provider calls at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    Selection selection;

    @Mixin
    DeployOptions options;

    @Mixin
    Options.Policy policy;

    private final Map<String, String> environment;

    ApplyCommand(InputStream stdin, Map<String, String> environment) {
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
        if (!autoApprove) {
            if (json) {
                throw new ParameterException(spec.commandLine(), "--format json needs --auto-approve: "
                        + "the plan is not shown to confirm it");
            }
            if (file.equals("-")) {
                throw new ParameterException(spec.commandLine(), "a spec read from standard input needs "
                        + "--auto-approve: standard input cannot also answer the confirmation");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Plan saved = isPlanFile(file) ? Plan.load(Path.of(file)) : null;
        ResourceGraph graph;
        if (saved != null) {
            if (!selection.targets.isEmpty() || !selection.excludes.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--target and --exclude apply when planning; "
                        + "a saved plan is applied as it was made");
            }
            graph = saved.graph();
            Integer refused = refuseIfSpecChanged(saved, err);
            if (refused != null) {
                return refused;
            }
        } else {
            SpecDocument doc = SpecInput.read(SpecReader.defaults(), file, stdin);
            ResolvedSpec resolved = SpecInput.resolveOrReport(doc, policy.chosen(), err, "nothing applied");
            if (resolved == null) {
                return KombifyCommand.INVALID;
            }
            graph = ResourceGraph.of(resolved);
        }
        PlanOptions planOptions = selection.apply(PlanOptions.DEFAULT, spec);
        Cancellation cancellation = new Cancellation();
        ApplyOptions applyOptions = ApplyOptions.defaults().withParallelism(parallelism).withCancellation(cancellation);
        try (DeploySession session = DeploySession.open(options, options.stateDir(file), spec, graph.resources(),
                environment, err)) {
            Plan plan;
            if (saved != null) {
                // applying reconciles an interrupted apply first, and then refuses the plan as stale
                plan = saved;
            } else {
                // reconcile first, so that the plan shown (and confirmed) is the one applied
                session.deployer().recover(graph.stack());
                plan = session.deployer().plan(graph, planOptions);
            }
            if (!json) {
                out.print(plan.toText());
                out.flush();
            }
            if (plan.isEmpty()) {
                if (json) {
                    out.print(ResultJson.nothingToDo(plan.stateSerial()));
                }
                out.flush();
                return 0;
            }
            new EnvironmentSecrets(environment).requireValuesFor(plan);
            if (!autoApprove && !Confirm.ask(stdin, out, "Apply these changes?")) {
                err.println("kombify apply: cancelled; nothing was changed. Pass --auto-approve to apply without asking.");
                return KombifyCommand.INVALID;
            }
            return Results.applyAndPrint(session.deployer(), plan, applyOptions, cancellation, out, err, json, "apply");
        }
    }

    /**
     * A saved plan remembers the spec it was made from: applying it after that spec changed (or went
     * away) is refused, as is applying it after the state changed.
     *
     * @return the exit status when the spec is invalid now, {@code null} when the plan may be applied
     */
    private Integer refuseIfSpecChanged(Plan saved, PrintWriter err) {
        if (saved.destroy() || saved.source().isEmpty()) {
            return null;
        }
        Path source = Path.of(saved.source());
        if (!Files.isRegularFile(source)) {
            throw new KombifyException("PLAN_STALE", "the spec this plan was made from, " + source
                    + ", is gone. Run `kombify plan` again", List.of(Diagnostic.error("PLAN_STALE", "",
                    "the spec " + source + " is gone", "plan again from the spec you want to apply")));
        }
        SpecDocument doc = SpecInput.read(SpecReader.defaults(), source.toString(), stdin);
        ResolvedSpec now = SpecInput.resolveOrReport(doc, policy.chosen(), err, "the saved plan was not applied");
        if (now == null) {
            return KombifyCommand.INVALID;
        }
        if (!now.planHash().equals(saved.specHash())) {
            throw new KombifyException("PLAN_STALE", "the spec " + source + " changed since this plan was made (plan hash "
                    + abbreviate(saved.specHash()) + ", now " + abbreviate(now.planHash()) + "). Run `kombify plan` again",
                    List.of(Diagnostic.error("PLAN_STALE", "", "the spec changed since the plan was made",
                            "run `kombify plan " + source + " --out FILE` again and apply that plan")));
        }
        return null;
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    /** Whether the file is a saved plan rather than a spec (a plan file starts with its format marker). */
    static boolean isPlanFile(String file) {
        if (file.equals("-")) {
            return false;
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            String head = new String(in.readNBytes(256), StandardCharsets.UTF_8);
            return head.contains("kombify-plan/");
        } catch (IOException e) {
            return false;
        }
    }
}
