package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.RateLimit;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where the provider takes its token, endpoint and other settings from, and what it says when one is wrong. */
class HetznerProviderFactoryTest {

    private final HetznerProviderFactory factory = new HetznerProviderFactory();

    @Test
    void withoutATokenTheErrorSaysBothWaysToGiveOne() {
        ProviderConfig config = new ProviderConfig(Map.of(), Map.of("HOME", "/home/sam"), SecretResolver.NONE, Optional.empty());

        assertThatThrownBy(() -> factory.create(config)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("HETZNER_TOKEN_MISSING");
            assertThat(e.diagnostics()).singleElement().satisfies(d -> {
                assertThat(d.path()).isEqualTo("hetzner.token");
                assertThat(d.hint()).contains("--provider-setting hetzner.token=secret://", "HCLOUD_TOKEN");
            });
        });
    }

    @Test
    void aTokenWrittenIntoTheSettingIsRefusedWithoutRepeatingIt() {
        ProviderConfig config = new ProviderConfig(Map.of("hetzner.token", FakeCloud.TOKEN), Map.of(), SecretResolver.NONE,
                Optional.empty());

        assertThatThrownBy(() -> factory.create(config)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("HETZNER_TOKEN_INVALID");
            assertThat(e.getMessage()).contains("secret://").doesNotContain(FakeCloud.TOKEN);
            assertThat(e.diagnostics().get(0).hint()).contains("HCLOUD_TOKEN");
        });
    }

    @Test
    void aReferenceWithoutAValueFailsAsTheResolverSays() {
        ProviderConfig config = new ProviderConfig(Map.of("hetzner.token", "secret://nowhere"), Map.of(), SecretResolver.NONE,
                Optional.empty());

        assertThatThrownBy(() -> factory.create(config)).isInstanceOfSatisfying(KombifyException.class,
                e -> assertThat(e.code()).isEqualTo("SECRET_UNRESOLVED"));
    }

    @Test
    void theEnvironmentGivesTokenAndEndpointWhenNoSettingDoes() {
        try (FakeCloud cloud = new FakeCloud(0)) {
            ProviderConfig config = new ProviderConfig(Map.of(), Map.of("HCLOUD_TOKEN", FakeCloud.TOKEN,
                    "HCLOUD_ENDPOINT", cloud.fake.endpoint().toString()), SecretResolver.NONE, Optional.empty());
            try (Provider provider = factory.create(config)) {
                ResourceId id = ResourceId.of(ResourceType.SSH_KEY, "env");
                ProviderContext context = new ProviderContext("env", Map.of(ProviderContext.LABEL_STACK, "env"), SecretResolver.NONE);
                ResourceState made = provider.create(new CreateRequest(id, Map.of("name", "from-env",
                        "publicKey", TestKeys.ed25519("env@test")), Set.of(), "k1", context));
                assertThat(cloud.fake.resources("ssh_keys")).singleElement()
                        .satisfies(r -> assertThat(r.name()).isEqualTo("from-env"));
                provider.delete(new DeleteRequest(id, made.providerId(), Map.of(), "k2", context));
                assertThat(cloud.fake.resources("ssh_keys")).isEmpty();
            }
        }
    }

    @Test
    void theSettingOutranksTheEnvironmentWhichOutranksThePublicApi() {
        Map<String, String> env = Map.of("HCLOUD_ENDPOINT", "http://127.0.0.1:1/v1");
        assertThat(HetznerSettings.from(new ProviderConfig(Map.of("hetzner.endpoint", "http://127.0.0.1:2/v1/"), env,
                SecretResolver.NONE, Optional.empty())).endpoint()).isEqualTo(URI.create("http://127.0.0.1:2/v1"));
        assertThat(HetznerSettings.from(new ProviderConfig(Map.of(), env, SecretResolver.NONE, Optional.empty())).endpoint())
                .isEqualTo(URI.create("http://127.0.0.1:1/v1"));
        HetznerSettings defaults = HetznerSettings.from(new ProviderConfig(Map.of(), Map.of(), SecretResolver.NONE, Optional.empty()));
        assertThat(defaults.endpoint()).isEqualTo(URI.create("https://api.hetzner.cloud/v1"));
        assertThat(defaults.location()).isEqualTo("nbg1");
        assertThat(defaults.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void plainHttpIsAcceptedOnlyToLoopbackSoTheTokenNeverTravelsUnencrypted() {
        for (String endpoint : List.of("http://example.net/v1", "http://10.0.0.5:8080/v1", "http://128.0.0.1/v1")) {
            ProviderConfig config = new ProviderConfig(Map.of("hetzner.endpoint", endpoint), Map.of("HCLOUD_TOKEN", "t"),
                    SecretResolver.NONE, Optional.empty());
            assertThatThrownBy(() -> factory.create(config)).as(endpoint).isInstanceOfSatisfying(KombifyException.class, e -> {
                assertThat(e.code()).isEqualTo("HETZNER_SETTING_INVALID");
                assertThat(e.getMessage()).contains("hetzner.endpoint", "unencrypted");
                assertThat(e.diagnostics().get(0).hint()).contains("https", "loopback");
            });
        }
        ProviderConfig fromEnvironment = new ProviderConfig(Map.of(), Map.of("HCLOUD_TOKEN", "t",
                "HCLOUD_ENDPOINT", "http://api.example.net/v1"), SecretResolver.NONE, Optional.empty());
        assertThatThrownBy(() -> factory.create(fromEnvironment)).isInstanceOfSatisfying(KombifyException.class,
                e -> assertThat(e.diagnostics().get(0).path()).isEqualTo("HCLOUD_ENDPOINT"));
        for (String endpoint : List.of("https://api.example.net/v1", "http://127.0.0.1:8080/v1", "http://localhost:8080/v1",
                "http://[::1]:8080/v1")) {
            assertThat(HetznerSettings.from(new ProviderConfig(Map.of("hetzner.endpoint", endpoint), Map.of(), SecretResolver.NONE,
                    Optional.empty())).endpoint()).as(endpoint).isEqualTo(URI.create(endpoint));
        }
    }

    @Test
    void theDescriptorDeclaresEveryTypeAndTheRateLimit() {
        ProviderConfig config = new ProviderConfig(Map.of("hetzner.maxConcurrentCalls", "2", "hetzner.callsPerSecond", "0.5"),
                Map.of("HCLOUD_TOKEN", "t"), SecretResolver.NONE, Optional.empty());
        try (Provider provider = factory.create(config)) {
            assertThat(provider.descriptor().name()).isEqualTo("hetzner");
            assertThat(provider.descriptor().types().keySet()).containsExactlyInAnyOrder(ResourceType.MACHINE,
                    ResourceType.SSH_KEY, ResourceType.NETWORK, ResourceType.SUBNET, ResourceType.FIREWALL,
                    HetznerProvider.HCLOUD_VOLUME, HetznerProvider.PRIMARY_IP);
            assertThat(provider.descriptor().rateLimit()).contains(new RateLimit(2, 0.5));
        }
        try (Provider provider = factory.create(new ProviderConfig(Map.of(), Map.of("HCLOUD_TOKEN", "t"), SecretResolver.NONE,
                Optional.empty()))) {
            assertThat(provider.descriptor().rateLimit()).contains(new RateLimit(4, 5.0));
        }
    }

    @Test
    void aSettingThatCannotBeUsedIsNamedWithAnExample() {
        ProviderConfig config = new ProviderConfig(Map.of("hetzner.pollInterval", "fast"), Map.of("HCLOUD_TOKEN", "t"),
                SecretResolver.NONE, Optional.empty());
        assertThatThrownBy(() -> factory.create(config)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("HETZNER_SETTING_INVALID");
            assertThat(e.getMessage()).contains("hetzner.pollInterval", "fast");
            assertThat(e.diagnostics().get(0).hint()).contains("500ms");
        });
        ProviderConfig endpoint = new ProviderConfig(Map.of("hetzner.endpoint", "ftp://example.net"), Map.of("HCLOUD_TOKEN", "t"),
                SecretResolver.NONE, Optional.empty());
        assertThatThrownBy(() -> factory.create(endpoint)).isInstanceOfSatisfying(KombifyException.class,
                e -> assertThat(e.getMessage()).contains("hetzner.endpoint", "http or https"));
        ProviderConfig badPort = new ProviderConfig(Map.of("hetzner.endpoint", "http://127.0.0.1:99999/v1"),
                Map.of("HCLOUD_TOKEN", "t"), SecretResolver.NONE, Optional.empty());
        assertThatThrownBy(() -> factory.create(badPort)).as("an endpoint OkHttp cannot call is the endpoint's fault, not the token's")
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("HETZNER_SETTING_INVALID");
                    assertThat(e.getMessage()).contains("hetzner.endpoint", "99999");
                    assertThat(e.diagnostics().get(0).hint()).contains("port");
                });
        ProviderConfig typo = new ProviderConfig(Map.of("hetzner.endpont", "http://127.0.0.1:1/v1", "docker.endpoint", "x"),
                Map.of("HCLOUD_TOKEN", "t"), SecretResolver.NONE, Optional.empty());
        assertThatThrownBy(() -> factory.create(typo)).isInstanceOfSatisfying(KombifyException.class, e -> {
            assertThat(e.code()).isEqualTo("HETZNER_SETTING_UNKNOWN");
            assertThat(e.getMessage()).contains("hetzner.endpont");
            assertThat(e.diagnostics().get(0).hint()).contains("hetzner.endpoint", "hetzner.token");
        });
    }
}
