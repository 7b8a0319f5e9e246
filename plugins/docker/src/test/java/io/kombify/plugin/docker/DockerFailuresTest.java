package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** How failures of the Docker client read to a user, and which of them an apply retries. */
class DockerFailuresTest {

    @Test
    void onlyAFailingConnectionMakesTheEngineUnreachable() {
        ProviderException refused = DockerFailures.of(new RuntimeException(new ConnectException("Connection refused")),
                "create container.web", "node home (tcp://127.0.0.1:1)", "docker.endpoint.home");

        assertThat(refused.code()).isEqualTo("DOCKER_UNREACHABLE");
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.getMessage()).contains("docker.endpoint.home=ENDPOINT");
    }

    @Test
    void aFaultOfTheClientItselfIsNotRetriedAndNamesItsClass() {
        ProviderException bug = DockerFailures.of(new IllegalStateException("Unsupported protocol scheme: npipe"),
                "create container.web", "node home (unix:///var/run/docker.sock)", "docker.endpoint.home");

        assertThat(bug.code()).isEqualTo("DOCKER_CLIENT_ERROR");
        assertThat(bug.kind()).isEqualTo(ErrorKind.FATAL);
        assertThat(bug.retryable()).isFalse();
        assertThat(bug.getMessage()).contains("could not create container.web on node home")
                .contains("IllegalStateException: Unsupported protocol scheme: npipe");
    }
}
