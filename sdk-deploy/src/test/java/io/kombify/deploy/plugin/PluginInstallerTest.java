package io.kombify.deploy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginInstallerTest {

    @TempDir
    Path tmp;
    Path plugins;
    Path dist;
    Path work;

    @BeforeEach
    void directories() throws IOException {
        plugins = tmp.resolve("plugins");
        dist = Files.createDirectories(tmp.resolve("dist"));
        work = Files.createDirectories(tmp.resolve("work"));
    }

    private List<String> installedFiles() throws IOException {
        if (!Files.exists(plugins)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(plugins)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertFails(Runnable action, String code, String messagePart) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
            assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.hint()).isNotBlank());
        });
    }

    @Test
    void installsAPluginTheHostThenLoadsAndRemovesIt() throws IOException {
        Path archive = TestPlugin.named(work, "acme").provides("acme-cloud").jar(dist, "acme-plugin.jar");
        PluginInstaller installer = new PluginInstaller(plugins);

        InstalledPlugin installed = installer.install(archive);

        assertThat(installed.id()).isEqualTo("acme");
        assertThat(installed.version()).isEqualTo("1.0.0");
        assertThat(installed.path()).isEqualTo(plugins.resolve("acme-1.0.0.jar"));
        assertThat(installed.previousVersion()).isEmpty();
        assertThat(installed.message()).isEqualTo("installed acme 1.0.0 into " + plugins);
        assertThat(installedFiles()).containsExactly("acme-1.0.0.jar");
        assertThat(archive).exists();
        try (PluginHost host = PluginHost.start(plugins)) {
            assertThat(host.plugins()).extracting(PluginInfo::id, PluginInfo::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", PluginStatus.STARTED));
            assertThat(ProviderRegistry.discover(host, getClass().getClassLoader()).names()).contains("acme-cloud");
        }

        RemovedPlugin removed = installer.remove("acme");

        assertThat(removed.versions()).containsExactly("1.0.0");
        assertThat(removed.removed()).containsExactly(plugins.resolve("acme-1.0.0.jar"));
        assertThat(removed.message()).isEqualTo("removed acme 1.0.0");
        assertThat(installedFiles()).isEmpty();
        try (PluginHost host = PluginHost.start(plugins)) {
            assertThat(host.plugins()).isEmpty();
        }
    }

    @Test
    void aNewerVersionReplacesTheInstalledOneAndSaysSo() throws IOException {
        PluginInstaller installer = new PluginInstaller(plugins);
        installer.install(TestPlugin.named(work, "acme").jar(dist));
        Path newer = TestPlugin.named(work, "acme").version("1.1.0").zip(dist);

        InstalledPlugin upgraded = installer.install(newer);

        assertThat(upgraded.previousVersion()).contains("1.0.0");
        assertThat(upgraded.replaced()).containsExactly(plugins.resolve("acme-1.0.0.jar"));
        assertThat(upgraded.message()).isEqualTo("upgraded acme from 1.0.0 to 1.1.0");
        assertThat(installedFiles()).containsExactly("acme-1.1.0.zip");

        InstalledPlugin again = installer.install(newer);

        assertThat(again.message()).isEqualTo("reinstalled acme 1.1.0");
        assertThat(again.replaced()).isEmpty();
        assertThat(installedFiles()).containsExactly("acme-1.1.0.zip");
    }

    @Test
    void anOlderVersionReplacesANewerOneOnlyWhenAsked() throws IOException {
        PluginInstaller installer = new PluginInstaller(plugins);
        installer.install(TestPlugin.named(work, "acme").version("2.0.0").jar(dist));
        Path older = TestPlugin.named(work, "acme").version("1.0.0").jar(dist);

        assertFails(() -> installer.install(older), "PLUGIN_DOWNGRADE",
                "plugin acme 2.0.0 is installed; it is not replaced by the older 1.0.0");
        assertThat(installedFiles()).containsExactly("acme-2.0.0.jar");

        InstalledPlugin downgraded = installer.install(older, true);

        assertThat(downgraded.message()).isEqualTo("downgraded acme from 2.0.0 to 1.0.0");
        assertThat(installedFiles()).containsExactly("acme-1.0.0.jar");
    }

    @Test
    void anArchiveTheHostWouldRejectIsNotInstalled() throws IOException {
        PluginInstaller installer = new PluginInstaller(plugins);
        Path corrupt = Files.writeString(dist.resolve("corrupt.jar"), "not a zip");
        Path notes = Files.writeString(dist.resolve("notes.txt"), "not a plugin");
        Path noDescriptor = TestPlugin.named(work, "plain").descriptor(TestPlugin.Descriptor.NONE).provides("p")
                .jar(dist, "plain.jar");
        Path future = TestPlugin.named(work, "future").requires(">=9.0.0").jar(dist);
        Path noVersion = TestPlugin.named(work, "noversion").version(null).jar(dist, "noversion.jar");
        Path noClass = TestPlugin.named(work, "noclass").pluginClass("io.kombify.plugin.noclass.Missing").jar(dist);

        assertFails(() -> installer.install(corrupt), "PLUGIN_INVALID", "corrupt.jar is not a valid jar or zip archive");
        assertFails(() -> installer.install(notes), "PLUGIN_INVALID", "notes.txt is not a .jar or .zip file");
        assertFails(() -> installer.install(dist.resolve("absent.jar")), "PLUGIN_INVALID", "does not exist");
        assertFails(() -> installer.install(dist), "PLUGIN_INVALID", "is a directory");
        assertFails(() -> installer.install(noDescriptor), "PLUGIN_DESCRIPTOR_MISSING", "plain.jar has no plugin descriptor");
        assertFails(() -> installer.install(future), "PLUGIN_INCOMPATIBLE",
                "plugin future 1.0.0 requires kombify SDK >=9.0.0, but this is SDK " + PluginHost.SDK_VERSION);
        assertFails(() -> installer.install(noVersion), "PLUGIN_DESCRIPTOR_INVALID", "has no Plugin-Version");
        assertFails(() -> installer.install(noClass), "PLUGIN_INVALID",
                "the plugin class io.kombify.plugin.noclass.Missing named in the descriptor of noclass-1.0.0.jar is not in it");

        assertThat(installedFiles()).isEmpty();
    }

    @Test
    void removingAnUnknownPluginSaysWhatIsInstalled() {
        PluginInstaller installer = new PluginInstaller(plugins);
        assertFails(() -> installer.remove("acme"), "PLUGIN_NOT_INSTALLED", "no plugin acme is installed");

        installer.install(TestPlugin.named(work, "acme").jar(dist));

        assertThatThrownBy(() -> installer.remove("nope")).isInstanceOfSatisfying(KombifyException.class,
                e -> assertThat(e.diagnostics().get(0).hint()).isEqualTo("installed: acme 1.0.0"));
    }

    @Test
    void aBrokenFileIsRemovedByItsName() throws IOException {
        Files.createDirectories(plugins);
        Files.writeString(plugins.resolve("broken.jar"), "not a zip");

        RemovedPlugin removed = new PluginInstaller(plugins).remove("broken.jar");

        assertThat(removed.versions()).isEmpty();
        assertThat(removed.message()).isEqualTo("removed broken.jar");
        assertThat(installedFiles()).isEmpty();
        assertThat(removed.removed()).containsExactly(plugins.resolve("broken.jar"));
        assertThat(Optional.of(removed.id())).contains("broken.jar");
    }
}
