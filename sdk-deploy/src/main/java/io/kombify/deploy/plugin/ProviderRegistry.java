package io.kombify.deploy.plugin;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.Providers;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

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

    private static final ExtensionDiscovery<ProviderFactory, RegisteredProvider> DISCOVERY = new ExtensionDiscovery<>(
            ProviderFactory.class, ProviderExtension.class,
            new ExtensionDiscovery.Wording("PROVIDER", "a provider", "provider factory", "give its name", "provider",
                    (name, source, first) -> "the provider " + name + " from " + source + " is ignored: " + first
                            + " has a provider of that name"),
            ProviderRegistry::read, RegisteredProvider::name, RegisteredProvider::source);

    private final Map<String, ExtensionDiscovery.Found<ProviderFactory, RegisteredProvider>> byName;
    private final List<PluginProblem> problems;

    private ProviderRegistry(ExtensionDiscovery.Result<ProviderFactory, RegisteredProvider> found) {
        this.byName = Collections.unmodifiableMap(found.byKey());
        this.problems = List.copyOf(found.problems());
    }

    /** The providers registered for {@link ServiceLoader} and visible to this class loader. */
    public static ProviderRegistry discover(ClassLoader loader) {
        return new ProviderRegistry(DISCOVERY.discover(null, loader));
    }

    /** The providers registered for {@link ServiceLoader} in this module layer (and its parents). */
    public static ProviderRegistry discover(ModuleLayer layer) {
        return new ProviderRegistry(DISCOVERY.discover(null, layer));
    }

    /**
     * The class-path providers visible to this class loader, then those of the host's started plugins.
     *
     * @throws IllegalStateException when the host is closed
     */
    public static ProviderRegistry discover(PluginHost host, ClassLoader loader) {
        return new ProviderRegistry(DISCOVERY.discover(Objects.requireNonNull(host, "host"), loader));
    }

    /**
     * The providers in this module layer, then those of the host's started plugins.
     *
     * @throws IllegalStateException when the host is closed
     */
    public static ProviderRegistry discover(PluginHost host, ModuleLayer layer) {
        return new ProviderRegistry(DISCOVERY.discover(Objects.requireNonNull(host, "host"), layer));
    }

    private static Optional<RegisteredProvider> read(ProviderFactory factory, String source, Optional<Path> location,
                                                     Consumer<String> unusable) {
        String name = factory.name();
        String description = factory.description();
        if (name == null || name.isBlank() || !name.strip().equals(name) || name.chars().anyMatch(Character::isWhitespace)) {
            unusable.accept("has no usable name ('" + name + "')");
            return Optional.empty();
        }
        return Optional.of(new RegisteredProvider(name, description == null ? "" : description.strip(), source, location));
    }

    /** The providers, by name. */
    public List<RegisteredProvider> entries() {
        return byName.values().stream().map(ExtensionDiscovery.Found::entry)
                .sorted(Comparator.comparing(RegisteredProvider::name)).toList();
    }

    /** The provider names, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(byName.keySet()));
    }

    /** The factory of the provider with this name. */
    public Optional<ProviderFactory> factory(String name) {
        ExtensionDiscovery.Found<ProviderFactory, RegisteredProvider> e = byName.get(name);
        return e == null ? Optional.empty() : Optional.of(e.instance());
    }

    /** Where the provider with this name was found. */
    public Optional<RegisteredProvider> entry(String name) {
        ExtensionDiscovery.Found<ProviderFactory, RegisteredProvider> e = byName.get(name);
        return e == null ? Optional.empty() : Optional.of(e.entry());
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
                made.add(create(byName.get(name), config));
            }
            return Providers.of(made);
        } catch (RuntimeException | Error e) {
            made.forEach(ProviderRegistry::closeQuietly);
            throw e;
        }
    }

    private static Provider create(ExtensionDiscovery.Found<ProviderFactory, RegisteredProvider> found,
                                   ProviderConfig config) {
        String name = found.entry().name();
        String source = found.entry().source();
        ProviderFactory factory = found.instance();
        Provider provider;
        try {
            provider = ExtensionDiscovery.withContextLoader(factory.getClass().getClassLoader(),
                    () -> factory.create(config));
        } catch (KombifyException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw failed(name, source, "its factory failed: " + PluginHost.describe(e), e);
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
