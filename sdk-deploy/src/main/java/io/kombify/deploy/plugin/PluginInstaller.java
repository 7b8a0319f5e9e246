package io.kombify.deploy.plugin;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.pf4j.DefaultVersionManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.VersionManager;

/**
 * Installs plugin files into a plugin directory and removes them, for {@code kombify plugins
 * install FILE} and {@code kombify plugins remove ID}. Changes take effect for the next
 * {@link PluginHost}.
 *
 * <p>An archive is checked before it is installed, the way the host will judge it: a readable jar
 * or zip with a PF4J descriptor that has an id and a semantic version, its plugin class inside, and
 * a {@code Plugin-Requires} this SDK satisfies. It is copied into the directory under a temporary
 * name and moved to {@code <id>-<version>.jar} (or {@code .zip}) in one step, so a host never sees
 * half a file. Installing a plugin that is already there replaces the installed copy and says so;
 * replacing a newer version with an older one is refused unless asked for.
 */
public final class PluginInstaller {

    private final Path directory;
    private final String sdkVersion;
    private final VersionManager versions = new DefaultVersionManager();

    /** An installer for this directory, checking against {@link PluginHost#SDK_VERSION}. */
    public PluginInstaller(Path directory) {
        this(directory, PluginHost.SDK_VERSION);
    }

    /** An installer for this directory, checking {@code Plugin-Requires} against this SDK version. */
    public PluginInstaller(Path directory, String sdkVersion) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        this.sdkVersion = Objects.requireNonNull(sdkVersion, "sdkVersion");
        try {
            versions.compareVersions(sdkVersion, sdkVersion);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a semantic version: " + sdkVersion, e);
        }
    }

    /** The plugin directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Installs a plugin, replacing an installed copy of the same or an older version.
     *
     * @throws KombifyException {@code PLUGIN_INVALID}, {@code PLUGIN_DESCRIPTOR_MISSING},
     *                          {@code PLUGIN_DESCRIPTOR_INVALID} or {@code PLUGIN_INCOMPATIBLE} when
     *                          the archive would not load; {@code PLUGIN_DOWNGRADE} when a newer
     *                          version is installed; {@code PLUGIN_INSTALL_FAILED} when the directory
     *                          cannot be written. The directory is unchanged when it throws, except
     *                          for {@code PLUGIN_INSTALL_FAILED} after the new file is in place (the
     *                          message then names the old copy that could not be removed).
     */
    public InstalledPlugin install(Path archive) {
        return install(archive, false);
    }

    /**
     * Installs a plugin; with {@code allowDowngrade}, also over a newer installed version.
     *
     * @see #install(Path)
     */
    public InstalledPlugin install(Path archive, boolean allowDowngrade) {
        Path source = Objects.requireNonNull(archive, "archive").toAbsolutePath().normalize();
        String file = source.getFileName().toString();
        if (Files.isDirectory(source)) {
            throw failure("PLUGIN_INVALID", file + " is a directory",
                    "install the .jar or .zip file the plugin's build produced, or copy the directory into "
                            + directory + " yourself");
        }
        if (!Files.isRegularFile(source)) {
            throw failure("PLUGIN_INVALID", source + " does not exist", "give the path of the plugin's .jar or .zip file");
        }
        boolean zip = PluginArchives.isZip(source);
        if (!zip && !PluginArchives.isJar(source)) {
            throw failure("PLUGIN_INVALID", file + " is not a .jar or .zip file",
                    "a plugin is installed from the .jar or .zip file its build produced");
        }
        Path temp;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, ".install-", ".tmp");
        } catch (IOException e) {
            throw ioFailure("cannot write to the plugin directory " + directory + ": " + e.getMessage(), e);
        }
        try {
            try {
                Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw ioFailure("cannot copy " + file + " into " + directory + ": " + e.getMessage(), e);
            }
            PluginDescriptor descriptor;
            try {
                descriptor = PluginArchives.readDescriptor(temp, file, versions);
                PluginArchives.checkPluginClass(temp, file, zip, descriptor);
                PluginArchives.checkCompatible(descriptor, sdkVersion, versions);
            } catch (PluginFailure f) {
                throw f.toException();
            }
            String id = descriptor.getPluginId();
            String version = descriptor.getVersion();
            Map<Path, PluginDescriptor> installed = installed(id);
            Optional<String> previous = installed.values().stream().map(PluginDescriptor::getVersion)
                    .max(versions::compareVersions);
            if (previous.isPresent() && versions.compareVersions(previous.get(), version) > 0 && !allowDowngrade) {
                throw failure("PLUGIN_DOWNGRADE", "plugin " + id + " " + previous.get()
                                + " is installed; it is not replaced by the older " + version,
                        "remove it first ('kombify plugins remove " + id + "') to install " + version);
            }
            Path target = directory.resolve(id + "-" + version + (zip ? ".zip" : ".jar"));
            move(temp, target);
            List<Path> replaced = new ArrayList<>();
            for (Path old : installed.keySet()) {
                if (old.equals(target)) {
                    continue;
                }
                try {
                    PluginArchives.deleteRecursively(old);
                } catch (IOException e) {
                    throw ioFailure("installed " + id + " " + version + " as " + target.getFileName()
                            + ", but could not remove the old copy " + old + ": " + e.getMessage(), e);
                }
                replaced.add(old);
            }
            return new InstalledPlugin(id, version, target, previous, replaced, message(id, version, previous));
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a hidden temporary file is skipped by the host
            }
        }
    }

    /**
     * Removes the plugin with this id (every copy, if it was installed twice). A file whose
     * descriptor cannot be read can be removed by its file name.
     *
     * @throws KombifyException {@code PLUGIN_NOT_INSTALLED} (with a hint listing what is) when no
     *                          plugin has this id or file name; {@code PLUGIN_REMOVE_FAILED} when a
     *                          file cannot be deleted
     */
    public RemovedPlugin remove(String id) {
        Objects.requireNonNull(id, "id");
        Map<Path, PluginDescriptor> matches = installed(id);
        List<Path> paths = new ArrayList<>(matches.keySet());
        if (paths.isEmpty()) {
            for (Path p : entries()) {
                if (p.getFileName().toString().equals(id)) {
                    paths.add(p);
                }
            }
        }
        if (paths.isEmpty()) {
            Map<Path, PluginDescriptor> all = installed(null);
            String list = all.values().stream().map(d -> d.getPluginId() + " " + d.getVersion()).sorted()
                    .collect(Collectors.joining(", "));
            throw failure("PLUGIN_NOT_INSTALLED", "no plugin " + id + " is installed in " + directory,
                    all.isEmpty() ? "no plugins are installed there" : "installed: " + list);
        }
        for (Path p : paths) {
            try {
                PluginArchives.deleteRecursively(p);
            } catch (IOException e) {
                throw failure("PLUGIN_REMOVE_FAILED", "cannot remove " + p + ": " + e.getMessage(),
                        "check the permissions of " + directory, e);
            }
        }
        List<String> removedVersions = matches.values().stream().map(PluginDescriptor::getVersion).toList();
        String message = removedVersions.isEmpty()
                ? "removed " + paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))
                : "removed " + id + " " + String.join(", ", removedVersions);
        return new RemovedPlugin(id, removedVersions, paths, message);
    }

    /** The readable plugins in the directory with this id (all when {@code id} is null). */
    private Map<Path, PluginDescriptor> installed(String id) {
        Map<Path, PluginDescriptor> result = new LinkedHashMap<>();
        for (Path p : entries()) {
            try {
                PluginDescriptor d = PluginArchives.readDescriptor(p, versions);
                if (id == null || d.getPluginId().equals(id)) {
                    result.put(p, d);
                }
            } catch (PluginFailure ignored) {
                // a broken file belongs to no plugin; it can be removed by its name
            }
        }
        return result;
    }

    private List<Path> entries() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try {
            return PluginArchives.list(directory);
        } catch (IOException e) {
            throw ioFailure("cannot read the plugin directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path temp, Path target) {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw ioFailure("cannot move the plugin into place as " + target + ": " + e.getMessage(), e);
        }
    }

    private String message(String id, String version, Optional<String> previous) {
        if (previous.isEmpty()) {
            return "installed " + id + " " + version + " into " + directory;
        }
        int order = versions.compareVersions(previous.get(), version);
        if (order == 0) {
            return "reinstalled " + id + " " + version;
        }
        return (order < 0 ? "upgraded " : "downgraded ") + id + " from " + previous.get() + " to " + version;
    }

    private static KombifyException ioFailure(String message, IOException cause) {
        return failure("PLUGIN_INSTALL_FAILED", message, "check the permissions and free space of the plugin directory",
                cause);
    }

    private static KombifyException failure(String code, String message, String hint) {
        return failure(code, message, hint, null);
    }

    private static KombifyException failure(String code, String message, String hint, Throwable cause) {
        return new KombifyException(code, message, List.of(Diagnostic.error(code, "", message, hint)), cause);
    }
}
