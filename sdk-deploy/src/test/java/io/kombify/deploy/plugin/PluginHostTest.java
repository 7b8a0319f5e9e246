package io.kombify.deploy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import io.kombify.deploy.spi.ProviderFactory;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

class PluginHostTest {

    @TempDir
    Path tmp;
    Path plugins;
    Path work;

    @BeforeEach
    void directories() throws IOException {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        work = Files.createDirectories(tmp.resolve("work"));
    }

    private static Map<String, PluginProblem> byPlugin(List<PluginProblem> problems) {
        return problems.stream().collect(Collectors.toMap(PluginProblem::plugin, p -> p));
    }

    private static Map<String, PluginStatus> states(PluginHost host) {
        return host.plugins().stream().collect(Collectors.toMap(PluginInfo::id, PluginInfo::state));
    }

    @Test
    void loadsAndStartsAPluginAndHandsOutItsExtension() {
        Path jar = TestPlugin.named(work, "good").onStart("").provides("good-cloud").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertThat(host.problems()).isEmpty();
            assertThat(host.plugins()).containsExactly(new PluginInfo("good", "1.0.0", "test plugin good",
                    "kombify tests", jar, PluginStatus.STARTED));
            List<PluginExtension<ProviderExtension>> extensions = host.extensions(ProviderExtension.class);
            assertThat(extensions).singleElement().satisfies(e -> {
                assertThat(e.extension().name()).isEqualTo("good-cloud");
                assertThat(e.plugin().id()).isEqualTo("good");
            });
        }
    }

    @Test
    void pluginsTakeTheSdkFromTheHostEvenWhenTheyBundleACopy() throws Exception {
        Path jar = TestPlugin.named(work, "bundler").provides("bundled-cloud")
                .bundleHostClass(ProviderFactory.class).bundleHostClass(ProviderExtension.class).jar(plugins);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.getEntry("io/kombify/deploy/spi/ProviderFactory.class")).isNotNull();
        }

        try (PluginHost host = PluginHost.start(plugins)) {
            ProviderExtension factory = host.extensions(ProviderExtension.class).get(0).extension();
            ClassLoader pluginLoader = factory.getClass().getClassLoader();

            assertThat(pluginLoader).isInstanceOf(PluginClassLoader.class);
            assertThat(factory.getClass().getInterfaces()[0]).isSameAs(ProviderExtension.class);
            assertThat(factory).isInstanceOf(ProviderFactory.class);
            assertThat(pluginLoader.loadClass(ProviderFactory.class.getName())).isSameAs(ProviderFactory.class);
            assertThat(pluginLoader.getResource("io/kombify/deploy/spi/ProviderFactory.class"))
                    .isEqualTo(ProviderFactory.class.getClassLoader().getResource("io/kombify/deploy/spi/ProviderFactory.class"));
        }
    }

    @Test
    void brokenPluginsAreReportedWhileTheGoodOneStillLoads() throws IOException {
        TestPlugin.named(work, "good").provides("good-cloud").jar(plugins);
        TestPlugin.named(work, "nodescriptor").descriptor(TestPlugin.Descriptor.NONE).provides("x-cloud")
                .jar(plugins, "nodescriptor.jar");
        TestPlugin.named(work, "crashing").provider("Crash Ltd").onStart(
                "throw new IllegalStateException(\"database unreachable\");").jar(plugins);
        TestPlugin.named(work, "future").requires(">=9.0.0").provides("future-cloud").jar(plugins);
        Files.writeString(plugins.resolve("corrupt.jar"), "this is not a zip file");

        try (PluginHost host = PluginHost.start(plugins)) {
            Map<String, PluginProblem> problems = byPlugin(host.problems());
            assertThat(problems).containsOnlyKeys("nodescriptor.jar", "crashing", "future", "corrupt.jar");

            assertThat(problems.get("nodescriptor.jar")).satisfies(p -> {
                assertThat(p.code()).isEqualTo("PLUGIN_DESCRIPTOR_MISSING");
                assertThat(p.message()).contains("nodescriptor.jar has no plugin descriptor", "Plugin-Id");
                assertThat(p.path()).contains(plugins.resolve("nodescriptor.jar"));
                assertThat(p.hint()).contains("Plugin-Id", "Plugin-Version", "Plugin-Class");
            });
            assertThat(problems.get("crashing")).satisfies(p -> {
                assertThat(p.code()).isEqualTo("PLUGIN_START_FAILED");
                assertThat(p.message()).isEqualTo("plugin crashing 1.0.0 failed to start: "
                        + "java.lang.IllegalStateException: database unreachable");
                assertThat(p.hint()).contains("Crash Ltd", "kombify plugins remove crashing");
            });
            assertThat(problems.get("future")).satisfies(p -> {
                assertThat(p.code()).isEqualTo("PLUGIN_INCOMPATIBLE");
                assertThat(p.message()).isEqualTo("plugin future 1.0.0 requires kombify SDK >=9.0.0, but this is SDK "
                        + PluginHost.SDK_VERSION);
                assertThat(p.hint()).contains("upgrade kombify");
            });
            assertThat(problems.get("corrupt.jar")).satisfies(p -> {
                assertThat(p.code()).isEqualTo("PLUGIN_INVALID");
                assertThat(p.message()).startsWith("corrupt.jar is not a valid jar or zip archive");
                assertThat(p.hint()).isNotBlank();
            });

            assertThat(states(host)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "good", PluginStatus.STARTED, "crashing", PluginStatus.FAILED, "future", PluginStatus.DISABLED));
            assertThat(host.extensions(ProviderExtension.class)).extracting(e -> e.extension().name())
                    .containsExactly("good-cloud");
        }
    }

    @Test
    void badDescriptorsAndPluginClassesAreReported() {
        TestPlugin.named(work, "noversion").version(null).jar(plugins, "noversion.jar");
        TestPlugin.named(work, "badrange").requires("soon").jar(plugins);
        TestPlugin.named(work, "noclass").pluginClass("io.kombify.plugin.noclass.Missing").jar(plugins);
        TestPlugin.named(work, "good").provides("good-cloud").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            Map<String, PluginProblem> problems = byPlugin(host.problems());
            assertThat(problems.get("noversion.jar").code()).isEqualTo("PLUGIN_DESCRIPTOR_INVALID");
            assertThat(problems.get("noversion.jar").message()).contains("has no Plugin-Version");
            assertThat(problems.get("badrange-1.0.0.jar").code()).isEqualTo("PLUGIN_DESCRIPTOR_INVALID");
            assertThat(problems.get("badrange-1.0.0.jar").message()).contains("Plugin-Requires 'soon' is not a version range");
            assertThat(problems.get("noclass").code()).isEqualTo("PLUGIN_INVALID");
            assertThat(problems.get("noclass").message())
                    .isEqualTo("plugin noclass 1.0.0 is broken: its plugin class io.kombify.plugin.noclass.Missing is not in the plugin");
            assertThat(states(host)).containsEntry("good", PluginStatus.STARTED).containsEntry("noclass", PluginStatus.FAILED);
        }
    }

    @Test
    @Timeout(60)
    void pluginsStartInParallel() {
        String key = "parallel-" + UUID.randomUUID();
        String rendezvous = "java.util.concurrent.CountDownLatch l = io.kombify.deploy.plugin.PluginTestHooks.latch(\""
                + key + "\", 2);\n"
                + "l.countDown();\n"
                + "try {\n"
                + "  if (!l.await(20, java.util.concurrent.TimeUnit.SECONDS)) {\n"
                + "    throw new IllegalStateException(\"the other plugin did not start meanwhile\");\n"
                + "  }\n"
                + "} catch (InterruptedException e) { throw new IllegalStateException(e); }";
        TestPlugin.named(work, "left").onStart(rendezvous).jar(plugins);
        TestPlugin.named(work, "right").onStart(rendezvous).jar(plugins);

        try (PluginHost host = PluginHost.builder(plugins).startThreads(2).start()) {
            assertThat(host.problems()).isEmpty();
            assertThat(states(host)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "left", PluginStatus.STARTED, "right", PluginStatus.STARTED));
        } finally {
            PluginTestHooks.forget(key);
        }
    }

    @Test
    @Timeout(60)
    void aPluginStuckInStartIsReportedAfterTheTimeout() {
        String key = "stuck-" + UUID.randomUUID();
        TestPlugin.named(work, "stuck").onStart("try { io.kombify.deploy.plugin.PluginTestHooks.latch(\"" + key
                + "\", 1).await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }").jar(plugins);
        TestPlugin.named(work, "good").provides("good-cloud").jar(plugins);

        try (PluginHost host = PluginHost.builder(plugins).startTimeout(Duration.ofSeconds(2)).start()) {
            PluginProblem problem = byPlugin(host.problems()).get("stuck");
            assertThat(problem.code()).isEqualTo("PLUGIN_START_FAILED");
            assertThat(problem.message()).isEqualTo("plugin stuck 1.0.0 did not finish starting within 2 s");
            assertThat(states(host)).containsEntry("stuck", PluginStatus.FAILED).containsEntry("good", PluginStatus.STARTED);
        } finally {
            PluginTestHooks.latch(key, 1).countDown();
            PluginTestHooks.forget(key);
        }
    }

    @Test
    @Timeout(60)
    void dependenciesStartFirstAndUnmetOnesAreReported() {
        String key = "order-" + UUID.randomUUID();
        String latch = "io.kombify.deploy.plugin.PluginTestHooks.latch(\"" + key + "\", 1)";
        TestPlugin.named(work, "base").onStart("try { Thread.sleep(300); } catch (InterruptedException e) { }\n"
                + latch + ".countDown();").jar(plugins);
        TestPlugin.named(work, "addon").dependencies("base").onStart("if (" + latch + ".getCount() != 0) {"
                + " throw new IllegalStateException(\"started before base\"); }").jar(plugins);
        TestPlugin.named(work, "orphan").dependencies("absent").jar(plugins);
        TestPlugin.named(work, "picky").dependencies("base@>=2.0.0").jar(plugins);
        TestPlugin.named(work, "crashing").onStart("throw new IllegalStateException(\"no\");").jar(plugins);
        TestPlugin.named(work, "follower").dependencies("crashing").jar(plugins);
        TestPlugin.named(work, "relaxed").dependencies("absent?").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            Map<String, PluginProblem> problems = byPlugin(host.problems());
            assertThat(problems).containsOnlyKeys("orphan", "picky", "crashing", "follower");
            assertThat(problems.get("orphan").code()).isEqualTo("PLUGIN_DEPENDENCY_UNRESOLVED");
            assertThat(problems.get("orphan").message())
                    .isEqualTo("plugin orphan 1.0.0 was not loaded: it needs plugin absent, which is not installed");
            assertThat(problems.get("picky").message())
                    .isEqualTo("plugin picky 1.0.0 was not loaded: it needs plugin base >=2.0.0, but version 1.0.0 is installed");
            assertThat(problems.get("follower").code()).isEqualTo("PLUGIN_DEPENDENCY_FAILED");
            assertThat(problems.get("follower").message())
                    .isEqualTo("plugin follower 1.0.0 was not started because plugin crashing, which it depends on, did not start");
            assertThat(states(host)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "base", PluginStatus.STARTED, "addon", PluginStatus.STARTED, "relaxed", PluginStatus.STARTED,
                    "crashing", PluginStatus.FAILED, "follower", PluginStatus.FAILED));
        } finally {
            PluginTestHooks.forget(key);
        }
    }

    @Test
    void zipAndDirectoryPluginsLoad() throws Exception {
        Path zip = TestPlugin.named(work, "zipped").descriptor(TestPlugin.Descriptor.PROPERTIES)
                .provides("zipped-cloud").zip(plugins);
        Path dir = TestPlugin.named(work, "exploded").provides("exploded-cloud").directory(plugins);

        Path unpacked;
        try (PluginHost host = PluginHost.start(plugins)) {
            assertThat(host.problems()).isEmpty();
            assertThat(host.plugins()).extracting(PluginInfo::id, PluginInfo::path, PluginInfo::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("exploded", dir, PluginStatus.STARTED),
                    org.assertj.core.groups.Tuple.tuple("zipped", zip, PluginStatus.STARTED));
            List<PluginExtension<ProviderExtension>> extensions = host.extensions(ProviderExtension.class);
            assertThat(extensions).extracting(e -> e.extension().name()).containsExactly("exploded-cloud", "zipped-cloud");
            URLClassLoader zipLoader = (URLClassLoader) extensions.get(1).extension().getClass().getClassLoader();
            unpacked = Path.of(zipLoader.getURLs()[0].toURI());
            assertThat(unpacked).exists();
            assertThat(unpacked.startsWith(plugins)).isFalse();
        }
        assertThat(unpacked).doesNotExist();
        assertThat(plugins).isDirectoryNotContaining(p -> !p.equals(zip) && !p.equals(dir));
    }

    @Test
    void aPluginInstalledTwiceIsUsedOnce() {
        Path first = TestPlugin.named(work, "twice").provides("twice-cloud").jar(plugins, "a-twice.jar");
        TestPlugin.named(work, "twice").version("1.1.0").provides("twice-cloud").jar(plugins, "b-twice.jar");

        try (PluginHost host = PluginHost.start(plugins)) {
            assertThat(host.plugins()).extracting(PluginInfo::path).containsExactly(first);
            assertThat(host.problems()).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo("PLUGIN_DUPLICATE");
                assertThat(p.message()).isEqualTo("plugin twice is installed twice: a-twice.jar is used and b-twice.jar is ignored");
            });
        }
    }

    @Test
    void closeStopsThePluginsAndClosesTheirClassLoaders() {
        String key = "stop-" + UUID.randomUUID();
        TestPlugin.named(work, "stoppable").provides("stoppable-cloud")
                .onStop("io.kombify.deploy.plugin.PluginTestHooks.latch(\"" + key + "\", 1).countDown();").jar(plugins);
        PluginHost host = PluginHost.start(plugins);
        PluginClassLoader loader;
        try {
            loader = (PluginClassLoader) host.extensions(ProviderExtension.class).get(0).extension().getClass().getClassLoader();
            assertThat(loader.isClosed()).isFalse();
        } finally {
            host.close();
        }
        try {
            assertThat(PluginTestHooks.latch(key, 1).getCount()).isZero();
            assertThat(loader.isClosed()).isTrue();
            assertThat(host.plugins()).extracting(PluginInfo::state).containsExactly(PluginStatus.STOPPED);
            assertThatThrownBy(() -> host.extensions(ProviderExtension.class)).isInstanceOf(IllegalStateException.class);
            host.close();
        } finally {
            PluginTestHooks.forget(key);
        }
    }

    @Test
    void aMissingDirectoryHoldsNoPluginsAndOtherFilesAreIgnored() throws IOException {
        try (PluginHost host = PluginHost.start(tmp.resolve("nowhere"))) {
            assertThat(host.plugins()).isEmpty();
            assertThat(host.problems()).isEmpty();
        }
        Files.writeString(plugins.resolve("README.txt"), "plugins go here");
        Files.writeString(plugins.resolve(".install-123.tmp"), "half a plugin");
        try (PluginHost host = PluginHost.start(plugins)) {
            assertThat(host.plugins()).isEmpty();
            assertThat(host.problems()).isEmpty();
        }
    }

    @Test
    void aFileIsNotAPluginDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("plugins.txt"), "");
        assertThatThrownBy(() -> PluginHost.start(file)).isInstanceOfSatisfying(KombifyException.class,
                e -> assertThat(e.code()).isEqualTo("PLUGIN_DIRECTORY_INVALID"));
    }

    @Test
    void theDefaultDirectoryIsUnderTheUsersHome() {
        assertThat(PluginHost.defaultDirectory(Path.of("/home/ada"))).isEqualTo(Path.of("/home/ada/.kombify/plugins"));
    }

    @Test
    void theSdkVersionIsTheReleaseVersionOfThisBuild() throws IOException {
        String pom = Files.readString(Path.of(System.getProperty("kombify.root"), "pom.xml"));
        Matcher m = Pattern.compile("<artifactId>kombify-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        assertThat(PluginHost.SDK_VERSION).isEqualTo(m.group(1).replace("-SNAPSHOT", ""));
        assertThatThrownBy(() -> PluginHost.builder(plugins).sdkVersion("one")).isInstanceOf(IllegalArgumentException.class);
        try (PluginHost host = PluginHost.builder(plugins).sdkVersion("9.1.0").start()) {
            assertThat(host.sdkVersion()).isEqualTo("9.1.0");
            assertThat(host.directory()).isEqualTo(plugins);
            assertThat(host.plugin("none")).isEqualTo(Optional.empty());
        }
    }
}
