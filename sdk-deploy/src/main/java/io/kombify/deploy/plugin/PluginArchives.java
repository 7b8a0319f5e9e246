package io.kombify.deploy.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pf4j.DefaultPluginDescriptor;
import org.pf4j.Plugin;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.VersionManager;

/**
 * Plugin files on disk: which entries of a plugin directory are plugins, their PF4J descriptors
 * (from {@code plugin.properties} or the manifest's {@code Plugin-*} attributes, as PF4J reads
 * them), the SDK compatibility check, and unpacking of zip plugins. Shared by the host and the
 * installer so both judge a file the same way.
 */
final class PluginArchives {

    static final String PROPERTIES = "plugin.properties";
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    static final String ZIP_MANIFEST = "classes/" + MANIFEST;

    /** Letters, digits, dot, dash and underscore: the id names the installed file. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern EXACT_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    private PluginArchives() {
    }

    static boolean isJar(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    static boolean isZip(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** The file name without its {@code .jar} or {@code .zip} extension. */
    static String baseName(Path path) {
        String name = path.getFileName().toString();
        return isJar(path) || isZip(path) ? name.substring(0, name.length() - 4) : name;
    }

    /**
     * The plugins in a directory, sorted by file name: jar and zip files and directories, leaving
     * out hidden entries (the installer's temporary files among them) and anything else.
     */
    static List<Path> list(Path directory) throws IOException {
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry) || (Files.isRegularFile(entry) && (isJar(entry) || isZip(entry)))) {
                    result.add(entry);
                }
            }
        }
        result.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return result;
    }

    /**
     * Reads and checks the descriptor of a jar or zip file or a plugin directory.
     *
     * @throws PluginFailure {@code PLUGIN_INVALID} when the file is not a readable archive,
     *                       {@code PLUGIN_DESCRIPTOR_MISSING} when it has no descriptor,
     *                       {@code PLUGIN_DESCRIPTOR_INVALID} when the descriptor lacks the id or
     *                       version or has malformed values
     */
    static PluginDescriptor readDescriptor(Path path, VersionManager versions) throws PluginFailure {
        return readDescriptor(path, path.getFileName().toString(), versions);
    }

    /** {@link #readDescriptor(Path, VersionManager)}, naming the plugin {@code file} in messages. */
    static PluginDescriptor readDescriptor(Path path, String file, VersionManager versions) throws PluginFailure {
        Properties properties;
        Manifest manifest;
        if (Files.isDirectory(path)) {
            try {
                properties = readProperties(path.resolve(PROPERTIES));
                manifest = readManifest(path.resolve(MANIFEST));
                if (manifest == null) {
                    manifest = readManifest(path.resolve(ZIP_MANIFEST));
                }
            } catch (IOException | UncheckedIOException e) {
                throw new PluginFailure("PLUGIN_INVALID", "the plugin directory " + file + " cannot be read: "
                        + e.getMessage(), "check the permissions of " + path, e);
            }
        } else {
            try (ZipFile zip = new ZipFile(path.toFile())) {
                properties = readProperties(zip, PROPERTIES);
                manifest = readManifest(zip, MANIFEST);
                if (manifest == null) {
                    manifest = readManifest(zip, ZIP_MANIFEST);
                }
            } catch (ZipException e) {
                throw new PluginFailure("PLUGIN_INVALID", file + " is not a valid jar or zip archive ("
                        + e.getMessage() + ")", "the file is damaged or not a plugin: download or build it again", e);
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                throw new PluginFailure("PLUGIN_INVALID", file + " cannot be read: " + e.getMessage(),
                        "check that the file is complete and readable", e);
            }
        }
        if (properties != null) {
            return describe(file, "plugin.properties", properties::getProperty, Names.PROPERTIES, versions);
        }
        if (manifest != null && hasPluginAttributes(manifest.getMainAttributes())) {
            Attributes main = manifest.getMainAttributes();
            return describe(file, "the manifest", main::getValue, Names.MANIFEST, versions);
        }
        throw new PluginFailure("PLUGIN_DESCRIPTOR_MISSING", file + " has no plugin descriptor: its manifest has no "
                + "Plugin-Id and it has no plugin.properties",
                "a kombify plugin is a PF4J plugin: build it with Plugin-Id, Plugin-Version and Plugin-Class in "
                        + "META-INF/MANIFEST.MF (see the plugin guide)");
    }

    /**
     * Checks that an archive holds its plugin class: at the root of a jar, or in {@code classes/} or
     * a {@code lib/} jar of a zip.
     *
     * @throws PluginFailure {@code PLUGIN_INVALID} when it does not
     */
    static void checkPluginClass(Path archive, String file, boolean zipLayout, PluginDescriptor descriptor)
            throws PluginFailure {
        String pluginClass = descriptor.getPluginClass();
        if (pluginClass == null || pluginClass.equals(Plugin.class.getName())) {
            return;
        }
        String entry = pluginClass.replace('.', '/') + ".class";
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            if (zip.getEntry(entry) != null || zip.getEntry("classes/" + entry) != null) {
                return;
            }
            if (zipLayout && zip.stream().anyMatch(e -> e.getName().startsWith("lib/") && isJarName(e.getName()))) {
                return;
            }
        } catch (IOException e) {
            throw new PluginFailure("PLUGIN_INVALID", file + " cannot be read: " + e.getMessage(),
                    "check that the file is complete and readable", e);
        }
        throw new PluginFailure("PLUGIN_INVALID", "the plugin class " + pluginClass + " named in the descriptor of "
                + file + " is not in it", "the plugin was built wrongly; get a fixed release from its provider");
    }

    private static boolean isJarName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /**
     * Checks a descriptor's {@code Plugin-Requires} against the SDK version, the way PF4J does (a
     * bare {@code 1.2.3} means {@code >=1.2.3}).
     *
     * @throws PluginFailure {@code PLUGIN_INCOMPATIBLE} when this SDK does not satisfy it
     */
    static void checkCompatible(PluginDescriptor descriptor, String sdkVersion, VersionManager versions)
            throws PluginFailure {
        String requires = requiresExpression(descriptor);
        if (requires.isEmpty() || versions.checkVersionConstraint(sdkVersion, requires)) {
            return;
        }
        throw new PluginFailure("PLUGIN_INCOMPATIBLE", "plugin " + descriptor.getPluginId() + " "
                + descriptor.getVersion() + " requires kombify SDK " + descriptor.getRequires().trim()
                + ", but this is SDK " + sdkVersion,
                "install a release of " + descriptor.getPluginId() + " built for kombify " + sdkVersion
                        + ", or upgrade kombify");
    }

    /** The {@code Plugin-Requires} range as PF4J evaluates it; empty when there is none. */
    private static String requiresExpression(PluginDescriptor descriptor) {
        String requires = descriptor.getRequires() == null ? "" : descriptor.getRequires().trim();
        if (requires.equals("*")) {
            return "";
        }
        return EXACT_VERSION.matcher(requires).matches() ? ">=" + requires : requires;
    }

    private static PluginDescriptor describe(String file, String where, Function<String, String> attributes,
                                             Names names, VersionManager versions) throws PluginFailure {
        String id = trimmed(attributes.apply(names.id()));
        String version = trimmed(attributes.apply(names.version()));
        if (id.isEmpty()) {
            throw invalid(file, where + " has no " + names.id(), "set " + names.id() + " to the plugin's id");
        }
        if (!ID.matcher(id).matches()) {
            throw invalid(file, names.id() + " '" + id + "' is not a valid plugin id",
                    "use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (version.isEmpty()) {
            throw invalid(file, where + " has no " + names.version(),
                    "set " + names.version() + " to a semantic version such as 1.0.0");
        }
        try {
            versions.compareVersions(version, version);
        } catch (RuntimeException e) {
            throw invalid(file, names.version() + " '" + version + "' is not a semantic version",
                    "use a version such as 1.0.0");
        }
        String pluginClass = trimmed(attributes.apply(names.pluginClass()));
        String requires = trimmed(attributes.apply(names.requires()));
        DefaultPluginDescriptor descriptor = new DefaultPluginDescriptor(id,
                trimmed(attributes.apply(names.description())),
                pluginClass.isEmpty() ? Plugin.class.getName() : pluginClass, version,
                requires.isEmpty() ? "*" : requires, trimmed(attributes.apply(names.provider())),
                trimmed(attributes.apply(names.license())));
        try {
            String range = requiresExpression(descriptor);
            if (!range.isEmpty()) {
                versions.checkVersionConstraint("0.0.0", range);
            }
        } catch (RuntimeException e) {
            throw invalid(file, names.requires() + " '" + requires + "' is not a version range",
                    "use a range such as >=0.1.0 or >=0.1.0 & <1.0.0");
        }
        for (String dependency : trimmed(attributes.apply(names.dependencies())).split(",")) {
            String d = dependency.trim();
            if (d.isEmpty()) {
                continue;
            }
            PluginDependency parsed = new PluginDependency(d);
            try {
                if (!parsed.getPluginId().isEmpty()) {
                    versions.checkVersionConstraint("0.0.0", parsed.getPluginVersionSupport());
                }
            } catch (RuntimeException e) {
                throw invalid(file, names.dependencies() + " entry '" + d + "' has no valid version range",
                        "write dependencies as id, id@>=1.0.0 or id? (optional), separated by commas");
            }
            if (parsed.getPluginId().isEmpty()) {
                throw invalid(file, names.dependencies() + " entry '" + d + "' has no plugin id",
                        "write dependencies as id, id@>=1.0.0 or id? (optional), separated by commas");
            }
            descriptor.addDependency(parsed);
        }
        return descriptor;
    }

    private static PluginFailure invalid(String file, String what, String hint) {
        return new PluginFailure("PLUGIN_DESCRIPTOR_INVALID", "the descriptor of " + file + " is invalid: " + what,
                hint);
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static boolean hasPluginAttributes(Attributes attributes) {
        for (Object key : attributes.keySet()) {
            if (key.toString().startsWith("Plugin-")) {
                return true;
            }
        }
        return false;
    }

    private static Properties readProperties(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        }
    }

    private static Manifest readManifest(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new Manifest(in);
        }
    }

    private static Properties readProperties(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null || entry.isDirectory()) {
            return null;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        }
    }

    private static Manifest readManifest(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null || entry.isDirectory()) {
            return null;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return new Manifest(in);
        }
    }

    /**
     * Unpacks a zip plugin into {@code target}, refusing entries that would land outside it.
     *
     * @throws PluginFailure {@code PLUGIN_INVALID} when it cannot be unpacked
     */
    static void unzip(Path zipFile, Path target) throws PluginFailure {
        String file = zipFile.getFileName().toString();
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            Files.createDirectories(root);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new PluginFailure("PLUGIN_INVALID", file + " has an entry outside the plugin ("
                            + entry.getName() + ")", "the archive is unsafe; do not install it");
                }
                if (out.equals(root)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new PluginFailure("PLUGIN_INVALID", file + " cannot be unpacked: " + e.getMessage(),
                    "the file is damaged or not a plugin: download or build it again", e);
        }
    }

    /** Deletes a file, or a directory with everything in it; a missing path is not an error. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The attribute names of one descriptor format. */
    private record Names(String id, String version, String pluginClass, String description, String provider,
                         String requires, String dependencies, String license) {

        static final Names MANIFEST = new Names("Plugin-Id", "Plugin-Version", "Plugin-Class",
                "Plugin-Description", "Plugin-Provider", "Plugin-Requires", "Plugin-Dependencies", "Plugin-License");
        static final Names PROPERTIES = new Names("plugin.id", "plugin.version", "plugin.class",
                "plugin.description", "plugin.provider", "plugin.requires", "plugin.dependencies", "plugin.license");
    }
}
