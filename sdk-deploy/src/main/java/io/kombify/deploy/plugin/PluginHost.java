package io.kombify.deploy.plugin;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.pf4j.DefaultVersionManager;
import org.pf4j.Extension;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads the PF4J plugins in a directory, starts them, and hands out their extensions. Use one per
 * command or server run and close it when done: closing stops the plugins and closes their class
 * loaders.
 *
 * <pre>{@code
 * try (PluginHost host = PluginHost.start(PluginHost.defaultDirectory(Path.of(System.getProperty("user.home"))))) {
 *     ProviderRegistry registry = ProviderRegistry.discover(host, MyApp.class.getClassLoader());
 *     host.problems().forEach(p -> System.err.println(p + " (" + p.hint() + ")"));
 * }
 * }</pre>
 *
 * <p>A plugin is a jar (classes at its root), a zip (PF4J's layout: {@code classes/} and
 * {@code lib/*.jar}, unpacked into a private temporary directory) or a directory with either
 * layout, described by {@code Plugin-Id}, {@code Plugin-Version}, {@code Plugin-Class},
 * {@code Plugin-Requires} and {@code Plugin-Dependencies} in its manifest, or by
 * {@code plugin.properties}. Extensions are listed in {@code META-INF/extensions.idx}, which PF4J's
 * annotation processor writes for {@code @Extension} classes. A plugin's class loader takes
 * {@code io.kombify.*} (but its own {@code io.kombify.plugin.*}), {@code org.pf4j.*} and
 * {@code org.slf4j.*} from the host, so a plugin always implements the host's SDK interfaces even
 * if it bundles a copy of the SDK.
 *
 * <p>A plugin that cannot be used does not stop the others: it is left out, and
 * {@link #problems()} says why ({@code PLUGIN_INVALID}, {@code PLUGIN_DESCRIPTOR_MISSING},
 * {@code PLUGIN_DESCRIPTOR_INVALID}, {@code PLUGIN_DUPLICATE}, {@code PLUGIN_INCOMPATIBLE},
 * {@code PLUGIN_DEPENDENCY_UNRESOLVED}, {@code PLUGIN_DEPENDENCY_FAILED}, {@code PLUGIN_START_FAILED},
 * {@code PLUGIN_EXTENSION_FAILED}). Plugins are started concurrently on a small pool, each after
 * the plugins it depends on. The host is thread-safe.
 */
public final class PluginHost implements AutoCloseable {

    /**
     * The version of the SDK plugins are checked against ({@code Plugin-Requires}). It is the
     * release version of the kombify modules, without a {@code -SNAPSHOT} qualifier.
     */
    public static final String SDK_VERSION = "0.1.0";

    private final Path directory;
    private final String sdkVersion;
    private final HostPluginManager manager;
    /** Plugin id to the file or directory it was loaded from (zips are loaded unpacked). */
    private final Map<String, Path> origins = new HashMap<>();
    private final Map<String, PluginDescriptor> descriptors = new HashMap<>();
    private final Set<PluginProblem> problems = new LinkedHashSet<>();
    private Path unpacked;
    private int unpackedCount;
    private boolean closed;

    private PluginHost(Builder builder) {
        this.directory = builder.directory;
        this.sdkVersion = builder.sdkVersion;
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            String message = "the plugin directory " + directory + " is not a directory";
            throw new KombifyException("PLUGIN_DIRECTORY_INVALID", message, List.of(Diagnostic.error(
                    "PLUGIN_DIRECTORY_INVALID", "", message, "give the directory plugins are installed in")));
        }
        this.manager = new HostPluginManager(directory, builder.hostLoader, sdkVersion);
        try {
            List<Path> candidates = Files.isDirectory(directory) ? PluginArchives.list(directory) : List.of();
            for (Path candidate : candidates) {
                load(candidate);
            }
            manager.resolve().forEach((id, reason) -> {
                PluginDescriptor d = descriptors.get(id);
                problems.add(new PluginProblem(id, Optional.ofNullable(origins.remove(id)),
                        "PLUGIN_DEPENDENCY_UNRESOLVED", "plugin " + id + " " + d.getVersion() + " was not loaded: "
                        + reason, "install the plugins it needs in the versions it names, or remove it"));
            });
            start(builder.startThreads, builder.startTimeout);
        } catch (IOException e) {
            close();
            String message = "cannot read the plugin directory " + directory + ": " + e.getMessage();
            throw new KombifyException("PLUGIN_DIRECTORY_UNREADABLE", message, List.of(Diagnostic.error(
                    "PLUGIN_DIRECTORY_UNREADABLE", "", message, "check the directory's permissions")), e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** {@code ~/.kombify/plugins}: the plugin directory under a user's home directory. */
    public static Path defaultDirectory(Path userHome) {
        return userHome.resolve(".kombify").resolve("plugins");
    }

    /**
     * Loads and starts the plugins in a directory, with the default settings. A directory that does
     * not exist holds no plugins.
     *
     * @throws KombifyException {@code PLUGIN_DIRECTORY_INVALID} when the path is a file,
     *                          {@code PLUGIN_DIRECTORY_UNREADABLE} when it cannot be listed
     */
    public static PluginHost start(Path directory) {
        return builder(directory).start();
    }

    /** Settings for a host loading the plugins in this directory. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The directory plugins are loaded from. */
    public Path directory() {
        return directory;
    }

    /** The SDK version plugins are checked against. */
    public String sdkVersion() {
        return sdkVersion;
    }

    /** The plugins loaded, by id: started, failed or disabled (and stopped once closed). */
    public synchronized List<PluginInfo> plugins() {
        List<PluginInfo> result = new ArrayList<>();
        for (PluginWrapper w : manager.getPlugins()) {
            if (w.getPluginState() != PluginState.UNLOADED) {
                result.add(info(w));
            }
        }
        result.sort(Comparator.comparing(PluginInfo::id));
        return List.copyOf(result);
    }

    /** The loaded plugin with this id. */
    public synchronized Optional<PluginInfo> plugin(String id) {
        return plugins().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * Why plugins, or extensions in them, could not be used: one entry per problem, in the order
     * they were found (loading, then starting, then {@link #extensions}).
     */
    public synchronized List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * The extensions of a type that the started plugins contribute, by plugin id and then by
     * {@link Extension#ordinal()}. Each call makes new instances. An extension that cannot be
     * loaded or made is left out and reported in {@link #problems()}.
     *
     * @throws IllegalStateException when the host is closed
     */
    public synchronized <T> List<PluginExtension<T>> extensions(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (closed) {
            throw new IllegalStateException("the plugin host is closed");
        }
        List<PluginExtension<T>> result = new ArrayList<>();
        for (PluginInfo plugin : plugins()) {
            if (plugin.state() == PluginStatus.STARTED) {
                result.addAll(extensions(type, plugin));
            }
        }
        return List.copyOf(result);
    }

    /** Stops the started plugins (in reverse order) and closes every plugin class loader. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (manager != null) {
            List<PluginWrapper> started = manager.started();
            Collections.reverse(started);
            for (PluginWrapper w : started) {
                runWithContextLoader(w.getPluginClassLoader(), () -> {
                    try {
                        w.getPlugin().stop();
                    } catch (RuntimeException | LinkageError ignored) {
                        // a plugin that fails to stop must not keep the others running
                    }
                });
                manager.markStopped(w);
            }
            manager.closeClassLoaders();
        }
        if (unpacked != null) {
            try {
                PluginArchives.deleteRecursively(unpacked);
            } catch (IOException ignored) {
                // a temporary directory that cannot be removed is left to the system
            }
        }
    }

    // --- loading ---

    private void load(Path path) {
        String file = path.getFileName().toString();
        PluginDescriptor descriptor;
        try {
            descriptor = PluginArchives.readDescriptor(path, manager.getVersionManager());
        } catch (PluginFailure f) {
            problems.add(f.problem(file, path));
            return;
        }
        String id = descriptor.getPluginId();
        Path first = origins.get(id);
        if (first != null) {
            problems.add(new PluginProblem(id, Optional.of(path), "PLUGIN_DUPLICATE", "plugin " + id
                    + " is installed twice: " + first.getFileName() + " is used and " + file + " is ignored",
                    "remove one of them from " + directory));
            return;
        }
        try {
            PluginArchives.checkCompatible(descriptor, sdkVersion, manager.getVersionManager());
        } catch (PluginFailure f) {
            // PF4J loads it disabled, so that it is listed; its problem says why
            problems.add(f.problem(id, path));
        }
        Path loadPath = path;
        if (Files.isRegularFile(path) && PluginArchives.isZip(path)) {
            try {
                loadPath = unpack(path);
            } catch (PluginFailure f) {
                problems.add(f.problem(id, path));
                return;
            }
        }
        try {
            manager.load(loadPath);
            origins.put(id, path);
            descriptors.put(id, descriptor);
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(id, Optional.of(path), "PLUGIN_INVALID", "plugin " + id
                    + " cannot be loaded: " + describe(e), "get a working release of the plugin from its provider"));
        }
    }

    private Path unpack(Path zip) throws PluginFailure {
        try {
            if (unpacked == null) {
                unpacked = Files.createTempDirectory("kombify-plugins-");
            }
        } catch (IOException e) {
            throw new PluginFailure("PLUGIN_INVALID", "no temporary directory to unpack "
                    + zip.getFileName() + " into: " + e.getMessage(), "check the temporary directory (java.io.tmpdir)", e);
        }
        Path target = unpacked.resolve((unpackedCount++) + "-" + PluginArchives.baseName(zip));
        PluginArchives.unzip(zip, target);
        return target;
    }

    // --- starting ---

    /**
     * Why a plugin did not start: its own failure (the cause), its start taking too long, or (no
     * cause) it was not startable at all.
     */
    private static final class StartFailure extends RuntimeException {
        private final String pluginId;
        private final boolean timedOut;

        StartFailure(String pluginId, Throwable cause, boolean timedOut) {
            super(pluginId, cause, false, false);
            this.pluginId = pluginId;
            this.timedOut = timedOut;
        }
    }

    private void start(int threads, Duration timeout) {
        List<PluginWrapper> order = manager.resolvedInOrder();
        List<PluginWrapper> startable = order.stream().filter(w -> w.getPluginState() == PluginState.RESOLVED).toList();
        if (startable.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, startable.size()), new StartThreads());
        Map<String, CompletableFuture<Void>> futures = new LinkedHashMap<>();
        try {
            for (PluginWrapper w : order) {
                String id = w.getPluginId();
                if (w.getPluginState() != PluginState.RESOLVED) {
                    futures.put(id, CompletableFuture.failedFuture(new StartFailure(id, null, false)));
                    continue;
                }
                List<CompletableFuture<Void>> before = new ArrayList<>();
                for (PluginDependency d : w.getDescriptor().getDependencies()) {
                    CompletableFuture<Void> f = futures.get(d.getPluginId());
                    if (f != null) {
                        before.add(d.isOptional() ? f.exceptionally(e -> null) : f);
                    }
                }
                futures.put(id, CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                        .thenRunAsync(() -> startPlugin(w), pool));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(startable.stream().map(w -> futures.get(w.getPluginId()))
                    .toArray(CompletableFuture[]::new));
            all.exceptionally(e -> null).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the plugins still starting are reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            // settle every outcome now: a start that ends later (for example when the interrupt
            // below makes it return) does not count
            for (PluginWrapper w : startable) {
                futures.get(w.getPluginId()).completeExceptionally(new StartFailure(w.getPluginId(), null, true));
            }
            pool.shutdownNow();
        }
        for (PluginWrapper w : startable) {
            started(w, futures.get(w.getPluginId()), timeout);
        }
    }

    private void startPlugin(PluginWrapper w) {
        runWithContextLoader(w.getPluginClassLoader(), () -> {
            try {
                w.getPlugin().start();
            } catch (Throwable e) {
                throw new StartFailure(w.getPluginId(), e, false);
            }
        });
    }

    private void started(PluginWrapper w, CompletableFuture<Void> future, Duration timeout) {
        String id = w.getPluginId();
        String label = "plugin " + id + " " + w.getDescriptor().getVersion();
        Optional<Path> path = Optional.of(origins.get(id));
        if (!future.isCompletedExceptionally()) {
            manager.markStarted(w);
            return;
        }
        PluginProblem problem;
        Throwable cause;
        StartFailure failure = startFailure(future, id);
        if (failure.timedOut && failure.pluginId.equals(id)) {
            cause = new TimeoutException(label + " did not finish starting within " + timeout);
            problem = new PluginProblem(id, path, "PLUGIN_START_FAILED", label + " did not finish starting within "
                    + timeout.toSeconds() + " s", "its start() blocks; report it to "
                    + providerOf(w) + ", or remove it with 'kombify plugins remove " + id + "'");
        } else {
            cause = failure.getCause() == null ? failure : failure.getCause();
            if (!failure.pluginId.equals(id)) {
                problem = new PluginProblem(id, path, "PLUGIN_DEPENDENCY_FAILED", label + " was not started because plugin "
                        + failure.pluginId + ", which it depends on, did not start",
                        "fix or remove plugin " + failure.pluginId + " first (see its problem)");
            } else if (cause instanceof HostPluginManager.PluginClassException) {
                problem = new PluginProblem(id, path, "PLUGIN_INVALID", label + " is broken: " + cause.getMessage(),
                        "the plugin was built wrongly; get a fixed release from " + providerOf(w));
            } else {
                problem = new PluginProblem(id, path, "PLUGIN_START_FAILED", label + " failed to start: "
                        + describe(cause), "check what the plugin needs (its documentation, or " + providerOf(w)
                        + "), or remove it with 'kombify plugins remove " + id + "'");
            }
        }
        manager.markFailed(w, cause);
        problems.add(problem);
    }

    private static StartFailure startFailure(CompletableFuture<Void> future, String id) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StartFailure s) {
                return s;
            }
            return new StartFailure(id, e.getCause(), false);
        }
        throw new IllegalStateException("the start did not fail");
    }

    private static String providerOf(PluginWrapper w) {
        String provider = w.getDescriptor().getProvider();
        return provider == null || provider.isBlank() ? "its provider" : provider;
    }

    /** Start threads: daemons, so that a plugin stuck in start() cannot keep the process alive. */
    private static final class StartThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "kombify-plugin-start-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    // --- extensions ---

    private <T> List<PluginExtension<T>> extensions(Class<T> type, PluginInfo plugin) {
        record Found<T>(int ordinal, String className, T instance) {
        }
        String id = plugin.id();
        ClassLoader loader = manager.getPluginClassLoader(id);
        List<Found<T>> found = new ArrayList<>();
        for (String className : new TreeSet<>(manager.getExtensionClassNames(id))) {
            Class<?> c;
            try {
                c = loader.loadClass(className);
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(new PluginProblem(id, Optional.of(plugin.path()), "PLUGIN_EXTENSION_FAILED",
                        plugin.label() + " lists the extension " + className
                                + " in META-INF/extensions.idx, but it cannot be loaded: " + describe(e),
                        "the plugin was built wrongly; get a fixed release from its provider"));
                continue;
            }
            if (!type.isAssignableFrom(c)) {
                if (implementsCopyOf(c, type)) {
                    problems.add(new PluginProblem(id, Optional.of(plugin.path()), "PLUGIN_EXTENSION_FAILED",
                            plugin.label() + ": the extension " + className + " implements its own copy of "
                                    + type.getName() + ", not the host's",
                            "build the plugin with the SDK as a provided dependency"));
                }
                continue;
            }
            Object instance;
            try {
                instance = ExtensionDiscovery.withContextLoader(loader, () -> manager.getExtensionFactory().create(c));
            } catch (RuntimeException | LinkageError e) {
                problems.add(new PluginProblem(id, Optional.of(plugin.path()), "PLUGIN_EXTENSION_FAILED",
                        plugin.label() + ": the extension " + className + " could not be made: " + describe(e),
                        "report it to " + (plugin.provider().isEmpty() ? "the plugin's provider" : plugin.provider())));
                continue;
            }
            Extension annotation = c.getAnnotation(Extension.class);
            found.add(new Found<>(annotation == null ? 0 : annotation.ordinal(), className, type.cast(instance)));
        }
        found.sort(Comparator.comparingInt((Found<T> f) -> f.ordinal()).thenComparing(Found::className));
        List<PluginExtension<T>> result = new ArrayList<>();
        for (Found<T> f : found) {
            result.add(new PluginExtension<>(f.instance(), plugin));
        }
        return result;
    }

    private static boolean implementsCopyOf(Class<?> c, Class<?> type) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        todo.add(c);
        while (!todo.isEmpty()) {
            Class<?> next = todo.poll();
            if (!seen.add(next)) {
                continue;
            }
            if (next != type && next.getName().equals(type.getName())) {
                return true;
            }
            if (next.getSuperclass() != null) {
                todo.add(next.getSuperclass());
            }
            Collections.addAll(todo, next.getInterfaces());
        }
        return false;
    }

    // --- helpers ---

    private PluginInfo info(PluginWrapper w) {
        PluginDescriptor d = w.getDescriptor();
        PluginStatus status = switch (w.getPluginState()) {
            case STARTED -> PluginStatus.STARTED;
            case FAILED -> PluginStatus.FAILED;
            case DISABLED -> PluginStatus.DISABLED;
            case STOPPED -> PluginStatus.STOPPED;
            default -> PluginStatus.RESOLVED;
        };
        return new PluginInfo(d.getPluginId(), d.getVersion(), nonNull(d.getPluginDescription()),
                nonNull(d.getProvider()), origins.getOrDefault(d.getPluginId(), w.getPluginPath()), status);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s.trim();
    }

    /** The exception a plugin threw, without PF4J's and reflection's wrappers. */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof PluginRuntimeException || t instanceof InvocationTargetException
                || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if ((t instanceof PluginRuntimeException || t instanceof PluginFailure) && t.getMessage() != null) {
            return t.getMessage();
        }
        return t.toString();
    }

    private static void runWithContextLoader(ClassLoader loader, Runnable action) {
        ExtensionDiscovery.withContextLoader(loader, () -> {
            action.run();
            return null;
        });
    }

    /** Settings for a {@link PluginHost}. */
    public static final class Builder {
        private final Path directory;
        private String sdkVersion = SDK_VERSION;
        private ClassLoader hostLoader = PluginHost.class.getClassLoader();
        private int startThreads = 4;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        }

        /**
         * The SDK version plugins' {@code Plugin-Requires} is checked against; {@link PluginHost#SDK_VERSION}
         * unless set.
         *
         * @throws IllegalArgumentException when it is not a semantic version such as {@code 0.1.0}
         */
        public Builder sdkVersion(String version) {
            Objects.requireNonNull(version, "version");
            try {
                new DefaultVersionManager().compareVersions(version, version);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a semantic version: " + version, e);
            }
            this.sdkVersion = version;
            return this;
        }

        /**
         * The class loader that has the SDK, PF4J and SLF4J, which plugins' class loaders take
         * them from; the one that loaded this class unless set.
         */
        public Builder hostClassLoader(ClassLoader loader) {
            this.hostLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** How many plugins may start at the same time; 4 unless set. */
        public Builder startThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.startThreads = threads;
            return this;
        }

        /** How long all plugins together may take to start; a minute unless set. */
        public Builder startTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive: " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Loads and starts the plugins.
         *
         * @throws KombifyException {@code PLUGIN_DIRECTORY_INVALID} when the path is a file,
         *                          {@code PLUGIN_DIRECTORY_UNREADABLE} when it cannot be listed
         */
        public PluginHost start() {
            return new PluginHost(this);
        }
    }
}
