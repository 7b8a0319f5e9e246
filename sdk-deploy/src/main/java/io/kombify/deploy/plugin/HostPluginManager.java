package io.kombify.deploy.plugin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.pf4j.AbstractPluginManager;
import org.pf4j.DefaultExtensionFactory;
import org.pf4j.DefaultExtensionFinder;
import org.pf4j.DefaultVersionManager;
import org.pf4j.DependencyResolver;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.Plugin;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginStateEvent;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;
import org.pf4j.VersionManager;

/**
 * PF4J's plugin manager as the host uses it: descriptors read by {@link PluginArchives}, class
 * loaders that take the SDK from the host ({@link HostClassLoader}), a plugin factory that says why a
 * plugin class cannot be made, and no system properties consulted. PF4J's manager is not
 * thread-safe; {@link PluginHost} calls it from one thread at a time and runs only the plugins'
 * own {@code start()} methods concurrently.
 */
final class HostPluginManager extends AbstractPluginManager {

    private final ClassLoader hostLoader;
    private final List<HostClassLoader> classLoaders = new ArrayList<>();

    HostPluginManager(Path directory, ClassLoader hostLoader, String sdkVersion) {
        super(List.of(directory));
        this.hostLoader = hostLoader;
        setSystemVersion(sdkVersion);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    /** A plugin class that cannot be made into a plugin: a broken plugin, not a failed start. */
    static final class PluginClassException extends PluginRuntimeException {
        PluginClassException(String message, Throwable cause) {
            super(cause, "{}", message);
        }
    }

    // --- what the host calls, always from one thread at a time ---

    PluginWrapper load(Path path) {
        return loadPluginFromPath(path);
    }

    /**
     * Leaves out the plugins whose dependencies are missing, of the wrong version or circular, then
     * resolves the rest.
     *
     * @return the plugins left out, by id, with the reason
     */
    Map<String, String> resolve() {
        Map<String, String> failures = new LinkedHashMap<>();
        Set<String> cyclic = inCycles();
        for (String id : cyclic) {
            failures.put(id, "it is in, or depends on, a dependency cycle among " + String.join(", ", cyclic));
            unloadPlugin(id, false, false);
        }
        while (true) {
            List<PluginDescriptor> descriptors = plugins.values().stream().map(PluginWrapper::getDescriptor).toList();
            DependencyResolver.Result result = dependencyResolver.resolve(descriptors);
            Map<String, String> round = new TreeMap<>();
            for (String missing : result.getNotFoundDependencies()) {
                for (String dependent : dependencyResolver.getDependents(missing)) {
                    round.putIfAbsent(dependent, "it needs plugin " + missing + ", which "
                            + (failures.containsKey(missing) ? "could not be used" : "is not installed"));
                }
            }
            for (DependencyResolver.WrongDependencyVersion wrong : result.getWrongVersionDependencies()) {
                round.putIfAbsent(wrong.getDependentId(), "it needs plugin " + wrong.getDependencyId() + " "
                        + wrong.getRequiredVersion() + ", but version " + wrong.getExistingVersion() + " is installed");
            }
            round.keySet().removeIf(id -> !plugins.containsKey(id));
            if (round.isEmpty()) {
                break;
            }
            for (Map.Entry<String, String> e : round.entrySet()) {
                failures.put(e.getKey(), e.getValue());
                unloadPlugin(e.getKey(), false, false);
            }
        }
        resolvePlugins();
        return failures;
    }

    /** The plugins that are part of, or depend on, a dependency cycle. */
    private Set<String> inCycles() {
        Map<String, Set<String>> dependencies = new HashMap<>();
        for (PluginWrapper w : plugins.values()) {
            Set<String> ids = new HashSet<>();
            for (PluginDependency d : w.getDescriptor().getDependencies()) {
                if (!d.isOptional() && plugins.containsKey(d.getPluginId())) {
                    ids.add(d.getPluginId());
                }
            }
            dependencies.put(w.getPluginId(), ids);
        }
        boolean removed = true;
        while (removed) {
            List<String> free = dependencies.entrySet().stream()
                    .filter(e -> e.getValue().stream().noneMatch(dependencies::containsKey))
                    .map(Map.Entry::getKey).toList();
            free.forEach(dependencies::remove);
            removed = !free.isEmpty();
        }
        return new TreeSet<>(dependencies.keySet());
    }

    /** Resolved plugins, dependencies before their dependents. */
    List<PluginWrapper> resolvedInOrder() {
        return new ArrayList<>(resolvedPlugins);
    }

    void markStarted(PluginWrapper wrapper) {
        PluginState old = wrapper.getPluginState();
        wrapper.setPluginState(PluginState.STARTED);
        wrapper.setFailedException(null);
        startedPlugins.add(wrapper);
        firePluginStateEvent(new PluginStateEvent(this, wrapper, old));
    }

    void markFailed(PluginWrapper wrapper, Throwable cause) {
        PluginState old = wrapper.getPluginState();
        wrapper.setPluginState(PluginState.FAILED);
        wrapper.setFailedException(cause);
        firePluginStateEvent(new PluginStateEvent(this, wrapper, old));
    }

    void markStopped(PluginWrapper wrapper) {
        PluginState old = wrapper.getPluginState();
        wrapper.setPluginState(PluginState.STOPPED);
        startedPlugins.remove(wrapper);
        firePluginStateEvent(new PluginStateEvent(this, wrapper, old));
    }

    /** Started plugins, in the order they were marked started. */
    List<PluginWrapper> started() {
        return new ArrayList<>(startedPlugins);
    }

    /** Closes the class loader of every plugin ever loaded, including those left out later. */
    void closeClassLoaders() {
        for (HostClassLoader loader : classLoaders) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // a jar that cannot be closed must not keep the other loaders open
            }
        }
        classLoaders.clear();
    }

    // --- PF4J's factories ---

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new PluginRepository() {
            @Override
            public List<Path> getPluginPaths() {
                List<Path> paths = new ArrayList<>();
                for (Path root : getPluginsRoots()) {
                    if (Files.isDirectory(root)) {
                        try {
                            paths.addAll(PluginArchives.list(root));
                        } catch (IOException e) {
                            throw new PluginRuntimeException(e, "Cannot list {}", root);
                        }
                    }
                }
                return paths;
            }

            @Override
            public boolean deletePluginPath(Path pluginPath) {
                try {
                    PluginArchives.deleteRecursively(pluginPath);
                    return true;
                } catch (IOException e) {
                    throw new PluginRuntimeException(e, "Cannot delete {}", pluginPath);
                }
            }
        };
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return HostPluginManager::createPlugin;
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new DefaultExtensionFactory();
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new PluginDescriptorFinder() {
            @Override
            public boolean isApplicable(Path pluginPath) {
                return Files.exists(pluginPath);
            }

            @Override
            public PluginDescriptor find(Path pluginPath) {
                try {
                    return PluginArchives.readDescriptor(pluginPath, getVersionManager());
                } catch (PluginFailure e) {
                    throw new PluginRuntimeException(e, "{}", e.getMessage());
                }
            }
        };
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        DefaultExtensionFinder finder = new DefaultExtensionFinder(this);
        addPluginStateListener(finder);
        return finder;
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        Set<String> disabled = ConcurrentHashMap.newKeySet();
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return disabled.contains(pluginId);
            }

            @Override
            public void disablePlugin(String pluginId) {
                disabled.add(pluginId);
            }

            @Override
            public void enablePlugin(String pluginId) {
                disabled.remove(pluginId);
            }
        };
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new PluginLoader() {
            @Override
            public boolean isApplicable(Path pluginPath) {
                return Files.exists(pluginPath);
            }

            @Override
            public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
                return newClassLoader(pluginPath, descriptor);
            }
        };
    }

    @Override
    protected VersionManager createVersionManager() {
        return new DefaultVersionManager();
    }

    /**
     * A jar is its own class path. A directory (an unpacked zip, or one the user made) has PF4J's
     * layout, {@code classes/} and {@code lib/*.jar}; without {@code classes/} the directory itself
     * holds the classes, as an unpacked jar does.
     */
    private HostClassLoader newClassLoader(Path pluginPath, PluginDescriptor descriptor) {
        HostClassLoader loader = new HostClassLoader(this, descriptor, hostLoader);
        classLoaders.add(loader);
        if (!Files.isDirectory(pluginPath)) {
            loader.addFile(pluginPath.toFile());
            return loader;
        }
        Path classes = pluginPath.resolve("classes");
        loader.addFile(Files.isDirectory(classes) ? classes.toFile() : pluginPath.toFile());
        Path lib = pluginPath.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> Files.isRegularFile(p) && PluginArchives.isJar(p)).sorted()
                        .map(Path::toFile).forEach((File f) -> loader.addFile(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loader;
    }

    private static Plugin createPlugin(PluginWrapper wrapper) {
        String name = wrapper.getDescriptor().getPluginClass();
        Class<?> type;
        try {
            type = wrapper.getPluginClassLoader().loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new PluginClassException("its plugin class " + name + " is not in the plugin", e);
        } catch (LinkageError e) {
            throw new PluginClassException("its plugin class " + name + " cannot be loaded (" + e + ")", e);
        }
        int modifiers = type.getModifiers();
        if (!Plugin.class.isAssignableFrom(type) || Modifier.isAbstract(modifiers) || type.isInterface()) {
            throw new PluginClassException("its plugin class " + name + " is not a concrete subclass of "
                    + Plugin.class.getName(), null);
        }
        Constructor<?> constructor;
        Object[] arguments;
        try {
            constructor = type.getConstructor(PluginWrapper.class);
            arguments = new Object[] {wrapper};
        } catch (NoSuchMethodException e) {
            try {
                constructor = type.getConstructor();
                arguments = new Object[0];
            } catch (NoSuchMethodException none) {
                throw new PluginClassException("its plugin class " + name
                        + " has no public constructor without parameters", none);
            }
        }
        try {
            return (Plugin) constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new PluginRuntimeException(cause, "{}", String.valueOf(cause));
        } catch (ReflectiveOperationException e) {
            throw new PluginClassException("its plugin class " + name + " cannot be made (" + e + ")", e);
        }
    }
}
