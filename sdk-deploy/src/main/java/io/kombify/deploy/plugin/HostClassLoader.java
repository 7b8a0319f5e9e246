package io.kombify.deploy.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader. Classes of the plugin and its libraries come from the plugin first (as
 * PF4J does), except the SDK: {@code io.kombify.*} (but a plugin's own {@code io.kombify.plugin.*}),
 * {@code org.pf4j.*} and {@code org.slf4j.*} always come from the host, so that a plugin that bundles
 * a copy of the SDK still implements the host's interfaces, and logs through the host's binding
 * (which in the command is the silent one) rather than one it brought.
 */
final class HostClassLoader extends PluginClassLoader {

    HostClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader host) {
        super(manager, descriptor, host, ClassLoadingStrategy.PDA);
    }

    static boolean fromHost(String className) {
        return (className.startsWith("io.kombify.") && !className.startsWith("io.kombify.plugin."))
                || className.startsWith("org.slf4j.");
    }

    private static boolean resourceFromHost(String name) {
        return (name.startsWith("io/kombify/") && !name.startsWith("io/kombify/plugin/"))
                || name.startsWith("org/slf4j/");
    }

    /** The extension index must be the plugin's own: never fall back to the host's. */
    private static boolean pluginOnly(String name) {
        return LegacyExtensionFinder.EXTENSIONS_RESOURCE.equals(name);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (fromHost(className)) {
            return getParent().loadClass(className);
        }
        return super.loadClass(className);
    }

    @Override
    public URL getResource(String name) {
        if (resourceFromHost(name)) {
            return getParent().getResource(name);
        }
        if (pluginOnly(name)) {
            return findResource(name);
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (resourceFromHost(name)) {
            return getParent().getResources(name);
        }
        if (pluginOnly(name)) {
            return findResources(name);
        }
        return super.getResources(name);
    }
}
