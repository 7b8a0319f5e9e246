package io.kombify.server.cli;

import io.kombify.deploy.AttributeChange;
import io.kombify.deploy.DriftItem;
import io.kombify.deploy.DriftReport;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify drift}: whether the infrastructure still matches what was applied. */
@Command(name = "drift",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Read every recorded resource through its provider and list those that were deleted or "
                + "changed outside kombify. Changes nothing; `kombify apply` puts them back."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no drift", "1:the check failed (a provider error)", "2:usage or I/O error",
                "3:drift found (listed)"})
final class DriftCommand implements Callable<Integer> {
    /** Status when drift is found. */
    static final int DRIFT = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The spec whose state to check (only to find .kombify/ beside it; --state-dir works too).")
    String file;

    @Mixin
    DeployOptions options;

    private final Map<String, String> environment;

    DriftCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        boolean json = Options.choice(spec, "--format", options.format, "text", "json").equals("json");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (DeploySession session = DeploySession.openForState(options, options.stateDir(file), spec, environment, err)) {
            session.warnIfInterrupted(err, "this check");
            DriftReport report = session.deployer().drift();
            if (json) {
                out.print(ResultJson.of(report));
            } else if (!report.hasDrift()) {
                out.println("No drift: all " + report.checked() + " recorded resource(s) match.");
            } else {
                out.println("Drift in " + report.items().size() + " of " + report.checked() + " recorded resource(s):");
                for (DriftItem item : report.items()) {
                    if (item.kind() == DriftItem.Kind.MISSING) {
                        out.println("  - " + item.id() + ": deleted outside kombify");
                    } else {
                        out.println("  ~ " + item.id() + ": changed outside kombify");
                        for (AttributeChange c : item.changes()) {
                            out.println("      " + c.path() + ": recorded " + Values.show(c.before()) + ", actual "
                                    + Values.show(c.after()));
                        }
                    }
                }
                out.println("Run `kombify apply` to bring them back in line with the spec.");
            }
            out.flush();
            return report.hasDrift() ? DRIFT : 0;
        }
    }
}
