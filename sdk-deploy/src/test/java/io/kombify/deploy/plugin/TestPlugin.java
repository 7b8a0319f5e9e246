package io.kombify.deploy.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a real PF4J plugin at test time: compiles its sources with {@code javac} against the test
 * class path (PF4J's annotation processor writes {@code META-INF/extensions.idx}), writes the
 * descriptor, and packs it as a jar, a zip or a directory.
 */
final class TestPlugin {

    enum Descriptor { MANIFEST, PROPERTIES, NONE }

    private final Path work;
    private final String id;
    private String version = "1.0.0";
    private String requires;
    private String dependencies;
    private String provider = "kombify tests";
    private String description;
    private String pluginClass;
    private String startBody = "";
    private String stopBody = "";
    private Descriptor descriptor = Descriptor.MANIFEST;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<Class<?>> bundled = new ArrayList<>();

    private TestPlugin(Path work, String id) {
        this.work = work;
        this.id = id;
        this.description = "test plugin " + id;
    }

    /** A plugin with this id, compiled under {@code work}. */
    static TestPlugin named(Path work, String id) {
        return new TestPlugin(work, id);
    }

    /** The package of the plugin's classes: {@code io.kombify.plugin.<id>}. */
    String pkg() {
        return "io.kombify.plugin." + id.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
    }

    TestPlugin version(String v) {
        this.version = v;
        return this;
    }

    TestPlugin requires(String range) {
        this.requires = range;
        return this;
    }

    TestPlugin dependencies(String deps) {
        this.dependencies = deps;
        return this;
    }

    TestPlugin provider(String name) {
        this.provider = name;
        return this;
    }

    TestPlugin descriptor(Descriptor d) {
        this.descriptor = d;
        return this;
    }

    TestPlugin source(String simpleName, String code) {
        sources.put(pkg() + "." + simpleName, "package " + pkg() + ";\n" + code);
        return this;
    }

    /** A plugin class whose {@code start()} runs this body. */
    TestPlugin onStart(String body) {
        this.startBody = body;
        return mainClass();
    }

    /** A plugin class whose {@code stop()} runs this body. */
    TestPlugin onStop(String body) {
        this.stopBody = body;
        return mainClass();
    }

    private TestPlugin mainClass() {
        source("Main", "public class Main extends org.pf4j.Plugin {\n"
                + "  @Override public void start() {\n" + startBody + "\n  }\n"
                + "  @Override public void stop() {\n" + stopBody + "\n  }\n}\n");
        this.pluginClass = pkg() + ".Main";
        return this;
    }

    /** Names a plugin class the descriptor refers to (which may not exist). */
    TestPlugin pluginClass(String className) {
        this.pluginClass = className;
        return this;
    }

    /** A {@code ProviderExtension} making a provider of this name. */
    TestPlugin provides(String providerName) {
        return provides(providerName, "return new SimpleProvider(\"" + providerName + "\");");
    }

    /** A {@code ProviderExtension} of this name whose {@code create} runs this body. */
    TestPlugin provides(String providerName, String createBody) {
        extension("Factory_", "ProviderExtension", "name", providerName,
                "io.kombify.deploy.spi.Provider create(io.kombify.deploy.spi.ProviderConfig config)", createBody);
        if (!sources.containsKey(pkg() + ".SimpleProvider")) {
            source("SimpleProvider", """
                    import io.kombify.deploy.spi.*;
                    import java.util.List;
                    import java.util.Optional;
                    public final class SimpleProvider implements Provider {
                      private final String name;
                      public SimpleProvider(String name) { this.name = name; }
                      public ProviderDescriptor descriptor() {
                        return ProviderDescriptor.of(name, "1.0.0", List.of(), Optional.empty());
                      }
                      public Optional<ResourceState> read(ReadRequest r) { return Optional.empty(); }
                      public ResourceState create(CreateRequest r) { throw new UnsupportedOperationException("test provider"); }
                      public ResourceState update(UpdateRequest r) { throw new UnsupportedOperationException("test provider"); }
                      public void delete(DeleteRequest r) { }
                      public Optional<ResourceState> lookup(LookupRequest r) { return Optional.empty(); }
                    }
                    """);
        }
        return this;
    }

    /** An {@code ExporterExtension} of this format that writes one file, {@code <format>.txt}, naming the stack. */
    TestPlugin exports(String format) {
        return exports(format, "java.nio.file.Path file = request.directory().resolve(\"" + format + ".txt\");\n"
                + "    try {\n"
                + "      java.nio.file.Files.createDirectories(request.directory());\n"
                + "      java.nio.file.Files.writeString(file, \"stack \" + request.graph().stack() + \"\\n\");\n"
                + "    } catch (java.io.IOException e) {\n"
                + "      throw new java.io.UncheckedIOException(e);\n"
                + "    }\n"
                + "    return new io.kombify.deploy.spi.ExportResult(format(), request.directory(), java.util.List.of(file),\n"
                + "        java.util.List.of(), java.util.List.of(), java.util.Optional.empty());");
    }

    /** An {@code ExporterExtension} of this format whose {@code export} runs this body. */
    TestPlugin exports(String format, String exportBody) {
        extension("Exporter_", "ExporterExtension", "format", format,
                "io.kombify.deploy.spi.ExportResult export(io.kombify.deploy.spi.ExportRequest request)", exportBody);
        return this;
    }

    /**
     * An {@code @Extension} class {@code <prefix><key>} implementing {@code io.kombify.deploy.plugin.<type>}:
     * {@code <keyMethod>()} returns the key, {@code description()} names the key and this plugin, and
     * {@code method} runs {@code body}.
     */
    private void extension(String prefix, String type, String keyMethod, String key, String method, String body) {
        String simple = prefix + key.replaceAll("[^A-Za-z0-9]", "_");
        source(simple, "@org.pf4j.Extension\n"
                + "public class " + simple + " implements io.kombify.deploy.plugin." + type + " {\n"
                + "  public String " + keyMethod + "() { return \"" + key + "\"; }\n"
                + "  public String description() { return \"" + key + " from " + id + "\"; }\n"
                + "  public " + method + " {\n"
                + "    " + body + "\n  }\n}\n");
    }

    /** Packs a copy of this host class into the plugin, as a plugin that bundles the SDK would. */
    TestPlugin bundleHostClass(Class<?> type) {
        bundled.add(type);
        return this;
    }

    /** {@code <dir>/<id>-<version>.jar}. */
    Path jar(Path dir) {
        return jar(dir, id + "-" + version + ".jar");
    }

    Path jar(Path dir, String fileName) {
        Path classes = compile();
        writeDescriptor(classes, classes);
        return pack(classes, dir.resolve(fileName));
    }

    /** {@code <dir>/<id>-<version>.zip} in PF4J's layout: {@code classes/} and the descriptor. */
    Path zip(Path dir) {
        Path root = layout();
        return pack(root, dir.resolve(id + "-" + version + ".zip"));
    }

    /** {@code <dir>/<id>/} in PF4J's layout. */
    Path directory(Path dir) {
        Path root = layout();
        Path target = dir.resolve(id);
        copyTree(root, target);
        return target;
    }

    private Path layout() {
        Path classes = compile();
        Path root = classes.resolveSibling(classes.getFileName() + "-layout");
        copyTree(classes, root.resolve("classes"));
        writeDescriptor(root.resolve("classes"), root);
        return root;
    }

    private void writeDescriptor(Path classes, Path propertiesRoot) {
        try {
            Path manifestFile = classes.resolve("META-INF/MANIFEST.MF");
            Files.createDirectories(manifestFile.getParent());
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.putValue("Created-By", "kombify tests");
            Map<String, String> values = new LinkedHashMap<>();
            values.put("Id", id);
            values.put("Version", version);
            values.put("Class", pluginClass);
            values.put("Requires", requires);
            values.put("Dependencies", dependencies);
            values.put("Provider", provider);
            values.put("Description", description);
            if (descriptor == Descriptor.MANIFEST) {
                values.forEach((k, v) -> {
                    if (v != null) {
                        main.putValue("Plugin-" + k, v);
                    }
                });
            } else if (descriptor == Descriptor.PROPERTIES) {
                StringBuilder p = new StringBuilder();
                values.forEach((k, v) -> {
                    if (v != null) {
                        p.append("plugin.").append(k.toLowerCase(Locale.ROOT)).append('=').append(v).append('\n');
                    }
                });
                Files.writeString(propertiesRoot.resolve("plugin.properties"), p);
            }
            try (OutputStream out = Files.newOutputStream(manifestFile)) {
                manifest.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path compile() {
        try {
            Path out = Files.createTempDirectory(Files.createDirectories(work.resolve("compiled")), id + "-");
            for (Class<?> type : bundled) {
                String resource = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
                    Path target = out.resolve(resource);
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
            if (sources.isEmpty()) {
                return out;
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, code) -> units.add(new Source(name, code)));
            StringWriter output = new StringWriter();
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
                List<String> options = List.of("-classpath", testClassPath(), "-d", out.toString(), "--release", "17",
                        "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor", "-nowarn");
                boolean ok = javac.getTask(output, files, diagnostics, options, null, units).call();
                if (!ok) {
                    throw new AssertionError("test plugin " + id + " does not compile: " + diagnostics.getDiagnostics()
                            + output);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String testClassPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path == null || path.isBlank() ? System.getProperty("java.class.path") : path;
    }

    private static Path pack(Path root, Path archive) {
        try {
            Files.createDirectories(archive.getParent());
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive));
                 Stream<Path> walk = Files.walk(root)) {
                List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
                // the manifest first, as jar readers expect
                List<Path> ordered = new ArrayList<>(files.stream().filter(p -> root.relativize(p).toString()
                        .replace('\\', '/').equals("META-INF/MANIFEST.MF")).toList());
                files.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
                for (Path file : ordered) {
                    zip.putNextEntry(new ZipEntry(root.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(java.net.URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
