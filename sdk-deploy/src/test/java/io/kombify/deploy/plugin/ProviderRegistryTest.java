package io.kombify.deploy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Providers;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderFactory;
import io.kombify.deploy.spi.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {

    private static final String CLASS_PATH_NAME = ClassPathTestProviderFactory.NAME;
    private static final ProviderConfig CONFIG = new ProviderConfig(Map.of(), Map.of(), SecretResolver.NONE,
            Optional.empty());

    @TempDir
    Path tmp;
    Path plugins;
    Path work;

    @BeforeEach
    void directories() throws IOException {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        work = Files.createDirectories(tmp.resolve("work"));
    }

    private ClassLoader loader() {
        return getClass().getClassLoader();
    }

    @Test
    void mergesClassPathAndPluginProvidersAndSaysWhereEachCameFrom() {
        Path jar = TestPlugin.named(work, "acme").provides("acme-cloud").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            ProviderRegistry registry = ProviderRegistry.discover(host, loader());

            assertThat(registry.problems()).isEmpty();
            assertThat(registry.entry("acme-cloud")).contains(
                    new RegisteredProvider("acme-cloud", "acme-cloud from acme", "plugin acme 1.0.0", Optional.of(jar)));
            RegisteredProvider classPath = registry.entry(CLASS_PATH_NAME).orElseThrow();
            assertThat(classPath.source()).isEqualTo("class path");
            assertThat(classPath.fromPlugin()).isFalse();
            assertThat(classPath.description()).isEqualTo("registry test provider on the class path");
            assertThat(classPath.location()).isPresent();
            assertThat(registry.entries()).extracting(RegisteredProvider::name).isSorted()
                    .contains("acme-cloud", CLASS_PATH_NAME);

            ProviderFactory factory = registry.factory("acme-cloud").orElseThrow();
            assertThat(factory.getClass().getInterfaces()[0]).isSameAs(ProviderExtension.class);
            assertThat(factory).isInstanceOf(ProviderFactory.class);
            assertThat(factory.getClass().getClassLoader()).isNotSameAs(loader());
        }
    }

    @Test
    void itsProblemsIncludeThoseOfThePluginHost() throws IOException {
        TestPlugin.named(work, "acme").provides("acme-cloud").jar(plugins);
        Files.writeString(plugins.resolve("corrupt.jar"), "not a zip");

        try (PluginHost host = PluginHost.start(plugins)) {
            ProviderRegistry registry = ProviderRegistry.discover(host, loader());

            assertThat(registry.names()).contains("acme-cloud");
            assertThat(registry.problems()).isEqualTo(host.problems());
            assertThat(registry.problems()).extracting(PluginProblem::plugin, PluginProblem::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("corrupt.jar", "PLUGIN_INVALID"));
        }
    }

    @Test
    void withoutPluginsOnlyTheClassPathProvidersAreRegistered() {
        ProviderRegistry registry = ProviderRegistry.discover(loader());

        assertThat(registry.names()).contains(CLASS_PATH_NAME);
        assertThat(registry.entries()).allSatisfy(e -> assertThat(e.source()).isEqualTo("class path"));
        assertThat(registry.factory(CLASS_PATH_NAME)).get().isInstanceOf(ClassPathTestProviderFactory.class);
    }

    @Test
    void aModuleLayerOffersOnlyTheProvidersOfItsModules() {
        // the tests run on the class path, so the boot layer's named modules provide none
        assertThat(ProviderRegistry.discover(ModuleLayer.boot()).names()).doesNotContain(CLASS_PATH_NAME);
    }

    @Test
    void theFirstOfTwoProvidersWithOneNameWinsAndTheOtherIsReported() {
        TestPlugin.named(work, "zeta").provides(CLASS_PATH_NAME).jar(plugins);
        // file names in the other order than the ids: the plugin id decides, not the file
        TestPlugin.named(work, "beta").provides("shared").jar(plugins, "1-beta.jar");
        TestPlugin.named(work, "alpha").provides("shared").jar(plugins, "2-alpha.jar");

        try (PluginHost host = PluginHost.start(plugins)) {
            ProviderRegistry registry = ProviderRegistry.discover(host, loader());

            assertThat(registry.entry(CLASS_PATH_NAME).orElseThrow().source()).isEqualTo("class path");
            assertThat(registry.entry("shared").orElseThrow().source()).isEqualTo("plugin alpha 1.0.0");
            assertThat(registry.problems()).extracting(PluginProblem::code, PluginProblem::plugin, PluginProblem::message)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("PROVIDER_DUPLICATE", "plugin beta 1.0.0",
                                    "the provider shared from plugin beta 1.0.0 is ignored: plugin alpha 1.0.0 has a "
                                            + "provider of that name"),
                            org.assertj.core.groups.Tuple.tuple("PROVIDER_DUPLICATE", "plugin zeta 1.0.0",
                                    "the provider " + CLASS_PATH_NAME + " from plugin zeta 1.0.0 is ignored: class path "
                                            + "has a provider of that name"));
            assertThat(registry.problems()).allSatisfy(p -> assertThat(p.hint()).contains("kombify plugins remove"));
        }
    }

    @Test
    void instantiateMakesOnlyTheNamedProviders() {
        TestPlugin.named(work, "acme").provides("acme-cloud").jar(plugins);
        TestPlugin.named(work, "boom").provides("boom-cloud",
                "throw new IllegalStateException(\"must not be made\");").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            ProviderRegistry registry = ProviderRegistry.discover(host, loader());

            try (Providers providers = registry.instantiate(CONFIG, Set.of(CLASS_PATH_NAME, "acme-cloud"))) {
                assertThat(providers.names()).containsExactlyInAnyOrder(CLASS_PATH_NAME, "acme-cloud");
                assertThat(providers.get("acme-cloud").orElseThrow().getClass().getClassLoader())
                        .isSameAs(registry.factory("acme-cloud").orElseThrow().getClass().getClassLoader());
            }
            assertThatThrownBy(() -> registry.instantiate(CONFIG, Set.of("boom-cloud")))
                    .isInstanceOfSatisfying(KombifyException.class, e -> {
                        assertThat(e.code()).isEqualTo("PROVIDER_CREATE_FAILED");
                        assertThat(e.getMessage()).isEqualTo("the provider boom-cloud from plugin boom 1.0.0 could not "
                                + "be made: its factory failed: java.lang.IllegalStateException: must not be made");
                    });
        }
    }

    @Test
    void aMissingProviderNamesWhatIsAvailableAndHowToGetIt() {
        ProviderRegistry registry = ProviderRegistry.discover(loader());

        assertThatThrownBy(() -> registry.instantiate(CONFIG, Set.of("hetzner", CLASS_PATH_NAME)))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("PROVIDER_MISSING");
                    assertThat(e.getMessage()).startsWith("no provider named hetzner; available: ")
                            .contains(CLASS_PATH_NAME);
                    assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.hint())
                            .contains("kombify plugins install", "--simulate"));
                });
    }

    @Test
    void aFactoryMakingAProviderOfAnotherNameIsRefused() {
        TestPlugin.named(work, "alias").provides("alias-cloud", "return new SimpleProvider(\"other\");").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            ProviderRegistry registry = ProviderRegistry.discover(host, loader());
            assertThatThrownBy(() -> registry.instantiate(CONFIG, Set.of("alias-cloud", CLASS_PATH_NAME)))
                    .isInstanceOfSatisfying(KombifyException.class, e -> {
                        assertThat(e.code()).isEqualTo("PROVIDER_CREATE_FAILED");
                        assertThat(e.getMessage()).endsWith("its factory made a provider named other");
                    });
        }
    }
}
