package io.kombify.server.cli;

import io.kombify.core.KombifyException;
import io.kombify.sim.DurationText;
import io.kombify.sim.Fault;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.docker.ContainerStatus;
import io.kombify.sim.docker.DockerNodeEngine;
import io.kombify.sim.docker.DockerUnavailableException;
import io.kombify.sim.docker.ExecResult;
import io.kombify.sim.docker.NodeContainer;
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
import java.util.function.Supplier;

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
                        + "node, resource bars per node and the network.",
                "With --engine docker, every node is also started as a real Docker container (image built locally from "
                        + "a static busybox, never pulled), checked with `busybox true`, listed in the output and removed at the end."},
        footerHeading = "%nFault SPEC:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every service ready at the end and no violations",
                "1:a service is not ready, a rule was broken, the spec is invalid, or a node container failed its liveness check",
                "2:usage or I/O error (including a fault naming a node, site or service the stack does not have, "
                        + "and --engine docker without a reachable Docker Engine)"})
final class SimulateCommand implements Callable<Integer> {
    /** The command every node container must pass to count as alive. */
    static final String[] LIVENESS_CHECK = {"busybox", "true"};

    private final InputStream stdin;
    private final Supplier<DockerNodeEngine> docker;

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

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "memory",
            description = "memory: the in-memory simulation only; docker: also start each node as a real container "
                    + "(Docker Engine from DOCKER_HOST or the local socket) (default: ${DEFAULT-VALUE}).")
    String engine;

    @Mixin
    Options.Policy policy;

    SimulateCommand(InputStream stdin) {
        this(stdin, DockerNodeEngine::connect);
    }

    /** With the way to reach Docker chosen by the caller, so that an unreachable engine can be tested. */
    SimulateCommand(InputStream stdin, Supplier<DockerNodeEngine> docker) {
        this.stdin = stdin;
        this.docker = docker;
    }

    @Override
    public Integer call() {
        boolean json = Options.choice(spec, "--format", format, "text", "json").equals("json");
        boolean inDocker = Options.choice(spec, "--engine", engine, "memory", "docker").equals("docker");
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

        if (!inDocker) {
            SimulationReport report = simulate(resolved, parsed, length);
            out.print(json ? report.toJson() : report.toText());
            out.flush();
            return report.allReady() ? 0 : KombifyCommand.INVALID;
        }
        DockerNodeEngine engine;
        try {
            engine = docker.get();
        } catch (DockerUnavailableException e) {
            // The full message: what was tried, one line each, and how to install Docker.
            err.println("kombify simulate: " + e.getMessage());
            err.flush();
            return KombifyCommand.USAGE;
        }
        try (engine) {
            List<NodeRun> nodes = startNodes(engine, resolved);
            SimulationReport report = simulate(resolved, parsed, length);
            out.print(json ? withDocker(report.toJson(), engine, nodes) : report.toText() + dockerText(engine, nodes));
            out.flush();
            boolean alive = nodes.stream().allMatch(NodeRun::alive);
            return report.allReady() && alive ? 0 : KombifyCommand.INVALID;
        } catch (DockerUnavailableException e) {
            err.println("kombify simulate: " + e.getMessage());
            err.flush();
            return KombifyCommand.USAGE;
        }
    }

    private SimulationReport simulate(ResolvedSpec resolved, List<Fault> faults, Duration length) {
        Simulation simulation = Simulation.of(resolved).seed(seed);
        for (Fault f : faults) {
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
        return report;
    }

    /** A node's container after start and the liveness check. */
    private record NodeRun(NodeContainer container, boolean running, ExecResult check) {
        boolean alive() {
            return running && check.succeeded();
        }

        String status() {
            if (!running) {
                return "not running";
            }
            return check.succeeded() ? "running" : "running, liveness check exited " + check.exitCode();
        }
    }

    private static List<NodeRun> startNodes(DockerNodeEngine engine, ResolvedSpec resolved) {
        List<NodeRun> out = new ArrayList<>();
        for (NodeContainer c : engine.startAll(resolved)) {
            ContainerStatus status = engine.inspect(c);
            ExecResult check = status.running() ? engine.exec(c, LIVENESS_CHECK)
                    : new ExecResult(-1, "", "the container is not running");
            out.add(new NodeRun(c, status.running(), check));
        }
        return out;
    }

    private static String dockerText(DockerNodeEngine engine, List<NodeRun> nodes) {
        int width = 4;
        int nameWidth = 9;
        for (NodeRun n : nodes) {
            width = Math.max(width, n.container().node().length());
            nameWidth = Math.max(nameWidth, n.container().containerName().length());
        }
        StringBuilder b = new StringBuilder("\nDocker nodes (").append(engine.endpoint()).append(", run ")
                .append(engine.runId()).append(", liveness check `").append(String.join(" ", LIVENESS_CHECK))
                .append("`; removed on exit)\n");
        for (NodeRun n : nodes) {
            b.append(String.format("  %-" + width + "s  %-" + nameWidth + "s  %s%n", n.container().node(),
                    n.container().containerName(), n.status()));
        }
        return b.toString();
    }

    /** The report's JSON with a {@code docker} member added last, so readers of the report keep working. */
    private static String withDocker(String reportJson, DockerNodeEngine engine, List<NodeRun> nodes) {
        StringBuilder d = new StringBuilder("{\n    \"endpoint\" : ").append(quote(engine.endpoint()))
                .append(",\n    \"runId\" : ").append(quote(engine.runId()))
                .append(",\n    \"livenessCheck\" : ").append(quote(String.join(" ", LIVENESS_CHECK)))
                .append(",\n    \"nodes\" : [");
        for (int i = 0; i < nodes.size(); i++) {
            NodeRun n = nodes.get(i);
            d.append(i == 0 ? "" : ",").append("\n      { \"node\" : ").append(quote(n.container().node()))
                    .append(", \"container\" : ").append(quote(n.container().containerName()))
                    .append(", \"status\" : ").append(quote(n.status()))
                    .append(", \"alive\" : ").append(n.alive()).append(" }");
        }
        d.append(nodes.isEmpty() ? "]\n  }" : "\n    ]\n  }");
        int end = reportJson.lastIndexOf('}');
        String head = reportJson.substring(0, end).stripTrailing();
        return head + ",\n  \"docker\" : " + d + "\n" + reportJson.substring(end);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
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
