package io.kombify.deploy.plugin;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.Providers;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderFactory;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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

/**
 * Every provider kombify can use, by name: the {@link ProviderFactory}s found through
 * {@link ServiceLoader} (on the class path or in a module layer) and the {@link ProviderExtension}s
 * of started plugins. It says where each came from, for {@code kombify plugins list}, and makes the
 * providers an apply needs.
 *
 * <p>When two providers have the same name the first one wins, in a fixed order: class-path
 * providers in {@link ServiceLoader} order, then plugins by id. The others are left out and
 * reported in {@link #problems()} as {@code PROVIDER_DUPLICATE}. A registry is immutable and
 * thread-safe; the plugins it holds factories of must stay open (the {@link PluginHost} not closed)
 * while it is used.
 */
public final class ProviderRegistry {

    private static final int MAX_LOAD_ERRORS = 100;

    private record Entry(RegisteredProvider provider, ProviderFactory factory) {
    }

    private final Map<String, Entry> byName;
    private final List<PluginProblem> problems;

    private ProviderRegistry(Map<String, Entry> byName, List<PluginProblem> problems) {
        this.byName = Collections.unmodifiableMap(byName);
        this.problems = List.copyOf(problems);
    }

    /** The providers registered for {@link ServiceLoader} and visible to this class loader. */
    public static ProviderRegistry discover(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return build(ServiceLoader.load(ProviderFactory.class, loader), null);
    }

    /** The providers registered for {@link ServiceLoader} in this module layer (and its parents). */
    public static ProviderRegistry discover(ModuleLayer layer) {
        Objects.requireNonNull(layer, "layer");
        return build(ServiceLoader.load(layer, ProviderFactory.class), null);
    }

    /**
     * The class-path providers visible to this class loader, then those of the host's started plugins.
     *
     * @throws IllegalStateException when the host is closed
     */
    public static ProviderRegistry discover(PluginHost host, ClassLoader loader) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(loader, "loader");
        return build(ServiceLoader.load(ProviderFactory.class, loader), host);
    }

    /**
     * The providers in this module layer, then those of the host's started plugins.
     *
     * @throws IllegalStateException when the host is closed
     */
    public static ProviderRegistry discover(PluginHost host, ModuleLayer layer) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(layer, "layer");
        return build(ServiceLoader.load(layer, ProviderFactory.class), host);
    }

    private static ProviderRegistry build(ServiceLoader<ProviderFactory> serviceLoader, PluginHost host) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        List<PluginProblem> problems = new ArrayList<>();
        Iterator<ProviderFactory> it = serviceLoader.iterator();
        int errors = 0;
        while (true) {
            ProviderFactory factory;
            try {
                if (!it.hasNext()) {
                    break;
                }
                factory = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add(new PluginProblem(RegisteredProvider.CLASS_PATH, Optional.empty(), "PROVIDER_LOAD_FAILED",
                        "a provider registered in META-INF/services could not be loaded: " + e.getMessage(),
                        "check the jars on the class path; remove the one that registers it"));
                if (++errors >= MAX_LOAD_ERRORS) {
                    break;
                }
                continue;
            }
            add(byName, problems, factory, RegisteredProvider.CLASS_PATH, location(factory.getClass()));
        }
        if (host != null) {
            for (PluginExtension<ProviderExtension> e : host.extensions(ProviderExtension.class)) {
                add(byName, problems, e.extension(), e.plugin().label(), Optional.of(e.plugin().path()));
            }
            problems.addAll(0, host.problems());
        }
        return new ProviderRegistry(byName, problems);
    }

    private static void add(Map<String, Entry> byName, List<PluginProblem> problems, ProviderFactory factory,
                            String source, Optional<Path> location) {
        String name;
        String description;
        try {
            name = factory.name();
            description = factory.description();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(source, location, "PROVIDER_INVALID", "the provider factory "
                    + factory.getClass().getName() + " from " + source + " failed to give its name: "
                    + PluginHost.describe(e), "report it to the provider's author"));
            return;
        }
        if (name == null || name.isBlank() || !name.strip().equals(name) || name.chars().anyMatch(Character::isWhitespace)) {
            problems.add(new PluginProblem(source, location, "PROVIDER_INVALID", "the provider factory "
                    + factory.getClass().getName() + " from " + source + " has no usable name ('" + name + "')",
                    "report it to the provider's author"));
            return;
        }
        Entry first = byName.get(name);
        if (first != null) {
            problems.add(new PluginProblem(source, location, "PROVIDER_DUPLICATE", "the provider " + name + " from "
                    + source + " is ignored: " + first.provider().source() + " has a provider of that name",
                    source.equals(RegisteredProvider.CLASS_PATH)
                            ? "remove one of the two jars from the class path"
                            : "remove one of the two plugins (kombify plugins remove), or keep the one from "
                            + first.provider().source()));
            return;
        }
        byName.put(name, new Entry(new RegisteredProvider(name, description == null ? "" : description.strip(),
                source, location), factory));
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

    /** The providers, by name. */
    public List<RegisteredProvider> entries() {
        return byName.values().stream().map(Entry::provider)
                .sorted(Comparator.comparing(RegisteredProvider::name)).toList();
    }

    /** The provider names, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(byName.keySet()));
    }

    /** The factory of the provider with this name. */
    public Optional<ProviderFactory> factory(String name) {
        Entry e = byName.get(name);
        return e == null ? Optional.empty() : Optional.of(e.factory());
    }

    /** Where the provider with this name was found. */
    public Optional<RegisteredProvider> entry(String name) {
        Entry e = byName.get(name);
        return e == null ? Optional.empty() : Optional.of(e.provider());
    }

    /**
     * Everything that was found but cannot be used: first the plugin host's problems (plugins left
     * out, as in {@link PluginHost#problems()} when the registry was made), then the providers the
     * registry left out: duplicates ({@code PROVIDER_DUPLICATE}), factories that could not be
     * loaded ({@code PROVIDER_LOAD_FAILED}) or have no usable name ({@code PROVIDER_INVALID}).
     */
    public List<PluginProblem> problems() {
        return problems;
    }

    /**
     * Makes the named providers, and no others.
     *
     * @throws KombifyException {@code PROVIDER_MISSING} when a name has no provider (naming the
     *                          available ones); {@code PROVIDER_CREATE_FAILED} when a factory
     *                          fails or makes a provider of another name (providers already made
     *                          are closed); a factory's own {@code KombifyException} (such as
     *                          missing credentials) passes through
     */
    public Providers instantiate(ProviderConfig config, Set<String> names) {
        Objects.requireNonNull(config, "config");
        Set<String> wanted = new TreeSet<>(Objects.requireNonNull(names, "names"));
        List<String> missing = wanted.stream().filter(n -> !byName.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            String message = (missing.size() == 1 ? "no provider named " : "no providers named ")
                    + String.join(", ", missing) + "; available: "
                    + (byName.isEmpty() ? "none" : String.join(", ", names()));
            String hint = "install the plugin that provides " + String.join(", ", missing)
                    + " with 'kombify plugins install FILE', or rehearse with --simulate";
            throw new KombifyException("PROVIDER_MISSING", message,
                    List.of(Diagnostic.error("PROVIDER_MISSING", "", message, hint)));
        }
        List<Provider> made = new ArrayList<>();
        try {
            for (String name : wanted) {
                Entry entry = byName.get(name);
                made.add(create(entry, config));
            }
            return Providers.of(made);
        } catch (RuntimeException | Error e) {
            made.forEach(ProviderRegistry::closeQuietly);
            throw e;
        }
    }

    private static Provider create(Entry entry, ProviderConfig config) {
        String name = entry.provider().name();
        String source = entry.provider().source();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(entry.factory().getClass().getClassLoader());
        Provider provider;
        try {
            provider = entry.factory().create(config);
        } catch (KombifyException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw failed(name, source, "its factory failed: " + PluginHost.describe(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        if (provider == null) {
            throw failed(name, source, "its factory made no provider", null);
        }
        String actual;
        try {
            actual = provider.descriptor().name();
        } catch (RuntimeException | LinkageError e) {
            closeQuietly(provider);
            throw failed(name, source, "its descriptor failed: " + PluginHost.describe(e), e);
        }
        if (!name.equals(actual)) {
            closeQuietly(provider);
            throw failed(name, source, "its factory made a provider named " + actual, null);
        }
        return provider;
    }

    private static KombifyException failed(String name, String source, String what, Throwable cause) {
        String message = "the provider " + name + " from " + source + " could not be made: " + what;
        return new KombifyException("PROVIDER_CREATE_FAILED", message, List.of(Diagnostic.error(
                "PROVIDER_CREATE_FAILED", "", message, "report it to the provider's author")), cause);
    }

    private static void closeQuietly(Provider provider) {
        try {
            provider.close();
        } catch (RuntimeException ignored) {
            // closing after a failure must not hide the failure
        }
    }
}
