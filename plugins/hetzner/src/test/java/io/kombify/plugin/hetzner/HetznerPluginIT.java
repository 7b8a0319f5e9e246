package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Providers;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.plugin.InstalledPlugin;
import io.kombify.deploy.plugin.PluginHost;
import io.kombify.deploy.plugin.PluginInstaller;
import io.kombify.deploy.plugin.ProviderRegistry;
import io.kombify.deploy.plugin.RegisteredProvider;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderFactory;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.sim.cloud.hetzner.FakeResource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin archive, installed and loaded the way {@code kombify plugins install} and an
 * apply do, then used against the Hetzner Cloud fake. Runs after {@code package} (failsafe), which
 * passes the archive as {@code plugin.archive}.
 */
class HetznerPluginIT {

    @Test
    void theArchiveInstallsLoadsAndManagesAnSshKey(@TempDir Path dir) throws Exception {
        String archiveProperty = System.getProperty("plugin.archive");
        assertThat(archiveProperty).as("system property plugin.archive (set by the build)").isNotBlank();
        Path archive = Path.of(archiveProperty);
        assertThat(archive).as("the packaged plugin").isRegularFile();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("plugin.properties").anyMatch(n -> n.matches("lib/okhttp-jvm-.*\\.jar"));
            assertThat(names).as("what the host supplies is not bundled")
                    .noneMatch(n -> n.matches("lib/(sdk-|pf4j|slf4j|jackson).*"));
        }
        String version = System.getProperty("plugin.version", HetznerProvider.VERSION);

        InstalledPlugin installed = new PluginInstaller(dir.resolve("plugins")).install(archive);
        assertThat(installed.id()).isEqualTo("hetzner");
        assertThat(installed.version()).isEqualTo(version).isEqualTo(HetznerProvider.VERSION);

        try (FakeCloud cloud = new FakeCloud(1); PluginHost host = PluginHost.start(dir.resolve("plugins"))) {
            assertThat(host.problems()).isEmpty();
            ProviderRegistry registry = ProviderRegistry.discover(host, HetznerPluginIT.class.getClassLoader());
            assertThat(registry.problems()).isEmpty();
            RegisteredProvider entry = registry.entry("hetzner").orElseThrow();
            assertThat(entry.source()).isEqualTo("plugin hetzner " + version);
            ProviderFactory factory = registry.factory("hetzner").orElseThrow();
            assertThat(factory.getClass().getClassLoader()).as("the factory comes from the plugin's class loader")
                    .isNotSameAs(HetznerPluginIT.class.getClassLoader());

            try (Providers providers = registry.instantiate(cloud.config(), Set.of("hetzner"))) {
                Provider provider = providers.get("hetzner").orElseThrow();
                ResourceId id = ResourceId.of(ResourceType.SSH_KEY, "lab");
                ProviderContext context = new ProviderContext("plugin-it", Map.of(ProviderContext.LABEL_STACK, "plugin-it",
                        ProviderContext.LABEL_RESOURCE, id.toString(), ProviderContext.LABEL_IDEMPOTENCY_KEY, "it-key"),
                        SecretResolver.NONE);
                ResourceState made = provider.create(new CreateRequest(id, Map.of("name", "plugin-it",
                        "publicKey", TestKeys.ed25519("plugin@it")), Set.of(), "it-key", context));

                assertThat(cloud.fake.resources("ssh_keys")).singleElement().satisfies((FakeResource r) -> {
                    assertThat(r.name()).isEqualTo("plugin-it");
                    assertThat(String.valueOf(r.id())).isEqualTo(made.providerId());
                    assertThat(r.labels()).containsEntry(ProviderContext.LABEL_STACK, "plugin-it")
                            .containsEntry(ProviderContext.LABEL_IDEMPOTENCY_KEY, "it-key");
                });
                assertThat(provider.lookup(new LookupRequest(id, "it-key", context))).hasValueSatisfying(
                        s -> assertThat(s.providerId()).isEqualTo(made.providerId()));

                provider.delete(new DeleteRequest(id, made.providerId(), Map.of(), "it-delete", context));
                assertThat(cloud.fake.resources("ssh_keys")).isEmpty();
            }
        }
    }
}
