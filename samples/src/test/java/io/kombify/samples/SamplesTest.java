package io.kombify.samples;

import io.kombify.core.Diagnostic;
import io.kombify.sim.Client;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.assertions.SimAssertions;
import io.kombify.sim.model.ProxyRoute;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.SpecValidator;
import io.kombify.spec.ValidationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SamplesTest {

    private static final Path ROOT = repositoryRoot();
    private static final Path SPECS = ROOT.resolve("samples/specs");

    /** Warnings a sample accepts on purpose, as its comments explain; every other sample has none. */
    private static final Map<String, List<String>> EXPECTED_WARNINGS = Map.of(
            "ha-three-node-lab.yaml", List.of("KIT_RECOMMENDATION_UNMET"));

    static Stream<Path> sampleSpecs() throws IOException {
        try (Stream<Path> files = Files.list(SPECS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void samplesCoverTheFiveDocumentedSetups() throws IOException {
        assertThat(sampleSpecs().map(f -> f.getFileName().toString()))
                .contains("single-node-homelab.yaml", "hybrid-hetzner-headscale.yaml",
                        "ha-three-node-lab.yaml", "media-smart-home.yaml", "docker-busybox-lab.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleSpecs")
    void sampleSpecIsValidAndResolves(Path spec) {
        SpecDocument document = SpecReader.defaults().read(spec);
        ValidationResult result = SpecValidator.create().validate(document);

        assertThat(document.diagnostics()).as("reading %s", spec).isEmpty();
        assertThat(result.errors()).as("errors in %s", spec).isEmpty();
        assertThat(result.warnings()).as("warnings in %s", spec).extracting(Diagnostic::code)
                .containsExactlyElementsOf(EXPECTED_WARNINGS.getOrDefault(spec.getFileName().toString(), List.of()));
        assertThat(result.valid()).isTrue();
        assertThat(result.resolvedKit()).isNotBlank();
        ResolvedSpec resolved = SpecResolver.create().resolve(document);
        assertThat(resolved.planHash()).matches("[0-9a-f]{64}");
        assertThat(resolved.warnings()).as("resolving %s", spec).extracting(Diagnostic::code)
                .containsExactlyElementsOf(EXPECTED_WARNINGS.getOrDefault(spec.getFileName().toString(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleSpecs")
    void sampleSpecSimulatesADayWithEveryServiceReadyAndEveryNeedReachable(Path spec) {
        SimulationReport report = Simulation.of(SpecResolver.create().resolve(SpecReader.defaults().read(spec)))
                .seed(7).runFor(Duration.ofHours(24));

        SimAssertions.assertThat(report).hasNoViolations().isAllReady().hasNoBlockedNeeds();
        for (ProxyRoute route : report.topology().routes()) {
            assertThat(report.reachability(Client.onHomeLan(), route.service())).as("%s from the home LAN", route.domain())
                    .satisfies(r -> assertThat(r.reachable()).as(r.reason()).isTrue());
            assertThat(report.reachability(Client.onInternet(), route.service())).as("%s from the internet", route.domain())
                    .satisfies(r -> assertThat(r.reachable()).as(r.reason()).isTrue());
            assertThat(report.reachability(Client.onVpn(), route.service()).reachable()).as("%s from the VPN", route.domain())
                    .isEqualTo(report.topology().vpnMesh().isPresent());
        }
    }

    @Test
    void sampleRunsAsNamedModuleOnTheModulePath(@TempDir Path work) throws Exception {
        List<Path> specs = sampleSpecs().toList();
        List<String> command = new ArrayList<>(List.of(javaLauncher(), "--module-path", modulePath(),
                "-m", "io.kombify.samples/io.kombify.samples.ValidateAndResolve"));
        specs.forEach(s -> command.add(s.toString()));

        Run run = Run.of(command, work);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).startsWith("module io.kombify.samples uses io.kombify.spec (named: true)"
                + " and io.kombify.sim (named: true)\n");
        for (Path spec : specs) {
            ResolvedSpec resolved = SpecResolver.create().resolve(SpecReader.defaults().read(spec));
            // The same plan hash in another JVM, from the module path, proves the hash is stable.
            assertThat(run.stdout()).contains(spec + ": valid, ").contains("planHash " + resolved.planHash() + "\n");
            // The simulation in the named module must agree with the same run on the class path.
            SimulationReport report = Simulation.of(resolved).runFor(Duration.ofHours(1));
            assertThat(report.services()).as("services simulated for %s", spec).isNotEmpty();
            assertThat(run.stdout()).contains(spec + ": simulated PT1H, " + report.readyServices().size() + "/"
                    + report.services().size() + " service(s) ready, " + report.violations().size()
                    + " violation(s)\n");
        }
    }

    @Test
    void sdkModuleExportsItsApiButNotItsInternals(@TempDir Path work) throws Exception {
        Run run = Run.of(List.of(javaLauncher(), "--module-path", modulePath(), "--describe-module", "io.kombify.spec"), work);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.stdout().lines().map(String::strip).toList();
        assertThat(lines).contains("exports io.kombify.spec", "exports io.kombify.spec.model",
                "requires io.kombify.core transitive");
        assertThat(lines).noneMatch(l -> l.startsWith("exports io.kombify.spec.internal"));
    }

    @Test
    void invalidSpecIsReportedWithFileLineAndColumn(@TempDir Path work) throws IOException {
        Path spec = work.resolve("kombination.yaml");
        Files.writeString(spec, """
                name: broken-lab
                nodes:
                  - name: nas
                    type: main
                    provider: local
                    resources:
                      cpu: 4
                      memory: 16GB
                      disk: 500Gi
                """);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = new ValidateAndResolve().check(spec, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(1);
        assertThat(out).contains(spec + ":8:15: error SPEC_PATTERN_MISMATCH: `16GB` is not a valid `memory`")
                .contains(spec + ": invalid, 1 error(s)");
    }

    @Test
    void unreadableFileIsAnIoErrorNotACrash(@TempDir Path work) {
        Path missing = work.resolve("missing.yaml");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = new ValidateAndResolve().check(missing, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith(missing + ": IO_ERROR: ");
    }

    @Test
    void readmeQuotesTheCompiledEmbeddingExample() throws IOException {
        String source = Files.readString(ROOT.resolve(
                "samples/src/main/java/io/kombify/samples/ValidateAndResolve.java"));
        String readme = Files.readString(ROOT.resolve("README.md"));

        List<String> regions = regions(source);

        assertThat(regions).hasSize(2);
        regions.forEach(region -> assertThat(readme).contains(region));
    }

    /** The bodies of the regions marked by "// name {" and "// }" lines, without their indentation. */
    private static List<String> regions(String source) {
        Matcher m = Pattern.compile("(?m)^( *)// [a-z]+ \\{\n(.*?)^\\1// }\n", Pattern.DOTALL)
                .matcher(source);
        List<String> regions = new ArrayList<>();
        while (m.find()) {
            int indent = m.group(1).length();
            regions.add(m.group(2).lines().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                    .collect(Collectors.joining("\n", "", "\n")));
        }
        return regions;
    }

    private static String modulePath() throws IOException, URISyntaxException {
        Path sampleClasses = Path.of(ValidateAndResolve.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String runtime = Files.readString(Path.of(System.getProperty("samples.runtimeModulePath",
                "target/runtime-module-path.txt"))).strip();
        return sampleClasses + File.pathSeparator + runtime;
    }

    private static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path repositoryRoot() {
        String root = System.getProperty("kombify.root");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        return base.toAbsolutePath().normalize();
    }

    /** A finished child process; output goes through files so neither pipe can block it. */
    private record Run(int exitCode, String stdout, String stderr) {
        static Run of(List<String> command, Path work) throws IOException, InterruptedException {
            Path out = work.resolve("stdout.txt");
            Path err = work.resolve("stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            // Nothing may reach the child through a class path: it must resolve everything as modules.
            builder.environment().remove("CLASSPATH");
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
