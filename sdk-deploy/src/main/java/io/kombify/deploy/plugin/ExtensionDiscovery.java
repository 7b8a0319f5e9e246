package io.kombify.deploy.plugin;

import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a registry finds what it offers by key: the instances of a service found through
 * {@link ServiceLoader} (source {@value RegisteredProvider#CLASS_PATH}), then the extensions of a
 * {@link PluginHost}'s started plugins, each read into a registry entry. The first instance of a
 * key wins; what cannot be used is reported as a {@link PluginProblem} in the registry's words:
 * {@code <code>_LOAD_FAILED}, {@code <code>_INVALID} and {@code <code>_DUPLICATE}.
 *
 * <p>Immutable and thread-safe when its reader is.
 *
 * @param <T> the service type
 * @param <R> what the registry says about one instance
 */
final class ExtensionDiscovery<T, R> {

    private static final int MAX_LOAD_ERRORS = 100;

    /**
     * Reads one instance into an entry, calling into the instance (so into plugin code). An
     * exception it throws is reported as the instance failing to describe itself.
     */
    @FunctionalInterface
    interface Reader<T, R> {

        /**
         * The entry of {@code instance}, or empty after passing {@code unusable} why it cannot be
         * used (the end of "the {@code <instance>} {@code <class>} from {@code <source>} ...").
         */
        Optional<R> read(T instance, String source, Optional<Path> location, Consumer<String> unusable);
    }

    /** The message of an instance left out because an earlier one has its key. */
    @FunctionalInterface
    interface DuplicateMessage {
        String of(String key, String source, String firstSource);
    }

    /**
     * How a registry speaks of what it finds, in the problems it reports.
     *
     * @param code      the prefix of the problem codes, such as {@code PROVIDER}
     * @param one       one of them, with its article ("a provider"), for what cannot be loaded
     * @param instance  what an instance is ("provider factory"): "the {@code <instance>} {@code <class>}
     *                  from {@code <source>} ..." when it is unusable
     * @param reading   what reading an instance asks of it ("give its name"), for when that fails
     * @param author    whose author to report an unusable instance to ("provider")
     * @param duplicate the message of a duplicate
     */
    record Wording(String code, String one, String instance, String reading, String author,
                   DuplicateMessage duplicate) {

        Wording {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(one, "one");
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(reading, "reading");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(duplicate, "duplicate");
        }
    }

    /** A usable instance and its entry. */
    record Found<T, R>(R entry, T instance) {
    }

    /**
     * What was found.
     *
     * @param byKey    the usable instances by key, in the order they were found
     * @param problems the plugin host's problems, then what was left out, in the order found
     */
    record Result<T, R>(Map<String, Found<T, R>> byKey, List<PluginProblem> problems) {
    }

    private final Class<T> service;
    private final Class<? extends T> extensionType;
    private final Wording wording;
    private final Reader<T, R> reader;
    private final Function<R, String> keyOf;
    private final Function<R, String> sourceOf;

    /**
     * @param service       the type registered for {@link ServiceLoader}
     * @param extensionType the extension point plugins implement it through
     * @param wording       how the registry speaks of what it finds
     * @param reader        reads an instance into an entry
     * @param keyOf         the key of an entry, unique in the registry
     * @param sourceOf      where an entry was found, for the message of a duplicate
     */
    ExtensionDiscovery(Class<T> service, Class<? extends T> extensionType, Wording wording, Reader<T, R> reader,
                       Function<R, String> keyOf, Function<R, String> sourceOf) {
        this.service = Objects.requireNonNull(service, "service");
        this.extensionType = Objects.requireNonNull(extensionType, "extensionType");
        this.wording = Objects.requireNonNull(wording, "wording");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
        this.sourceOf = Objects.requireNonNull(sourceOf, "sourceOf");
    }

    /**
     * The instances registered for {@link ServiceLoader} and visible to {@code loader}, then the
     * extensions of the host's started plugins when there is a host.
     *
     * @param host the plugin host, or {@code null} for the class path only
     * @throws IllegalStateException when the host is closed
     */
    Result<T, R> discover(PluginHost host, ClassLoader loader) {
        return discover(ServiceLoader.load(service, Objects.requireNonNull(loader, "loader")), host);
    }

    /**
     * The instances registered for {@link ServiceLoader} in {@code layer} (and its parents), then
     * the extensions of the host's started plugins when there is a host.
     *
     * @param host the plugin host, or {@code null} for the module layer only
     * @throws IllegalStateException when the host is closed
     */
    Result<T, R> discover(PluginHost host, ModuleLayer layer) {
        return discover(ServiceLoader.load(Objects.requireNonNull(layer, "layer"), service), host);
    }

    private Result<T, R> discover(ServiceLoader<T> serviceLoader, PluginHost host) {
        Map<String, Found<T, R>> byKey = new LinkedHashMap<>();
        List<PluginProblem> problems = new ArrayList<>();
        Iterator<T> it = serviceLoader.iterator();
        int errors = 0;
        while (true) {
            T instance;
            try {
                if (!it.hasNext()) {
                    break;
                }
                instance = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add(new PluginProblem(RegisteredProvider.CLASS_PATH, Optional.empty(),
                        wording.code() + "_LOAD_FAILED",
                        wording.one() + " registered in META-INF/services could not be loaded: " + e.getMessage(),
                        "check the jars on the class path; remove the one that registers it"));
                if (++errors >= MAX_LOAD_ERRORS) {
                    break;
                }
                continue;
            }
            add(byKey, problems, instance, RegisteredProvider.CLASS_PATH, location(instance.getClass()));
        }
        if (host != null) {
            for (PluginExtension<? extends T> e : host.extensions(extensionType)) {
                add(byKey, problems, e.extension(), e.plugin().label(), Optional.of(e.plugin().path()));
            }
            problems.addAll(0, host.problems());
        }
        return new Result<>(byKey, problems);
    }

    private void add(Map<String, Found<T, R>> byKey, List<PluginProblem> problems, T instance, String source,
                     Optional<Path> location) {
        String invalid = wording.code() + "_INVALID";
        String unusablePrefix = "the " + wording.instance() + " " + instance.getClass().getName() + " from " + source + " ";
        String authorHint = "report it to the " + wording.author() + "'s author";
        Optional<R> read;
        try {
            read = reader.read(instance, source, location, why ->
                    problems.add(new PluginProblem(source, location, invalid, unusablePrefix + why, authorHint)));
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(source, location, invalid,
                    unusablePrefix + "failed to " + wording.reading() + ": " + PluginHost.describe(e), authorHint));
            return;
        }
        if (read.isEmpty()) {
            return;
        }
        R entry = read.get();
        String key = keyOf.apply(entry);
        Found<T, R> first = byKey.get(key);
        if (first != null) {
            String firstSource = sourceOf.apply(first.entry());
            problems.add(new PluginProblem(source, location, wording.code() + "_DUPLICATE",
                    wording.duplicate().of(key, source, firstSource),
                    source.equals(RegisteredProvider.CLASS_PATH)
                            ? "remove one of the two jars from the class path"
                            : "remove one of the two plugins (kombify plugins remove), or keep the one from "
                            + firstSource));
            return;
        }
        byKey.put(key, new Found<>(entry, instance));
    }

    /** The jar or directory a class was loaded from, when the JVM says. */
    static Optional<Path> location(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL url = source == null ? null : source.getLocation();
            return url == null ? Optional.empty() : Optional.of(Path.of(url.toURI()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code action} with {@code loader} as the thread's context class loader, and puts the
     * previous one back: plugin code runs with its own class loader as the context loader, as
     * libraries expect.
     */
    static <V> V withContextLoader(ClassLoader loader, Supplier<V> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
