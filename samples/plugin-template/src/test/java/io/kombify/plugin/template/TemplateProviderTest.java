package io.kombify.plugin.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user of the template provider sees beyond the shared contract: its settings, paths and secrets. */
class TemplateProviderTest {

    private static final ResourceId ID = ResourceId.of(TemplateProvider.FILE, "f");
    private static final ProviderContext CONTEXT = new ProviderContext("lab", Map.of(),
            ref -> Secret.of(ref, "s3cr3t-" + ref.name()));

    @TempDir
    Path root;

    private Provider provider() {
        return new TemplateProviderFactory().create(new ProviderConfig(Map.of("template.root", root.toString()),
                Map.of(), SecretResolver.NONE, Optional.empty()));
    }

    @Test
    void refusesPathsThatLeaveTheRootAsInvalid() {
        try (Provider p = provider()) {
            for (String path : new String[] {"../outside", "a/../../outside", "/etc/passwd", "", ".kombify-template/keys/x"}) {
                assertThatThrownBy(() -> p.create(new CreateRequest(ID, Map.of("path", path, "content", "x"), Set.of(),
                        "k-" + path.hashCode(), CONTEXT)))
                        .as("create at %s", path)
                        .isInstanceOfSatisfying(ProviderException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                            assertThat(e.retryable()).isFalse();
                        });
            }
            assertThat(root.resolveSibling("outside")).doesNotExist();
        }
    }

    @Test
    void writesTheSecretToTheFileButNeverReturnsIt() throws Exception {
        try (Provider p = provider()) {
            ResourceState made = p.create(new CreateRequest(ID, Map.of("path", "token", "content", "secret://API_TOKEN"),
                    Set.of("content"), "key-1", CONTEXT));
            assertThat(Files.readString(root.resolve("token"))).isEqualTo("s3cr3t-API_TOKEN");
            assertThat(made.attributes()).isEqualTo(Map.of("path", "token"));
            assertThat(made.toString()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void refusesToTakeOverAFileItDidNotMake() throws Exception {
        Files.writeString(root.resolve("mine"), "someone else's");
        try (Provider p = provider()) {
            assertThatThrownBy(() -> p.create(new CreateRequest(ID, Map.of("path", "mine", "content", "x"), Set.of(),
                    "key-2", CONTEXT)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.code()).isEqualTo("TEMPLATE_PATH_TAKEN"));
            assertThat(Files.readString(root.resolve("mine"))).isEqualTo("someone else's");
        }
    }

    @Test
    void withoutARootTheFactorySaysWhichSettingToGive() {
        assertThatThrownBy(() -> new TemplateProviderFactory().create(new ProviderConfig(Map.of(), Map.of(),
                SecretResolver.NONE, Optional.empty())))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("TEMPLATE_ROOT_MISSING");
                    assertThat(e.diagnostics().get(0).hint()).contains("--provider-setting template.root=DIR");
                });
    }
}
