package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.testing.ErrorInjector;
import io.kombify.deploy.testing.ProviderContractTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The provider contract, against the real Docker Engine: a network, a volume and a container
 * running the local busybox image with a published port, a secret environment variable, a
 * volume and a tmpfs mount, limits and hardening. Each test has a stack of its own, and whatever
 * it leaves labelled with that stack is removed afterwards.
 */
class DockerProviderContractTest extends ProviderContractTest {

    private final String stack = TestEngine.newStack();
    private TestEngine engine;
    private final FaultyTransport.Faults faults = new FaultyTransport.Faults();
    /** Each injection: its kind, how many calls were to fail, and how many had failed before it. */
    private final List<Injection> injections = new ArrayList<>();

    private record Injection(ErrorKind kind, int calls, int failedBefore) {
    }

    @Override
    protected Provider provider() {
        engine = TestEngine.start();
        DockerSettings settings = DockerSettings.from(new ProviderConfig(Map.of(DockerSettings.STOP_TIMEOUT, "2"),
                System.getenv(), SecretResolver.NONE, Optional.empty()));
        return new DockerProvider(settings, endpoint -> Engines.open(settings, endpoint, http -> new FaultyTransport(http, faults)));
    }

    @AfterEach
    void removeWhatTheStackLeft(TestInfo test) {
        // Every injected failure must have happened, or the recoveries proved nothing.
        for (int i = 0; i < injections.size(); i++) {
            Injection in = injections.get(i);
            int failedAfter = i + 1 < injections.size() ? injections.get(i + 1).failedBefore() : faults.failed();
            assertThat(failedAfter - in.failedBefore()).as("calls that failed with %s on purpose", in.kind())
                    .isEqualTo(in.calls());
        }
        if (test.getTestMethod().map(m -> m.getName()).orElse("").equals("applyRecoversFromRetryableErrors")) {
            assertThat(injections).extracting(Injection::kind).as("kinds injected")
                    .containsExactlyInAnyOrderElementsOf(FaultyTransport.KINDS);
        }
        if (engine != null) {
            for (String s : List.of(stack, stack + "-rate-limited", stack + "-unavailable", stack + "-timeout")) {
                engine.removeStack(s);
            }
            engine.close();
        }
    }

    @Override
    protected String stack() {
        return stack;
    }

    @Override
    protected List<Resource> sampleResources() {
        Resource network = new Resource(ResourceId.of(ResourceType.CONTAINER_NETWORK, "home"), "docker",
                Map.of("name", stack, "node", "home", "driver", "bridge"), Set.of(), Set.of());
        Resource volume = new Resource(ResourceId.of(ResourceType.VOLUME, "app-data"), "docker",
                Map.of("name", "app-data", "node", "home", "service", "app", "backup", true), Set.of(), Set.of());
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", "app");
        app.put("image", TestEngine.IMAGE);
        app.put("node", "home");
        app.put("network", stack);
        app.put("ports", List.of(Map.of("container", 8080, "protocol", "tcp", "host", freePort()),
                Map.of("container", 9090, "protocol", "udp")));
        app.put("environment", Map.of("GREETING", "hello", "MODE", "contract"));
        app.put("secretEnvironment", Map.of("API_TOKEN", "secret://api-token"));
        app.put("mounts", List.of(Map.of("type", "volume", "source", "app-data", "target", "/data", "readOnly", false),
                Map.of("type", "tmpfs", "target", "/tmp", "readOnly", false)));
        app.put("labels", Map.of("kombify.io/service", "app", "kombify.io/type", "custom", "tier", "test"));
        app.put("security", Map.of("noNewPrivileges", true, "readOnlyRootfs", true, "dropCapabilities", List.of("NET_RAW", "MKNOD")));
        app.put("restartPolicy", "unless-stopped");
        app.put("cpuLimit", 0.5);
        app.put("memoryLimit", "64Mi");
        app.put("cpuRequest", 0.25);
        app.put("memoryRequest", "32Mi");
        app.put("command", TestEngine.SLEEP);
        app.put("pullPolicy", "never");
        Resource container = new Resource(ResourceId.of(ResourceType.CONTAINER, "app"), "docker", app,
                Set.of("secretEnvironment"), Set.of(network.id(), volume.id()));
        return List.of(network, volume, container);
    }

    /**
     * Containers change their limits and pull policy in place (the default would append to the
     * restart policy); volumes their backup mark.
     */
    @Override
    protected Optional<Resource> modified(Resource resource) {
        Map<String, Object> attributes = new LinkedHashMap<>(resource.attributes());
        if (resource.type().equals(ResourceType.CONTAINER)) {
            attributes.put("cpuLimit", 1.5);
            attributes.put("memoryLimit", "96Mi");
            attributes.put("restartPolicy", "on-failure");
            attributes.put("pullPolicy", "missing");
        } else if (resource.type().equals(ResourceType.VOLUME)) {
            attributes.put("backup", false);
        } else {
            return Optional.empty();
        }
        return Optional.of(new Resource(resource.id(), resource.provider(), attributes, resource.sensitive(),
                resource.dependsOn()));
    }

    @Override
    protected Optional<ErrorInjector> errorInjector(Provider provider) {
        return Optional.of(new ErrorInjector() {
            @Override
            public void failNextCalls(ErrorKind kind, int calls) {
                injections.add(new Injection(kind, calls, faults.failed()));
                faults.failNext(kind, calls);
            }

            @Override
            public Set<ErrorKind> kinds() {
                return FaultyTransport.KINDS;
            }
        });
    }

    @Override
    protected Optional<Collection<String>> inventory(Provider provider, String stack) {
        return Optional.of(new ArrayList<>(engine.inventory(stack)));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
