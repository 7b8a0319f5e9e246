package io.kombify.benchmarks;

import io.kombify.deploy.plugin.ExporterRegistry;
import io.kombify.deploy.plugin.PluginHost;
import io.kombify.deploy.plugin.PluginProblem;
import io.kombify.deploy.plugin.ProviderRegistry;
import io.kombify.deploy.plugin.RegisteredProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Loading and starting the three plugins kombify ships (Docker, Hetzner Cloud, OpenTofu) from one
 * plugin directory, as {@code kombify plan} and {@code apply} do: {@link PluginHost#start} (unpack
 * the zips, read the descriptors, make the class loaders, start the plugins), then the provider and
 * exporter registries that find their extensions. One operation is all of it, for all three
 * plugins, up to a closed host.
 *
 * <p>{@link #firstInJvm} measures the one start a command pays: each fork starts the plugins once
 * (single shot, nothing warmed up, so the SDK's own classes load in the measured time too).
 * {@link #again} measures a start in a JVM that has started them before (a long-running server
 * reloading its plugins). The archives come from the directory in the system property
 * {@code kombify.plugins} (the build copies them to {@code target/plugins}).
 *
 * <p>{@code archive=stored} loads the archives as the build makes them, with the libraries stored
 * in the zip as they are; {@code archive=deflated} loads copies in which every entry is deflated
 * again (what the assembly plugin does by default), so the two layouts are compared in one run.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PluginLoadBenchmark {

    /** The plugins every run must find, with the providers and the exporter they bring. */
    static final Set<String> PLUGINS = Set.of("docker", "hetzner", "opentofu");
    static final Set<String> PROVIDERS = Set.of("docker", "local", "hetzner");
    static final String EXPORTER = "opentofu";

    /** How the libraries sit in the archives: as built (stored) or deflated again. */
    @Param({"stored", "deflated"})
    public String archive;

    private Path directory;

    @Setup(Level.Trial)
    public void copyArchives() throws IOException {
        directory = Files.createTempDirectory("kombify-plugin-load-");
        for (Path source : archives(archiveDirectory())) {
            Path target = directory.resolve(source.getFileName());
            if ("deflated".equals(archive)) {
                deflate(source, target);
            } else {
                Files.copy(source, target);
            }
        }
    }

    /** Copies a zip with every entry deflated. */
    static void deflate(Path source, Path target) throws IOException {
        try (ZipFile in = new ZipFile(source.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            out.setMethod(ZipOutputStream.DEFLATED);
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    @TearDown(Level.Trial)
    public void removeArchives() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(10)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public Loaded firstInJvm() {
        return loadAndStart(directory);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Fork(1)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public Loaded again() {
        return loadAndStart(directory);
    }

    /** What one load found: the started plugins, the providers and exporters they bring. */
    record Loaded(Set<String> plugins, Set<String> providers, Set<String> exporters) {
    }

    /**
     * Starts a host on the directory, finds its providers and exporters, and closes it.
     *
     * @throws IllegalStateException when a plugin has a problem or one of the three is missing, so a
     *                               broken build never yields a figure
     */
    static Loaded loadAndStart(Path directory) {
        try (PluginHost host = PluginHost.start(directory)) {
            ClassLoader loader = PluginLoadBenchmark.class.getClassLoader();
            ProviderRegistry providers = ProviderRegistry.discover(host, loader);
            ExporterRegistry exporters = ExporterRegistry.discover(host, loader);
            Set<String> plugins = new TreeSet<>();
            host.plugins().forEach(p -> plugins.add(p.id()));
            Set<String> providerNames = new TreeSet<>();
            providers.entries().stream().filter(RegisteredProvider::fromPlugin).forEach(p -> providerNames.add(p.name()));
            Set<String> formats = new TreeSet<>(exporters.formats());
            List<PluginProblem> problems = host.problems();
            if (!problems.isEmpty() || !plugins.containsAll(PLUGINS) || !providerNames.containsAll(PROVIDERS)
                    || !formats.contains(EXPORTER)) {
                throw new IllegalStateException("the plugins in " + directory + " did not all load: plugins " + plugins
                        + ", providers " + providerNames + ", exporters " + formats + ", problems " + problems);
            }
            return new Loaded(plugins, providerNames, formats);
        }
    }

    /** The directory holding the three plugin archives: the system property {@code kombify.plugins}. */
    static Path archiveDirectory() {
        String dir = System.getProperty("kombify.plugins");
        if (dir == null) {
            throw new IllegalStateException("set -Dkombify.plugins=DIR to the directory holding the plugin zips"
                    + " (the build puts them in benchmarks/target/plugins)");
        }
        return Path.of(dir);
    }

    static List<Path> archives(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> zips = files.filter(p -> p.getFileName().toString().endsWith("-plugin.zip")).sorted().toList();
            if (zips.size() != PLUGINS.size()) {
                throw new IllegalStateException("expected the " + PLUGINS.size() + " plugin zips in " + dir + ", found " + zips);
            }
            return zips;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
