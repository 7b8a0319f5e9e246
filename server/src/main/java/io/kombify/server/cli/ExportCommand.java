package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.Cancellation;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.plugin.ExporterRegistry;
import io.kombify.deploy.plugin.PluginHost;
import io.kombify.deploy.plugin.PluginProblem;
import io.kombify.deploy.plugin.RegisteredExporter;
import io.kombify.deploy.spi.ExportApproval;
import io.kombify.deploy.spi.ExportChange;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import io.kombify.deploy.spi.ExportRun;
import io.kombify.spec.PlainJson;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kombify export FORMAT FILE --out DIR}: writes the spec's resources in another tool's
 * format through the exporter of that format (found on the class path or in an installed plugin),
 * and with {@code --plan} or {@code --apply} lets that tool plan or apply them.
 */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Write the spec's resources as another tool's configuration, such as OpenTofu's (format "
                + "opentofu: main.tf.json and terraform.tfvars.json, from the opentofu plugin). Every resource the "
                + "format cannot express is reported as a warning; secret values are never written.",
                "With --plan or --apply, the format's own tool (tofu) plans or applies the files, and its progress is "
                        + "shown as for kombify apply. --apply shows each plan and asks for confirmation before applying it "
                        + "(unless --auto-approve); Ctrl-C asks the tool to stop the way it stops safely (it finishes the "
                        + "changes in flight and saves its state)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the files were written (and the tool planned or applied them)",
                "1:the spec is invalid, no exporter writes the format, or the tool failed",
                "2:usage or I/O error"})
final class ExportCommand implements Callable<Integer> {
    /** Failures that are I/O or usage problems (status 2) rather than failed exports. */
    private static final Set<String> USAGE_CODES = Set.of("IO_ERROR", "PLUGIN_DIRECTORY_INVALID",
            "PLUGIN_DIRECTORY_UNREADABLE", "EXPORT_SETTING_INVALID");

    private final InputStream stdin;
    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "The format, such as opentofu.")
    String format;

    @Parameters(index = "1", paramLabel = "FILE", description = "The spec (YAML or JSON), or - for standard input.")
    String file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The directory to write into.")
    Path out;

    @Option(names = "--plan", description = "Then let the format's tool plan the files (tofu init and tofu plan).")
    boolean plan;

    @Option(names = "--apply", description = "Then let the format's tool plan the files, show the plan, ask for "
            + "confirmation (unless --auto-approve) and apply it (tofu apply of the saved plan).")
    boolean apply;

    @Option(names = "--auto-approve", description = "With --apply: apply without asking for confirmation.")
    boolean autoApprove;

    @Option(names = "--setting", paramLabel = "FORMAT.KEY=VALUE",
            description = "An exporter setting, such as opentofu.binary=/opt/tofu/tofu or opentofu.timeout=2h; repeatable.")
    List<String> settings = new ArrayList<>();

    @Mixin
    PluginsCommand.Dir plugins;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: text or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Mixin
    Options.Policy policy;

    ExportCommand(InputStream stdin, Map<String, String> environment) {
        this.stdin = stdin;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        boolean json = Options.choice(spec, "--format", output, "text", "json").equals("json");
        if (plan && apply) {
            throw new ParameterException(spec.commandLine(), "--plan and --apply cannot be used together: --apply plans too");
        }
        if (autoApprove && !apply) {
            throw new ParameterException(spec.commandLine(), "--auto-approve goes with --apply: nothing else is applied");
        }
        if (apply && !autoApprove) {
            if (json) {
                throw new ParameterException(spec.commandLine(), "--format json needs --auto-approve with --apply: "
                        + "the plan is not shown to confirm it");
            }
            if (file.equals("-")) {
                throw new ParameterException(spec.commandLine(), "a spec read from standard input needs --auto-approve "
                        + "with --apply: standard input cannot also answer the confirmation");
            }
        }
        ExportMode mode = apply ? ExportMode.APPLY : plan ? ExportMode.PLAN : ExportMode.WRITE;
        Map<String, String> parsed = settings();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicBoolean declined = new AtomicBoolean();
        try (PluginHost host = PluginHost.start(plugins.path())) {
            ExporterRegistry registry = ExporterRegistry.discover(host, ExportCommand.class.getClassLoader());
            for (PluginProblem p : registry.problems()) {
                err.println("kombify export: warning: " + p);
            }
            RegisteredExporter exporter = registry.require(format);
            SpecDocument doc = SpecInput.read(SpecReader.defaults(), file, stdin);
            ResolvedSpec resolved = SpecInput.resolveOrReport(doc, policy.chosen(), err, "nothing exported");
            if (resolved == null) {
                return KombifyCommand.INVALID;
            }
            ResourceGraph graph = ResourceGraph.of(resolved);
            Cancellation cancellation = new Cancellation();
            ExportRequest request = new ExportRequest(graph, out, mode, parsed, environment,
                    mode == ExportMode.WRITE ? DeployListener.NONE : new Progress(err, Options.colour()), cancellation,
                    approval(stdout, declined));
            if (mode == ExportMode.WRITE) {
                return report(registry.export(exporter.format(), request), graph.stack(), json, stdout, err, declined);
            }
            // Ctrl-C asks the tool to stop safely; the process waits for it and for the report
            // (also while an error is printed: the process must not end before the user reads it)
            try (Interrupts interrupts = Interrupts.cancelOnInterrupt(cancellation, err, "export")) {
                try {
                    return report(registry.export(exporter.format(), request), graph.stack(), json, stdout, err, declined);
                } catch (KombifyException e) {
                    return failure(err, e);
                }
            }
        } catch (KombifyException e) {
            return failure(err, e);
        }
    }

    private static int failure(PrintWriter err, KombifyException e) {
        err.println("kombify export: " + Errors.oneLine(e));
        Errors.hint(e).ifPresent(h -> err.println("  hint: " + h));
        for (Diagnostic d : e.diagnostics()) {
            if (!d.message().equals(e.getMessage()) && !d.code().equals(e.code())) {
                err.println("  " + d);
            }
        }
        err.flush();
        return USAGE_CODES.contains(e.code()) ? KombifyCommand.USAGE : KombifyCommand.INVALID;
    }

    private int report(ExportResult result, String stack, boolean json, PrintWriter stdout, PrintWriter err,
                       AtomicBoolean declined) {
        if (json) {
            stdout.print(PlainJson.pretty(json(stack, result)));
        } else {
            text(stdout, stack, result);
        }
        stdout.flush();
        if (declined.get()) {
            err.println("kombify export: cancelled; the plan was not applied. Pass --auto-approve to apply without asking.");
            err.flush();
        }
        return result.succeeded() ? 0 : KombifyCommand.INVALID;
    }

    /**
     * For {@code --apply}: shows each plan the tool made and asks for confirmation on standard input
     * (one reader for all questions, so answers piped in line by line each reach their question).
     */
    private ExportApproval approval(PrintWriter stdout, AtomicBoolean declined) {
        if (!apply) {
            return ExportApproval.NEVER;
        }
        if (autoApprove) {
            return ExportApproval.ALWAYS;
        }
        BufferedReader answers = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        return planned -> {
            runText(stdout, planned);
            stdout.print("Apply these changes? Only 'yes' will be accepted: ");
            stdout.flush();
            String answer;
            try {
                answer = answers.readLine();
            } catch (IOException e) {
                answer = null;
            }
            stdout.println();
            stdout.flush();
            boolean yes = answer != null && answer.strip().equals("yes");
            if (!yes) {
                declined.set(true);
            }
            return yes;
        };
    }

    /** {@code --setting opentofu.binary=...} as {@code opentofu.binary -> ...}. */
    private Map<String, String> settings() {
        Map<String, String> parsed = new TreeMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            int dot = s.indexOf('.');
            if (eq <= 0 || dot <= 0 || dot > eq) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--setting': '" + s
                        + "' (expected FORMAT.KEY=VALUE, such as opentofu.binary=/usr/local/bin/tofu)");
            }
            parsed.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return parsed;
    }

    private static void text(PrintWriter out, String stack, ExportResult r) {
        out.println("Exported stack " + stack + " as " + r.format() + " into " + r.directory() + ":");
        r.files().forEach(f -> out.println("  " + f));
        if (!r.warnings().isEmpty()) {
            out.println();
            out.println(r.warnings().size() + (r.warnings().size() == 1 ? " warning:" : " warnings:"));
            for (Diagnostic d : r.warnings()) {
                out.println("  " + d);
                if (d.hint() != null) {
                    out.println("    hint: " + d.hint());
                }
            }
        }
        r.run().ifPresent(run -> runText(out, run));
        if (!r.nextSteps().isEmpty()) {
            out.println();
            out.println("Next:");
            r.nextSteps().forEach(s -> out.println("  - " + s));
        }
    }

    private static void runText(PrintWriter out, ExportRun run) {
        out.println();
        String tool = run.tool().isEmpty() ? "the tool" : run.tool();
        out.println(tool + " planned: " + run.summary());
        for (ExportChange c : run.changes()) {
            out.println("  " + c.action().symbol() + " " + c.address() + (c.resource().toString().equals(c.address())
                    ? "" : " (" + c.resource() + ")") + (c.reason().isEmpty() ? "" : " - " + c.reason()));
        }
        if (!run.drift().isEmpty()) {
            out.println("Changed outside " + tool + ":");
            run.drift().forEach(c -> out.println("  ~ " + c.address() + " (" + c.action().label() + ")"));
        }
        long ms = run.elapsed().toMillis();
        String took = ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        run.status().ifPresent(s -> out.println("Apply " + s.name().toLowerCase(Locale.ROOT) + " after " + took));
        for (Diagnostic d : run.diagnostics()) {
            out.println("  " + d);
            if (d.hint() != null) {
                out.println("    hint: " + d.hint());
            }
        }
    }

    private static Map<String, Object> json(String stack, ExportResult r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("stack", stack);
        o.put("format", r.format());
        o.put("directory", r.directory().toString());
        o.put("files", r.files().stream().map(Path::toString).toList());
        o.put("warnings", diagnostics(r.warnings()));
        o.put("nextSteps", r.nextSteps());
        o.put("succeeded", r.succeeded());
        r.run().ifPresent(run -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("mode", run.mode().name());
            n.put("tool", run.tool());
            n.put("summary", run.summary());
            n.put("changes", changes(run.changes()));
            n.put("drift", changes(run.drift()));
            n.put("status", run.status().map(Enum::name).orElse(null));
            n.put("diagnostics", diagnostics(run.diagnostics()));
            n.put("elapsedMillis", run.elapsed().toMillis());
            o.put("run", n);
        });
        return o;
    }

    private static List<Object> changes(List<ExportChange> changes) {
        List<Object> list = new ArrayList<>();
        for (ExportChange c : changes) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("address", c.address());
            n.put("resource", c.resource().toString());
            n.put("action", c.action().name());
            n.put("reason", c.reason());
            list.add(n);
        }
        return list;
    }

    private static List<Object> diagnostics(List<Diagnostic> list) {
        List<Object> out = new ArrayList<>();
        for (Diagnostic d : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
            m.put("code", d.code());
            m.put("message", d.message());
            m.put("path", d.path());
            m.put("hint", d.hint());
            out.add(m);
        }
        return out;
    }
}
