package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.testing.ProviderContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.github.dockerjava.transport.DockerHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract for {@code local} hosts, adopted through the real Docker Engine; the
 * adoptions are recorded in a temporary state directory.
 */
class LocalProviderContractTest extends ProviderContractTest {

    @TempDir
    Path stateDir;

    private TestEngine engine;

    @Override
    protected Provider provider() {
        engine = TestEngine.start();
        return new LocalProvider(engine.settings(), Optional.of(stateDir));
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    protected List<Resource> sampleResources() {
        return List.of(new Resource(ResourceId.of(ResourceType.HOST, "home"), "local",
                Map.of("role", "main", "host", "192.0.2.10", "port", 22, "user", "admin"), Set.of(), Set.of()));
    }

    @Test
    void adoptingRecordsTheEngineAndForgettingLeavesTheMachineAlone() throws Exception {
        ResourceId id = ResourceId.of(ResourceType.HOST, "home");
        ProviderContext context = new ProviderContext("lab", Map.of(), SecretResolver.NONE);
        List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Engines.Opener recording = endpoint -> Engines.open(engine.settings(), endpoint, http -> new DockerHttpClient() {
            @Override
            public Response execute(Request request) {
                calls.add(request.method() + " " + request.path().replaceFirst("^/v[0-9.]+/", "/").replaceFirst("\\?.*", ""));
                return http.execute(request);
            }

            @Override
            public void close() throws java.io.IOException {
                http.close();
            }
        });
        try (LocalProvider local = new LocalProvider(engine.settings(), recording, Optional.of(stateDir))) {
            ResourceState host = local.create(new CreateRequest(id, Map.of("role", "main"), Set.of(), "adopt-1", context));
            String engineId = engine.client().infoCmd().exec().getId();

            assertThat(host.providerId()).isEqualTo("home@" + engineId);
            assertThat(host.outputs()).containsEntry("engineId", engineId).containsEntry("endpoint",
                    engine.settings().defaultEndpoint()).containsKeys("engineVersion", "cpus", "memory");
            assertThat(new AdoptedHosts(Optional.of(stateDir)).find("adopt-1")).contains("home@" + engineId);

            local.delete(new DeleteRequest(id, host.providerId(), Map.of("role", "main"), "forget-1", context));
            assertThat(new AdoptedHosts(Optional.of(stateDir)).find("adopt-1")).isEmpty();
            assertThat(local.read(new ReadRequest(id, host.providerId(), Map.of("role", "main"), context))).isEmpty();
            assertThat(calls).as("what adopting and forgetting asked of the engine").isNotEmpty()
                    .allMatch(c -> c.equals("GET /_ping") || c.equals("GET /info"), "only GET /_ping and GET /info");

            assertThat(local.read(new ReadRequest(id, "home@another-engine", Map.of("role", "main"), context)))
                    .as("a host whose engine has another id now").isEmpty();
            ResourceState again = local.create(new CreateRequest(id, Map.of("role", "main"), Set.of(), "adopt-2", context));
            assertThat(local.read(new ReadRequest(id, again.providerId(), Map.of("role", "main"), context)))
                    .as("a forgotten host adopted again").isPresent();
        }
    }
}
