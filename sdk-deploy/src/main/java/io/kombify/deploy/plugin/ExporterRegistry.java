package io.kombify.deploy.plugin;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import io.kombify.deploy.spi.Exporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every export format kombify can write, by name: the {@link Exporter}s found through
 * {@link ServiceLoader} (on the class path or in a module layer) and the {@link ExporterExtension}s
 * of started plugins, each with where it came from. {@link #export} runs the exporter of a format,
 * and says clearly when no exporter writes it ({@code EXPORTER_MISSING}, listing the formats there
 * are and how to install one).
 *
 * <p>When two exporters write the same format the first one wins, in a fixed order: class-path
 * exporters in {@link ServiceLoader} order, then plugins by id; the others are reported in
 * {@link #problems()} as {@code EXPORTER_DUPLICATE}. A registry is immutable and thread-safe; the
 * plugins it holds exporters of must stay open (the {@link PluginHost} not closed) while it is used.
 */
public final class ExporterRegistry {

    /** Format names: lower-case letters, digits and dashes, starting with a letter. */
    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final int MAX_LOAD_ERRORS = 100;

    private record Entry(RegisteredExporter registered, Exporter exporter) {
    }

    private final Map<String, Entry> byFormat;
    private final List<PluginProblem> problems;

    private ExporterRegistry(Map<String, Entry> byFormat, List<PluginProblem> problems) {
        this.byFormat = Collections.unmodifiableMap(byFormat);
        this.problems = List.copyOf(problems);
    }

    /** The exporters registered for {@link ServiceLoader} and visible to this class loader. */
    public static ExporterRegistry discover(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return build(ServiceLoader.load(Exporter.class, loader), null);
    }

    /** The exporters registered for {@link ServiceLoader} in this module layer (and its parents). */
    public static ExporterRegistry discover(ModuleLayer layer) {
        Objects.requireNonNull(layer, "layer");
        return build(ServiceLoader.load(layer, Exporter.class), null);
    }

    /**
     * The class-path exporters visible to this class loader, then those of the host's started plugins.
     *
     * @throws IllegalStateException when the host is closed
     */
    public static ExporterRegistry discover(PluginHost host, ClassLoader loader) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(loader, "loader");
        return build(ServiceLoader.load(Exporter.class, loader), host);
    }

    /**
     * The exporters in this module layer, then those of the host's started plugins.
     *
     * @throws IllegalStateException when the host is closed
     */
    public static ExporterRegistry discover(PluginHost host, ModuleLayer layer) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(layer, "layer");
        return build(ServiceLoader.load(layer, Exporter.class), host);
    }

    private static ExporterRegistry build(ServiceLoader<Exporter> serviceLoader, PluginHost host) {
        Map<String, Entry> byFormat = new LinkedHashMap<>();
        List<PluginProblem> problems = new ArrayList<>();
        Iterator<Exporter> it = serviceLoader.iterator();
        int errors = 0;
        while (true) {
            Exporter exporter;
            try {
                if (!it.hasNext()) {
                    break;
                }
                exporter = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add(new PluginProblem(RegisteredProvider.CLASS_PATH, Optional.empty(), "EXPORTER_LOAD_FAILED",
                        "an exporter registered in META-INF/services could not be loaded: " + e.getMessage(),
                        "check the jars on the class path; remove the one that registers it"));
                if (++errors >= MAX_LOAD_ERRORS) {
                    break;
                }
                continue;
            }
            add(byFormat, problems, exporter, RegisteredProvider.CLASS_PATH, ProviderRegistry.location(exporter.getClass()));
        }
        if (host != null) {
            for (PluginExtension<ExporterExtension> e : host.extensions(ExporterExtension.class)) {
                add(byFormat, problems, e.extension(), e.plugin().label(), Optional.of(e.plugin().path()));
            }
            problems.addAll(0, host.problems());
        }
        return new ExporterRegistry(byFormat, problems);
    }

    private static void add(Map<String, Entry> byFormat, List<PluginProblem> problems, Exporter exporter,
                            String source, Optional<Path> location) {
        String format;
        String description;
        Set<ExportMode> modes;
        try {
            format = exporter.format();
            description = exporter.description();
            modes = exporter.modes();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(source, location, "EXPORTER_INVALID", "the exporter "
                    + exporter.getClass().getName() + " from " + source + " failed to describe itself: "
                    + PluginHost.describe(e), "report it to the exporter's author"));
            return;
        }
        if (format == null || !FORMAT.matcher(format).matches()) {
            problems.add(new PluginProblem(source, location, "EXPORTER_INVALID", "the exporter "
                    + exporter.getClass().getName() + " from " + source + " has no usable format name ('" + format
                    + "'); a format is lower-case letters, digits and dashes", "report it to the exporter's author"));
            return;
        }
        Set<ExportMode> offered = modes == null || modes.isEmpty() ? EnumSet.noneOf(ExportMode.class) : EnumSet.copyOf(modes);
        offered.add(ExportMode.WRITE);
        Entry first = byFormat.get(format);
        if (first != null) {
            problems.add(new PluginProblem(source, location, "EXPORTER_DUPLICATE", "the " + format + " exporter from "
                    + source + " is ignored: " + first.registered().source() + " has an exporter of that format",
                    source.equals(RegisteredProvider.CLASS_PATH)
                            ? "remove one of the two jars from the class path"
                            : "remove one of the two plugins (kombify plugins remove), or keep the one from "
                            + first.registered().source()));
            return;
        }
        byFormat.put(format, new Entry(new RegisteredExporter(format, description == null ? "" : description.strip(),
                offered, source, location), exporter));
    }

    /** The exporters, by format. */
    public List<RegisteredExporter> entries() {
        return byFormat.values().stream().map(Entry::registered)
                .sorted(Comparator.comparing(RegisteredExporter::format)).toList();
    }

    /** The formats there are exporters of, sorted. */
    public Set<String> formats() {
        return Collections.unmodifiableSet(new TreeSet<>(byFormat.keySet()));
    }

    /** Where the exporter of this format was found. */
    public Optional<RegisteredExporter> entry(String format) {
        Entry e = byFormat.get(format);
        return e == null ? Optional.empty() : Optional.of(e.registered());
    }

    /**
     * Where the exporter of this format was found, when there is one.
     *
     * @throws KombifyException {@code EXPORTER_MISSING} when no exporter writes the format, naming the
     *                          formats there are and how to install an exporter
     */
    public RegisteredExporter require(String format) {
        Entry e = byFormat.get(Objects.requireNonNull(format, "format"));
        if (e == null) {
            throw missing(format);
        }
        return e.registered();
    }

    /** The exporter of this format. */
    public Optional<Exporter> exporter(String format) {
        Entry e = byFormat.get(format);
        return e == null ? Optional.empty() : Optional.of(e.exporter());
    }

    /**
     * Everything that was found but cannot be used: first the plugin host's problems (plugins left
     * out, as in {@link PluginHost#problems()} when the registry was made), then the exporters the
     * registry left out: duplicates ({@code EXPORTER_DUPLICATE}), exporters that could not be loaded
     * ({@code EXPORTER_LOAD_FAILED}) or have no usable format name ({@code EXPORTER_INVALID}).
     */
    public List<PluginProblem> problems() {
        return problems;
    }

    /**
     * Exports with the exporter of {@code format}.
     *
     * @throws KombifyException {@code EXPORTER_MISSING} when no exporter writes the format (naming the
     *                          formats there are and how to install an exporter);
     *                          {@code EXPORT_MODE_UNSUPPORTED} when the exporter cannot plan or apply
     *                          and the request asks it to; {@code EXPORT_FAILED} when the exporter
     *                          fails with anything but a {@code KombifyException}, which passes through
     */
    public ExportResult export(String format, ExportRequest request) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(request, "request");
        RegisteredExporter registered = require(format);
        Entry entry = byFormat.get(format);
        if (!registered.modes().contains(request.mode())) {
            String can = registered.modes().stream().sorted().map(m -> m.name().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
            String message = "the " + format + " exporter (" + registered.source() + ") cannot "
                    + request.mode().name().toLowerCase(java.util.Locale.ROOT) + "; it can: " + can;
            throw new KombifyException("EXPORT_MODE_UNSUPPORTED", message, List.of(Diagnostic.error(
                    "EXPORT_MODE_UNSUPPORTED", "", message, "export the files only, then run the format's own tool on them")));
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(entry.exporter().getClass().getClassLoader());
        ExportResult result;
        try {
            result = entry.exporter().export(request);
        } catch (KombifyException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw failed(registered, "failed: " + PluginHost.describe(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        if (result == null) {
            throw failed(registered, "returned no result", null);
        }
        return result;
    }

    private KombifyException missing(String format) {
        String known = byFormat.isEmpty() ? "none" : String.join(", ", formats());
        String message = "no exporter writes the format '" + format + "'; formats there are: " + known;
        String hint = "install the plugin that exports " + format + " with 'kombify plugins install FILE' "
                + "(kombify's OpenTofu exporter is the plugin archive kombify-opentofu-VERSION-plugin.zip), and pass "
                + "--plugins-dir when it is installed elsewhere than ~/.kombify/plugins";
        return new KombifyException("EXPORTER_MISSING", message,
                List.of(Diagnostic.error("EXPORTER_MISSING", "", message, hint)));
    }

    private static KombifyException failed(RegisteredExporter registered, String what, Throwable cause) {
        String message = "the " + registered.format() + " exporter from " + registered.source() + " " + what;
        return new KombifyException("EXPORT_FAILED", message, List.of(Diagnostic.error("EXPORT_FAILED", "", message,
                "report it to the exporter's author")), cause);
    }
}
