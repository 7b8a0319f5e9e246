package io.kombify.deploy.plugin;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import io.kombify.deploy.spi.Exporter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
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
    private static final ExtensionDiscovery<Exporter, RegisteredExporter> DISCOVERY = new ExtensionDiscovery<>(
            Exporter.class, ExporterExtension.class,
            new ExtensionDiscovery.Wording("EXPORTER", "an exporter", "exporter", "describe itself", "exporter",
                    (format, source, first) -> "the " + format + " exporter from " + source + " is ignored: " + first
                            + " has an exporter of that format"),
            ExporterRegistry::read, RegisteredExporter::format, RegisteredExporter::source);

    private final Map<String, ExtensionDiscovery.Found<Exporter, RegisteredExporter>> byFormat;
    private final List<PluginProblem> problems;

    private ExporterRegistry(ExtensionDiscovery.Result<Exporter, RegisteredExporter> found) {
        this.byFormat = Collections.unmodifiableMap(found.byKey());
        this.problems = List.copyOf(found.problems());
    }

    /** The exporters registered for {@link ServiceLoader} and visible to this class loader. */
    public static ExporterRegistry discover(ClassLoader loader) {
        return new ExporterRegistry(DISCOVERY.discover(null, loader));
    }

    /** The exporters registered for {@link ServiceLoader} in this module layer (and its parents). */
    public static ExporterRegistry discover(ModuleLayer layer) {
        return new ExporterRegistry(DISCOVERY.discover(null, layer));
    }

    /**
     * The class-path exporters visible to this class loader, then those of the host's started plugins.
     *
     * @throws IllegalStateException when the host is closed
     */
    public static ExporterRegistry discover(PluginHost host, ClassLoader loader) {
        return new ExporterRegistry(DISCOVERY.discover(Objects.requireNonNull(host, "host"), loader));
    }

    /**
     * The exporters in this module layer, then those of the host's started plugins.
     *
     * @throws IllegalStateException when the host is closed
     */
    public static ExporterRegistry discover(PluginHost host, ModuleLayer layer) {
        return new ExporterRegistry(DISCOVERY.discover(Objects.requireNonNull(host, "host"), layer));
    }

    private static Optional<RegisteredExporter> read(Exporter exporter, String source, Optional<Path> location,
                                                     Consumer<String> unusable) {
        String format = exporter.format();
        String description = exporter.description();
        Set<ExportMode> modes = exporter.modes();
        if (format == null || !FORMAT.matcher(format).matches()) {
            unusable.accept("has no usable format name ('" + format
                    + "'); a format is lower-case letters, digits and dashes");
            return Optional.empty();
        }
        Set<ExportMode> offered = modes == null || modes.isEmpty() ? EnumSet.noneOf(ExportMode.class) : EnumSet.copyOf(modes);
        offered.add(ExportMode.WRITE);
        return Optional.of(new RegisteredExporter(format, description == null ? "" : description.strip(), offered,
                source, location));
    }

    /** The exporters, by format. */
    public List<RegisteredExporter> entries() {
        return byFormat.values().stream().map(ExtensionDiscovery.Found::entry)
                .sorted(Comparator.comparing(RegisteredExporter::format)).toList();
    }

    /** The formats there are exporters of, sorted. */
    public Set<String> formats() {
        return Collections.unmodifiableSet(new TreeSet<>(byFormat.keySet()));
    }

    /** Where the exporter of this format was found. */
    public Optional<RegisteredExporter> entry(String format) {
        ExtensionDiscovery.Found<Exporter, RegisteredExporter> e = byFormat.get(format);
        return e == null ? Optional.empty() : Optional.of(e.entry());
    }

    /**
     * Where the exporter of this format was found, when there is one.
     *
     * @throws KombifyException {@code EXPORTER_MISSING} when no exporter writes the format, naming the
     *                          formats there are and how to install an exporter
     */
    public RegisteredExporter require(String format) {
        ExtensionDiscovery.Found<Exporter, RegisteredExporter> e = byFormat.get(Objects.requireNonNull(format, "format"));
        if (e == null) {
            throw missing(format);
        }
        return e.entry();
    }

    /** The exporter of this format. */
    public Optional<Exporter> exporter(String format) {
        ExtensionDiscovery.Found<Exporter, RegisteredExporter> e = byFormat.get(format);
        return e == null ? Optional.empty() : Optional.of(e.instance());
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
        Exporter exporter = byFormat.get(format).instance();
        if (!registered.modes().contains(request.mode())) {
            String can = registered.modes().stream().sorted().map(m -> m.name().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
            String message = "the " + format + " exporter (" + registered.source() + ") cannot "
                    + request.mode().name().toLowerCase(java.util.Locale.ROOT) + "; it can: " + can;
            throw new KombifyException("EXPORT_MODE_UNSUPPORTED", message, List.of(Diagnostic.error(
                    "EXPORT_MODE_UNSUPPORTED", "", message, "export the files only, then run the format's own tool on them")));
        }
        ExportResult result;
        try {
            result = ExtensionDiscovery.withContextLoader(exporter.getClass().getClassLoader(),
                    () -> exporter.export(request));
        } catch (KombifyException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw failed(registered, "failed: " + PluginHost.describe(e), e);
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
