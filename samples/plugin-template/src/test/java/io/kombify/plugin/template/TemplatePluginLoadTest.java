package io.kombify.plugin.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Providers;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.plugin.InstalledPlugin;
import io.kombify.deploy.plugin.PluginHost;
import io.kombify.deploy.plugin.PluginInstaller;
import io.kombify.deploy.plugin.ProviderRegistry;
import io.kombify.deploy.plugin.RegisteredProvider;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderFactory;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin jar, installed and loaded the way {@code kombify plugins install} and an
 * apply do. Runs after {@code package} (with failsafe), which passes the jar as {@code template.jar}.
 */
class TemplatePluginLoadTest {

    @Test
    void thePackagedJarInstallsLoadsAndMakesFiles(@TempDir Path dir) throws Exception {
        String jarProperty = System.getProperty("template.jar");
        assertThat(jarProperty).as("system property template.jar (set by the build)").isNotBlank();
        Path jar = Path.of(jarProperty);
        assertThat(jar).as("the packaged plugin").isRegularFile();
        String version = System.getProperty("template.version", TemplateProvider.VERSION);
        Path plugins = dir.resolve("plugins");
        Path root = dir.resolve("files");

        InstalledPlugin installed = new PluginInstaller(plugins).install(jar);
        assertThat(installed.id()).isEqualTo("template");
        assertThat(installed.version()).isEqualTo(version).isEqualTo(TemplateProvider.VERSION);

        try (PluginHost host = PluginHost.start(plugins)) {
            assertThat(host.problems()).isEmpty();
            ProviderRegistry registry = ProviderRegistry.discover(host, TemplatePluginLoadTest.class.getClassLoader());
            assertThat(registry.problems()).isEmpty();
            RegisteredProvider entry = registry.entry("template").orElseThrow();
            assertThat(entry.source()).isEqualTo("plugin template " + version);
            assertThat(entry.description()).isEqualTo("files in a directory (the provider plugin template)");

            ProviderFactory factory = registry.factory("template").orElseThrow();
            assertThat(factory.getClass().getClassLoader())
                    .as("the factory's class loader: the plugin's, not the test's")
                    .isNotSameAs(TemplatePluginLoadTest.class.getClassLoader());
            assertThat(interfaceNamed(factory.getClass(), ProviderFactory.class.getName()))
                    .as("the ProviderFactory the plugin's factory implements: the host's class")
                    .containsSame(ProviderFactory.class);

            ProviderConfig config = new ProviderConfig(Map.of(TemplateProviderFactory.ROOT_SETTING, root.toString()),
                    Map.of(), SecretResolver.NONE, Optional.empty());
            try (Providers providers = registry.instantiate(config, Set.of("template"))) {
                Provider provider = providers.get("template").orElseThrow();
                assertThat(provider.descriptor().version()).isEqualTo(version);
                ResourceState made = provider.create(new CreateRequest(ResourceId.parse("file.motd"),
                        Map.of("path", "etc/motd", "content", "hello from a plugin\n"), Set.of(), "load-test-key",
                        new ProviderContext("lab", Map.of(), SecretResolver.NONE)));
                assertThat(made.providerId()).isEqualTo("etc/motd");
            }
            assertThat(Files.readString(root.resolve("etc/motd"))).isEqualTo("hello from a plugin\n");
        }
    }

    /** The interface of this name that {@code type} implements, directly or through other interfaces. */
    private static Optional<Class<?>> interfaceNamed(Class<?> type, String name) {
        for (Class<?> i : type.getInterfaces()) {
            if (i.getName().equals(name)) {
                return Optional.of(i);
            }
            Optional<Class<?>> inherited = interfaceNamed(i, name);
            if (inherited.isPresent()) {
                return inherited;
            }
        }
        return Optional.empty();
    }
}
