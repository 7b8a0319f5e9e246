package io.kombify.server.cli;

import io.kombify.core.KombifyException;
import io.kombify.sim.DurationText;
import io.kombify.sim.Fault;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.ValidationPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify simulate}: deploys a spec on a virtual clock, injects faults and reports the outcome. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Simulate the stack a spec describes: every service is pulled, started and health-checked on a "
                + "virtual clock (a day takes milliseconds), with the faults you name. The same seed gives the same report.",
                "Prints each node's services with their state and ready time, the violations, what each node's or "
                        + "site's failure would take down, and the critical path to a ready stack.",
                "With --report, also writes a self-contained HTML page with pictures: a timeline of every service per "
                        + "node, resource bars per node and the network."},
        footerHeading = "%nFault SPEC:%n",
        footer = {Fault.SYNTAX},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every service ready at the end and no violations",
                "1:a service is not ready, a rule was broken, or the spec is invalid",
                "2:usage or I/O error (including a fault naming a node, site or service the stack does not have)"})
final class SimulateCommand implements Callable<Integer> {
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The spec (YAML or JSON); - reads standard input.")
    String file;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "24h",
            description = "Virtual time to simulate, such as 90m, 24h or 7d (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--fault", paramLabel = "SPEC", description = "A fault to inject, such as node-crash:nas@10m; repeatable.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "Output: text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write the report as one self-contained HTML page (timeline, resources, network, tables) to FILE.")
    Path report;

    @Mixin
    Options.Policy policy;

    SimulateCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        boolean json = Options.choice(spec, "--format", format, "text", "json").equals("json");
        ValidationPolicy chosen = policy.chosen();
        Duration length = parse("--duration", duration);
        List<Fault> parsed = new ArrayList<>();
        for (String f : faults) {
            try {
                parsed.add(Fault.parse(f));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--fault': " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        SpecDocument doc = SpecInput.read(SpecReader.defaults(), file, stdin);
        ResolvedSpec resolved = SpecInput.resolveOrReport(doc, chosen, err, "nothing simulated");
        if (resolved == null) {
            return KombifyCommand.INVALID;
        }

        Simulation simulation = Simulation.of(resolved).seed(seed);
        for (Fault f : parsed) {
            simulation = simulation.fault(f);
        }
        SimulationReport report;
        try {
            report = simulation.runFor(length);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (this.report != null) {
            writeHtml(this.report, report);
        }
        out.print(json ? report.toJson() : report.toText());
        out.flush();
        return report.allReady() ? 0 : KombifyCommand.INVALID;
    }

    /** Throws {@link KombifyException} (code {@code IO_ERROR}) when the page cannot be written. */
    private static void writeHtml(Path file, SimulationReport report) {
        try {
            Files.writeString(file, report.toHtml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage());
            throw new KombifyException("IO_ERROR", "cannot write the report to " + file + ": " + reason, e);
        }
    }

    private Duration parse(String option, String value) {
        try {
            Duration d = DurationText.parse(value);
            if (d.isZero()) {
                throw new IllegalArgumentException("it must be positive, got '" + value + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
        }
    }
}
