package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.SecretResolver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which engine each node uses, and what a wrong setting says. */
class DockerSettingsTest {

    private static DockerSettings settings(Map<String, String> settings, Map<String, String> environment) {
        return DockerSettings.from(new ProviderConfig(settings, environment, SecretResolver.NONE, Optional.empty()));
    }

    @Test
    void aNodesOwnSettingWinsThenTheProviderSettingThenDockerHostThenTheLocalSocket() {
        Map<String, String> env = Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375");
        DockerSettings s = settings(Map.of("docker.endpoint.nas", "unix:///run/nas.sock", "docker.endpoint", "unix:///run/all.sock"), env);
        assertThat(s.endpointFor("nas")).isEqualTo("unix:///run/nas.sock");
        assertThat(s.endpointFor("pi")).isEqualTo("unix:///run/all.sock");
        assertThat(s.endpointFor(null)).isEqualTo("unix:///run/all.sock");
        assertThat(s.endpoints()).containsExactly("unix:///run/all.sock", "unix:///run/nas.sock");

        assertThat(settings(Map.of(), env).endpointFor("pi")).isEqualTo("tcp://127.0.0.1:2375");
        assertThat(settings(Map.of(), env).defaultSource()).isEqualTo("DOCKER_HOST");
        assertThat(settings(Map.of(), Map.of()).endpointFor("pi")).isEqualTo("unix:///var/run/docker.sock");
        assertThat(settings(Map.of("hetzner.token", "x"), Map.of()).pullPolicy()).isEqualTo(PullPolicy.NEVER);
    }

    @Test
    void settingsMayBeSecretReferencesButNotEndpointsWhichMessagesAndTheStateShow() {
        DockerSettings s = DockerSettings.from(new ProviderConfig(Map.of("docker.stopTimeout", "secret://stop"), Map.of(),
                ref -> Secret.of(ref, "7"), Optional.empty()));
        assertThat(s.stopTimeout()).isEqualTo(7);

        for (String key : new String[] {"docker.endpoint", "docker.endpoint.nas"}) {
            KombifyException e = catchThrowableOfType(KombifyException.class, () -> DockerSettings.from(new ProviderConfig(
                    Map.of(key, "secret://engine"), Map.of(), ref -> Secret.of(ref, "tcp://127.0.0.1:2376"), Optional.empty())));
            assertThat(e.code()).as(key).isEqualTo("DOCKER_SETTING_INVALID");
            assertThat(e.getMessage()).contains(key + " is a secret:// reference").doesNotContain("127.0.0.1:2376");
        }
    }

    @Test
    void anEndpointThatIsNotASocketOrTcpAddressIsRefusedWithAnExample() {
        for (String bad : new String[] {"/var/run/docker.sock", "http://host:2375", "tcp://host", "unix://", "ssh://me@host"}) {
            KombifyException e = catchThrowableOfType(KombifyException.class,
                    () -> settings(Map.of("docker.endpoint.nas", bad), Map.of()));
            assertThat(e.code()).as(bad).isEqualTo("DOCKER_ENDPOINT_INVALID");
            assertThat(e.getMessage()).contains("docker.endpoint.nas is '" + bad + "'").contains("unix:///var/run/docker.sock");
            assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.path()).isEqualTo("docker.endpoint.nas"));
        }
        KombifyException env = catchThrowableOfType(KombifyException.class,
                () -> settings(Map.of(), Map.of("DOCKER_HOST", "host:2375")));
        assertThat(env.getMessage()).contains("DOCKER_HOST is 'host:2375'");
    }

    @Test
    void unknownAndInvalidSettingsSayWhatIsAccepted() {
        KombifyException typo = catchThrowableOfType(KombifyException.class,
                () -> settings(Map.of("docker.endpont", "unix:///x"), Map.of()));
        assertThat(typo.code()).isEqualTo("DOCKER_SETTING_UNKNOWN");
        assertThat(typo.getMessage()).contains("docker.endpont").contains("docker.endpoint, docker.endpoint.NODE, docker.pullPolicy");

        KombifyException pull = catchThrowableOfType(KombifyException.class,
                () -> settings(Map.of("docker.pullPolicy", "sometimes"), Map.of()));
        assertThat(pull.code()).isEqualTo("DOCKER_SETTING_INVALID");
        assertThat(pull.getMessage()).contains("never").contains("missing").contains("always");
        assertThat(settings(Map.of("docker.pullPolicy", "Always"), Map.of()).pullPolicy()).isEqualTo(PullPolicy.ALWAYS);

        assertThat(catchThrowableOfType(KombifyException.class, () -> settings(Map.of("docker.stopTimeout", "-1"), Map.of()))
                .code()).isEqualTo("DOCKER_SETTING_INVALID");
        assertThat(settings(Map.of("docker.stopTimeout", "0"), Map.of()).stopTimeout()).isZero();

        assertThat(settings(Map.of(), Map.of()).healthTimeout()).isEqualTo(60);
        assertThat(settings(Map.of("docker.healthTimeout", "5"), Map.of()).healthTimeout()).isEqualTo(5);
        assertThat(catchThrowableOfType(KombifyException.class, () -> settings(Map.of("docker.healthTimeout", "soon"), Map.of()))
                .getMessage()).contains("docker.healthTimeout").contains("seconds");
    }

    @Test
    void tlsFollowsTheDockerCommandsEnvironment() {
        assertThat(settings(Map.of(), Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/certs")).certPath())
                .contains(Path.of("/certs"));
        assertThat(settings(Map.of(), Map.of("DOCKER_TLS_VERIFY", "0")).certPath()).isEmpty();
        assertThat(catchThrowableOfType(KombifyException.class, () -> settings(Map.of(), Map.of("DOCKER_TLS_VERIFY", "1")))
                .getMessage()).contains("DOCKER_CERT_PATH");
    }

    @Test
    void aCallWaitsForAnAnswerTwoMinutesBeyondTheTimeAContainerIsGivenToStop() {
        assertThat(Engines.responseTimeout(settings(Map.of(), Map.of()))).isEqualTo(java.time.Duration.ofSeconds(130));
        assertThat(Engines.responseTimeout(settings(Map.of("docker.stopTimeout", "600"), Map.of())))
                .isEqualTo(java.time.Duration.ofMinutes(12));
    }

    @Test
    void aNodeSettingThatLooksLikeAMisspellingOfANodesNameIsFoundButNumberedNodesAreNot() {
        DockerSettings s = settings(Map.of("docker.endpoint.hmoe", "tcp://127.0.0.1:2375", "docker.endpoint.pi1",
                "tcp://127.0.0.1:2376", "docker.endpoint.Nas1", "tcp://127.0.0.1:2377"), Map.of());

        assertThat(s.lookalikeOf("home")).contains("docker.endpoint.hmoe");
        assertThat(s.lookalikeOf("nas")).contains("docker.endpoint.Nas1");
        assertThat(s.lookalikeOf("pi2")).isEmpty();
        assertThat(s.lookalikeOf("pi1")).as("a node with its own setting").isEmpty();
        assertThat(s.lookalikeOf("cloud")).isEmpty();
        assertThat(s.lookalikeOf(null)).isEmpty();
    }
}
