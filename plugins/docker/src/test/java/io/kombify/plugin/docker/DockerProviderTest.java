package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.kombify.core.Secret;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.spi.UpdateRequest;
import io.kombify.sim.docker.BusyboxImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user of the Docker provider notices, against the real engine: errors, secrets, drift, updates. */
class DockerProviderTest {

    private static final String SECRET_VALUE = "s3cr3t-" + UUID.randomUUID();

    private final String stack = TestEngine.newStack();
    private TestEngine engine;
    private DockerProvider provider;

    @BeforeEach
    void start() {
        engine = TestEngine.start();
        provider = provider(Map.of());
    }

    @AfterEach
    void cleanUp() {
        if (provider != null) {
            provider.close();
        }
        if (engine != null) {
            engine.removeStack(stack);
            engine.close();
        }
    }

    private DockerProvider provider(Map<String, String> settings) {
        Map<String, String> all = new TreeMap<>(settings);
        all.putIfAbsent(DockerSettings.STOP_TIMEOUT, "2");
        return new DockerProvider(DockerSettings.from(new ProviderConfig(all, System.getenv(), SecretResolver.NONE,
                Optional.empty())));
    }

    private ProviderContext context(ResourceId id, String key) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(ProviderContext.LABEL_STACK, stack);
        labels.put(ProviderContext.LABEL_RESOURCE, id.toString());
        labels.put(ProviderContext.LABEL_IDEMPOTENCY_KEY, key);
        return new ProviderContext(stack, labels, ref -> Secret.of(ref, SECRET_VALUE));
    }

    private ResourceState create(DockerProvider p, ResourceType type, String name, Map<String, Object> attributes, String key) {
        ResourceId id = ResourceId.of(type, name);
        Set<String> sensitive = attributes.containsKey("secretEnvironment") ? Set.of("secretEnvironment") : Set.of();
        return p.create(new CreateRequest(id, attributes, sensitive, key, context(id, key)));
    }

    private ResourceState create(ResourceType type, String name, Map<String, Object> attributes) {
        return create(provider, type, name, attributes, UUID.randomUUID().toString());
    }

    private Optional<ResourceState> read(String name, ResourceState made, Map<String, Object> recorded) {
        ResourceId id = ResourceId.of(ResourceType.CONTAINER, name);
        return provider.read(new ReadRequest(id, made.providerId(), recorded, context(id, "")));
    }

    private Map<String, Object> container(String name) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("image", TestEngine.IMAGE);
        a.put("node", "home");
        a.put("network", stack);
        a.put("command", TestEngine.SLEEP);
        a.put("restartPolicy", "unless-stopped");
        return a;
    }

    private void network() {
        create(ResourceType.CONTAINER_NETWORK, "home", Map.of("name", stack, "node", "home", "driver", "bridge"));
    }

    private InspectContainerResponse inspect(ResourceState state) {
        return engine.client().inspectContainerCmd(state.providerId()).exec();
    }

    @Test
    void aMissingImageIsNamedWithTheNodeAndHowToGetItThereAndNothingIsCreated() {
        network();
        Map<String, Object> app = container("app");
        app.put("image", "kombify-test/missing:1");

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(ResourceType.CONTAINER, "app", app));

        assertThat(e.code()).isEqualTo("DOCKER_IMAGE_MISSING");
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
        assertThat(e.getMessage()).contains("image kombify-test/missing:1 of container.app is not on node home ("
                        + engine.settings().defaultEndpoint() + ")")
                .contains("docker load -i FILE").contains("docker build -t kombify-test/missing:1")
                .contains("--provider-setting docker.pullPolicy=missing");
        assertThat(engine.containers(stack)).as("containers of the stack after the failed create").isEmpty();
    }

    @Test
    void withPullsAllowedAnImageThatCannotBePulledSaysWhy() {
        network();
        DockerProvider pulling = provider(Map.of(DockerSettings.PULL_POLICY, "missing"));
        Map<String, Object> app = container("app");
        // A registry on a loopback port where nothing listens: the engine tries, and fails at once.
        app.put("image", "127.0.0.1:1/kombify-test/absent:1");
        try {
            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> create(pulling, ResourceType.CONTAINER, "app", app, "k1"));
            assertThat(e.code()).isEqualTo("DOCKER_IMAGE_PULL_FAILED");
            assertThat(e.getMessage()).contains("pull image 127.0.0.1:1/kombify-test/absent:1 for container.app onto node home");
            assertThat(engine.containers(stack)).isEmpty();
        } finally {
            pulling.close();
        }
    }

    @Test
    void aServiceThatAllowsPullsHasItsImagePulledThoughTheSettingSaysNever() {
        network();
        Map<String, Object> app = container("app");
        // A registry on a loopback port where nothing listens: the engine tries, and fails at once.
        app.put("image", "127.0.0.1:1/kombify/none:1");
        app.put("pullPolicy", "missing");

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(ResourceType.CONTAINER, "app", app));

        assertThat(e.code()).as(e.getMessage()).isEqualTo("DOCKER_IMAGE_PULL_FAILED");
        assertThat(e.getMessage()).contains("could not pull image 127.0.0.1:1/kombify/none:1 for container.app onto node home")
                .contains("127.0.0.1:1").contains("connection refused")
                .contains("set config.pullPolicy: never on the service");
        assertThat(engine.containers(stack)).as("containers of the stack after the failed pull").isEmpty();
    }

    @Test
    void aServiceThatForbidsPullsIsNotPulledThoughTheSettingAllowsThem() {
        network();
        DockerProvider pulling = provider(Map.of(DockerSettings.PULL_POLICY, "always"));
        Map<String, Object> app = container("app");
        app.put("image", "127.0.0.1:1/kombify/none:1");
        app.put("pullPolicy", "never");
        try {
            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> create(pulling, ResourceType.CONTAINER, "app", app, "k1"));
            assertThat(e.code()).as(e.getMessage()).isEqualTo("DOCKER_IMAGE_MISSING");
            assertThat(e.getMessage()).contains("image 127.0.0.1:1/kombify/none:1 of container.app is not on node home")
                    .contains("config.pullPolicy: missing (its pull policy is never)")
                    .doesNotContain("--provider-setting");
            assertThat(engine.containers(stack)).isEmpty();
        } finally {
            pulling.close();
        }
    }

    @Test
    void aPullPolicyThatIsNoneOfTheThreeIsRefusedBeforeAnythingIsMade() {
        Map<String, Object> app = container("app");
        app.put("pullPolicy", "if-missing");

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(ResourceType.CONTAINER, "app", app));

        assertThat(e.code()).isEqualTo("DOCKER_ATTRIBUTE_INVALID");
        assertThat(e.getMessage()).contains("pullPolicy").contains("'if-missing'").contains("never, missing or always");
        assertThat(engine.containers(stack)).isEmpty();
    }

    @Test
    void changingOnlyThePullPolicyLeavesTheRunningContainerAlone() {
        network();
        Map<String, Object> app = container("app");
        app.put("pullPolicy", "never");
        String key = "pull-" + UUID.randomUUID();
        ResourceState made = create(provider, ResourceType.CONTAINER, "app", app, key);
        String startedAt = inspect(made).getState().getStartedAt();
        ResourceId id = ResourceId.of(ResourceType.CONTAINER, "app");
        Map<String, Object> missing = new LinkedHashMap<>(app);
        missing.put("pullPolicy", "missing");

        ResourceState updated = provider.update(new UpdateRequest(id, made.providerId(), app, missing, Set.of("pullPolicy"),
                Set.of(), "u1", context(id, key)));

        assertThat(updated.providerId()).isEqualTo(made.providerId());
        assertThat(updated.attributes()).containsEntry("pullPolicy", "missing");
        assertThat(read("app", updated, missing).orElseThrow().attributes()).containsEntry("pullPolicy", "missing");
        assertThat(inspect(updated).getState().getRunning()).isTrue();
        assertThat(inspect(updated).getState().getStartedAt()).isEqualTo(startedAt);
        assertThat(provider.descriptor().support(ResourceType.CONTAINER).orElseThrow().updatable("pullPolicy")).isTrue();
    }

    @Test
    void aSecretReachesTheContainerButNoResultOfTheProvider() {
        network();
        Map<String, Object> app = container("app");
        app.put("environment", Map.of("PLAIN", "visible"));
        app.put("secretEnvironment", Map.of("DB_PASSWORD", "secret://db-password"));

        ResourceState made = create(ResourceType.CONTAINER, "app", app);

        assertThat(inspect(made).getConfig().getEnv()).contains("DB_PASSWORD=" + SECRET_VALUE, "PLAIN=visible");
        ResourceState read = read("app", made, app).orElseThrow();
        assertThat(read.attributes().get("environment")).isEqualTo(Map.of("PLAIN", "visible"));
        assertThat(made.toString() + read + provider.lookup(new LookupRequest(ResourceId.of(ResourceType.CONTAINER, "app"),
                inspect(made).getConfig().getLabels().get(ProviderContext.LABEL_IDEMPOTENCY_KEY),
                context(ResourceId.of(ResourceType.CONTAINER, "app"), "")))).doesNotContain(SECRET_VALUE);
        assertThat(read.attributes()).doesNotContainKey("secretEnvironment");
    }

    @Test
    void aVariableGivenBothAPlainAndASecretValueIsRefusedBeforeAnythingIsMade() {
        network();
        Map<String, Object> app = container("app");
        app.put("environment", Map.of("DB_PASSWORD", "plain"));
        app.put("secretEnvironment", Map.of("DB_PASSWORD", "secret://db-password"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(ResourceType.CONTAINER, "app", app));

        assertThat(e.code()).isEqualTo("DOCKER_ATTRIBUTE_INVALID");
        assertThat(e.getMessage()).contains("secretEnvironment.DB_PASSWORD").contains("environment sets too")
                .doesNotContain(SECRET_VALUE);
        assertThat(engine.containers(stack)).isEmpty();
    }

    @Test
    void aLabelUnderKombifysOwnPrefixIsRefusedBeforeAnythingIsMade() {
        network();
        Map<String, Object> app = container("app");
        app.put("labels", Map.of("kombify.io/service", "app", "kombify.io/stack", "someone-else"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(ResourceType.CONTAINER, "app", app));

        assertThat(e.code()).isEqualTo("DOCKER_ATTRIBUTE_INVALID");
        assertThat(e.getMessage()).contains("attribute labels of container.app").contains("'kombify.io/stack'")
                .contains("example.com/stack");
        assertThat(engine.containers(stack)).isEmpty();
    }

    @Test
    void aSecretVariableListedAmongThePlainOnesOfAnOlderContainerIsNeverReadBack() {
        ResourceId id = ResourceId.of(ResourceType.CONTAINER, "app");
        String made = engine.client().createContainerCmd(TestEngine.IMAGE).withName(stack + "-app")
                .withEnv("DB_PASSWORD=plain", "DB_PASSWORD=" + SECRET_VALUE)
                .withLabels(Map.of(ProviderContext.LABEL_STACK, stack, ProviderContext.LABEL_RESOURCE, id.toString(),
                        Labels.ENVIRONMENT_KEYS, "DB_PASSWORD"))
                .exec().getId();
        Map<String, Object> recorded = container("app");
        recorded.put("environment", Map.of("DB_PASSWORD", "plain"));
        recorded.put("secretEnvironment", Map.of("DB_PASSWORD", "secret://db-password"));

        ResourceState read = provider.read(new ReadRequest(id, made, recorded, context(id, ""))).orElseThrow();

        assertThat(read.attributes().get("environment")).isEqualTo(Map.of());
        assertThat(read.toString()).doesNotContain(SECRET_VALUE);
    }

    @Test
    void aSecretWithoutAValueFailsTheCreateNamingTheReferenceOnly() {
        network();
        Map<String, Object> app = container("app");
        app.put("secretEnvironment", Map.of("DB_PASSWORD", "secret://db-password"));
        ResourceId id = ResourceId.of(ResourceType.CONTAINER, "app");
        ProviderContext none = new ProviderContext(stack, Map.of(), SecretResolver.NONE);

        assertThatThrownBy(() -> provider.create(new CreateRequest(id, app, Set.of("secretEnvironment"), "k", none)))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("secretEnvironment.DB_PASSWORD refers to secret://db-password, which has no value")
                .extracting(t -> ((ProviderException) t).code()).isEqualTo("SECRET_UNRESOLVED");
        assertThat(engine.containers(stack)).isEmpty();
    }

    @Test
    void whatWasAskedForReadsBackInTheSameSpelling(@TempDir Path config) {
        network();
        int port = freePort();
        Map<String, Object> app = container("app");
        app.put("mounts", List.of(Map.of("type", "bind", "source", config.toString(), "target", "/config", "readOnly", true),
                Map.of("type", "tmpfs", "target", "/run", "readOnly", false)));
        app.put("command", "sh -c 'trap \"exit 0\" TERM; sleep 3600 & wait'");
        app.put("ports", List.of(Map.of("container", 9000, "protocol", "udp"),
                Map.of("container", 80, "protocol", "tcp", "host", port)));
        app.put("security", Map.of("noNewPrivileges", true, "readOnlyRootfs", false, "dropCapabilities", List.of("net_raw", "CAP_CHOWN")));
        app.put("memoryLimit", "1024Mi");
        app.put("cpuLimit", 1.25);
        app.put("labels", Map.of("tier", "web"));

        ResourceState made = create(ResourceType.CONTAINER, "app", app);

        InspectContainerResponse r = inspect(made);
        assertThat(r.getName()).isEqualTo("/" + stack + "-app");
        assertThat(r.getState().getRunning()).isTrue();
        assertThat(r.getHostConfig().getNanoCPUs()).isEqualTo(1_250_000_000L);
        assertThat(r.getHostConfig().getMemory()).isEqualTo(1024L * 1024 * 1024);
        assertThat(Arrays.asList(r.getConfig().getCmd())).containsExactly("sh", "-c", "trap \"exit 0\" TERM; sleep 3600 & wait");
        assertThat(r.getNetworkSettings().getNetworks().get(stack + "-home").getAliases()).contains("app");
        Map<String, Object> normal = io.kombify.deploy.Attributes.normalize(app);
        assertThat(r.getHostConfig().getMounts()).extracting(m -> m.getSource()).containsExactly(config.toString(), null);
        for (String key : List.of("command", "ports", "security", "memoryLimit", "cpuLimit", "labels", "network", "restartPolicy",
                "mounts")) {
            assertThat(made.attributes().get(key)).as(key).isEqualTo(normal.get(key));
        }
        assertThat(made.outputs()).containsEntry("containerName", stack + "-app").containsKey("ipAddress");
    }

    @Test
    void changesMadeBehindKombifysBackShowWhenRead() {
        network();
        Map<String, Object> app = container("app");
        app.put("cpuLimit", 0.5);
        ResourceState made = create(ResourceType.CONTAINER, "app", app);

        engine.client().updateContainerCmd(made.providerId()).withNanoCPUs(1_000_000_000L).exec();
        assertThat(read("app", made, app).orElseThrow().attributes()).containsEntry("cpuLimit", 1L);

        engine.client().removeContainerCmd(made.providerId()).withForce(true).exec();
        assertThat(read("app", made, app)).as("read of a container removed behind kombify's back").isEmpty();
    }

    @Test
    void limitsChangeInPlaceAndLiftingOneRecreatesTheContainerUnderTheSameKey() {
        network();
        Map<String, Object> app = container("app");
        app.put("cpuLimit", 0.5);
        app.put("memoryLimit", "64Mi");
        String key = "limits-" + UUID.randomUUID();
        ResourceState made = create(provider, ResourceType.CONTAINER, "app", app, key);
        ResourceId id = ResourceId.of(ResourceType.CONTAINER, "app");

        Map<String, Object> raised = new LinkedHashMap<>(app);
        raised.put("memoryLimit", "128Mi");
        ResourceState updated = provider.update(new UpdateRequest(id, made.providerId(), app, raised, Set.of("memoryLimit"),
                Set.of(), "u1", context(id, key)));
        assertThat(updated.providerId()).isEqualTo(made.providerId());
        assertThat(inspect(updated).getHostConfig().getMemory()).isEqualTo(128L * 1024 * 1024);

        Map<String, Object> unlimited = new LinkedHashMap<>(raised);
        unlimited.remove("memoryLimit");
        ResourceState lifted = provider.update(new UpdateRequest(id, made.providerId(), raised, unlimited, Set.of("memoryLimit"),
                Set.of(), "u2", context(id, key)));
        assertThat(lifted.providerId()).isNotEqualTo(made.providerId());
        assertThat(inspect(lifted).getHostConfig().getMemory()).isZero();
        assertThat(inspect(lifted).getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(lifted.attributes()).doesNotContainKey("memoryLimit");
        assertThat(engine.containers(stack)).hasSize(1);
        assertThat(provider.lookup(new LookupRequest(id, key, context(id, key)))).map(ResourceState::providerId)
                .contains(lifted.providerId());
    }

    @Test
    void theAnonymousVolumesOfAContainerOutliveItsRecreateAndGoWithItsDelete() {
        network();
        String image = engine.imageWithVolume("/data");
        Map<String, Object> app = container("app");
        app.put("image", image);
        app.put("memoryLimit", "64Mi");
        String key = "volumes-" + UUID.randomUUID();
        ResourceState made = create(provider, ResourceType.CONTAINER, "app", app, key);
        ResourceId id = ResourceId.of(ResourceType.CONTAINER, "app");
        String volume = volumeAt(inspect(made), "/data");

        Map<String, Object> unlimited = new LinkedHashMap<>(app);
        unlimited.remove("memoryLimit");
        ResourceState lifted = provider.update(new UpdateRequest(id, made.providerId(), app, unlimited, Set.of("memoryLimit"),
                Set.of(), "u1", context(id, key)));
        assertThat(lifted.providerId()).as("recreated").isNotEqualTo(made.providerId());
        assertThat(volumeAt(inspect(lifted), "/data")).as("the same data at /data").isEqualTo(volume);
        assertThat(lifted.attributes().get("mounts")).as("nothing the spec did not ask for reads back").isEqualTo(List.of());

        Map<String, Object> limited = new LinkedHashMap<>(unlimited);
        limited.put("cpuLimit", 0.5);
        limited.put("memoryLimit", "64Mi");
        ResourceState raised = provider.update(new UpdateRequest(id, lifted.providerId(), unlimited, limited,
                Set.of("memoryLimit", "cpuLimit"), Set.of(), "u2", context(id, key)));
        Map<String, Object> again = new LinkedHashMap<>(limited);
        again.remove("cpuLimit");
        ResourceState twice = provider.update(new UpdateRequest(id, raised.providerId(), limited, again, Set.of("cpuLimit"),
                Set.of(), "u3", context(id, key)));
        assertThat(volumeAt(inspect(twice), "/data")).as("still the same data after a second recreate").isEqualTo(volume);

        provider.delete(new DeleteRequest(id, twice.providerId(), again, "d1", context(id, key)));
        assertThat(engine.client().listVolumesCmd().exec().getVolumes()).extracting(v -> v.getName())
                .as("removed with the container").doesNotContain(volume);
    }

    private static String volumeAt(InspectContainerResponse r, String path) {
        return r.getMounts().stream().filter(m -> m.getDestination() != null && path.equals(m.getDestination().getPath()))
                .map(InspectContainerResponse.Mount::getName).findFirst().orElseThrow();
    }

    @Test
    void aContainerWithAHealthCheckIsCreatedOnlyOnceHealthyAndItsCheckReadsBackAsWritten() {
        network();
        Map<String, Object> app = container("app");
        app.put("healthcheck", Map.of("test", List.of("true"), "interval", "200ms", "retries", 2));

        ResourceState made = create(ResourceType.CONTAINER, "app", app);

        assertThat(inspect(made).getState().getHealth().getStatus()).isEqualTo("healthy");
        assertThat(inspect(made).getConfig().getHealthcheck().getTest()).containsExactly("CMD", "true");
        Map<String, Object> normal = io.kombify.deploy.Attributes.normalize(app);
        assertThat(made.attributes().get("healthcheck")).isEqualTo(normal.get("healthcheck"));
        assertThat(read("app", made, normal).orElseThrow().attributes().get("healthcheck")).isEqualTo(normal.get("healthcheck"));
    }

    @Test
    void aContainerThatNeverBecomesHealthyFailsItsCreateNamingTheServiceAndWhereToLook() {
        network();
        Map<String, Object> app = container("app");
        app.put("healthcheck", Map.of("test", "false", "interval", "200ms", "retries", 1));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(ResourceType.CONTAINER, "app", app));

        assertThat(e.code()).isEqualTo("DOCKER_UNHEALTHY");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("service app").contains("is unhealthy").contains("docker logs " + stack + "-app")
                .contains(DockerSettings.HEALTH_TIMEOUT);
    }

    @Test
    void aHealthCheckThatIsNotACommandIsRefusedBeforeAnythingIsMade() {
        network();
        Map<String, Object> app = container("app");
        app.put("healthcheck", Map.of("test", "true", "interval", "soon"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(ResourceType.CONTAINER, "app", app));

        assertThat(e.code()).isEqualTo("DOCKER_ATTRIBUTE_INVALID");
        assertThat(e.getMessage()).contains("healthcheck").contains("interval is 'soon'");
        assertThat(engine.containers(stack)).isEmpty();
    }

    @Test
    void aHostPortAlreadyTakenIsReportedAndTheContainerRemoved() {
        network();
        int port = freePort();
        Map<String, Object> first = container("first");
        first.put("ports", List.of(Map.of("container", 80, "protocol", "tcp", "host", port)));
        create(ResourceType.CONTAINER, "first", first);
        Map<String, Object> second = container("second");
        second.put("ports", List.of(Map.of("container", 81, "protocol", "tcp", "host", port)));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(ResourceType.CONTAINER, "second", second));

        assertThat(e.code()).isEqualTo("DOCKER_PORT_IN_USE");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("start container.second on node home").contains(String.valueOf(port));
        assertThat(engine.containers(stack)).hasSize(1);
    }

    @Test
    void aContainerOfTheSameNameThatKombifyDidNotMakeIsAConflictThatSaysWhoseItIs() {
        network();
        Map<Map<String, String>, String> owners = new LinkedHashMap<>();
        owners.put(Map.of(), "kombify did not create it");
        owners.put(Map.of(ProviderContext.LABEL_STACK, stack), "carries the label kombify.io/stack=" + stack
                + " but no kombify.io/resource, so kombify did not create it");
        owners.put(Map.of(ProviderContext.LABEL_STACK, stack, ProviderContext.LABEL_RESOURCE, "container.other"),
                "it belongs to container.other of stack " + stack);
        owners.forEach((labels, owner) -> {
            String foreign = engine.client().createContainerCmd(TestEngine.IMAGE).withName(stack + "-app")
                    .withLabels(labels).exec().getId();
            try {
                ProviderException e = catchThrowableOfType(ProviderException.class,
                        () -> create(ResourceType.CONTAINER, "app", container("app")));

                assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                assertThat(e.code()).isEqualTo("DOCKER_NAME_CONFLICT");
                assertThat(e.getMessage()).contains("a container named " + stack + "-app already exists and ")
                        .contains(owner).doesNotContain("null").contains("docker rm -f " + stack + "-app");
                assertThat(engine.client().inspectContainerCmd(foreign).exec().getId()).as("the other container is untouched")
                        .isEqualTo(foreign);
            } finally {
                engine.client().removeContainerCmd(foreign).withForce(true).exec();
            }
        });
    }

    @Test
    void aLeftoverOfTheSameResourceIsReplacedByANewCreate() {
        network();
        ResourceState first = create(provider, ResourceType.CONTAINER, "app", container("app"), "lost-state-key");

        ResourceState second = create(provider, ResourceType.CONTAINER, "app", container("app"), "new-key");

        assertThat(second.providerId()).isNotEqualTo(first.providerId());
        assertThat(engine.containers(stack)).extracting(c -> c.getId()).containsExactly(second.providerId());
    }

    @Test
    void anEngineThatDoesNotAnswerIsUnavailableAndNamed() {
        DockerProvider far = provider(Map.of("docker.endpoint.far", "unix:///nonexistent/docker.sock",
                "docker.endpoint.near", "tcp://127.0.0.1:1"));
        try {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(far,
                    ResourceType.CONTAINER_NETWORK, "far", Map.of("name", stack, "node", "far"), "k"));
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
            assertThat(e.code()).isEqualTo("DOCKER_UNREACHABLE");
            assertThat(e.getMessage()).contains("cannot reach the Docker Engine of node far (unix:///nonexistent/docker.sock)")
                    .contains("--provider-setting docker.endpoint.far=ENDPOINT");

            ProviderException refused = catchThrowableOfType(ProviderException.class, () -> create(far,
                    ResourceType.VOLUME, "v", Map.of("name", "v", "node", "near"), "k2"));
            assertThat(refused.code()).isEqualTo("DOCKER_UNREACHABLE");
            assertThat(refused.getMessage()).contains("node near (tcp://127.0.0.1:1)").contains("docker.endpoint.near");
        } finally {
            far.close();
        }
    }

    @Test
    void recoveryFindsWhatAnInterruptedCreateMadeThoughAnotherNodesEngineIsDownAndSaysSoWhenNothingIsFound() {
        network();
        ResourceState made = create(provider, ResourceType.CONTAINER, "app", container("app"), "key-of-the-first-try");
        DockerProvider withDeadNode = provider(Map.of("docker.endpoint.far", "tcp://127.0.0.1:1"));
        try {
            ResourceId id = ResourceId.of(ResourceType.CONTAINER, "app");
            Optional<ResourceState> found = withDeadNode.lookup(new LookupRequest(id, "key-of-the-first-try",
                    context(id, "key-of-the-first-try")));
            assertThat(found).map(ResourceState::providerId).contains(made.providerId());

            ResourceId volume = ResourceId.of(ResourceType.VOLUME, "data");
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> withDeadNode.lookup(
                    new LookupRequest(volume, "never-made", context(volume, "never-made"))));
            assertThat(e.code()).isEqualTo("DOCKER_UNREACHABLE");
            assertThat(e.getMessage()).contains("node far (tcp://127.0.0.1:1)");
        } finally {
            withDeadNode.close();
        }
    }

    @Test
    void aNodeWhoseEndpointSettingIsMisspelledIsNotQuietlyPutOnTheDefaultEngine() {
        DockerProvider misspelled = provider(Map.of("docker.endpoint.hmoe", "tcp://127.0.0.1:1"));
        try {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(misspelled,
                    ResourceType.VOLUME, "data", Map.of("name", stack + "-data", "node", "home"), "k"));

            assertThat(e.code()).isEqualTo("DOCKER_SETTING_INVALID");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("node home has no setting docker.endpoint.home")
                    .contains("docker.endpoint.hmoe is set").contains("--provider-setting docker.endpoint.home=ENDPOINT");
            assertThat(engine.client().listVolumesCmd().withFilter("label", List.of(ProviderContext.LABEL_STACK + "=" + stack))
                    .exec().getVolumes()).isNullOrEmpty();
        } finally {
            misspelled.close();
        }
    }

    @Test
    void theBusyboxImageIsBuiltOnceLabelledAndRunsBusyboxApplets() {
        String tag = "kombify-test/busybox-fresh:" + stack;
        try {
            assertThat(BusyboxImage.ensure(engine.client(), tag, BusyboxImage.DEFAULT_BUSYBOX, Map.of("kombify.io/test-image",
                    "true"))).as("built").isTrue();
            assertThat(BusyboxImage.ensure(engine.client(), tag)).as("found, not built again").isFalse();
            assertThat(engine.client().inspectImageCmd(tag).exec().getConfig().getLabels())
                    .containsEntry(BusyboxImage.LABEL, "true").containsEntry("kombify.io/test-image", "true");

            network();
            Map<String, Object> app = container("app");
            app.put("image", tag);
            app.put("healthcheck", Map.of("test", List.of("busybox", "true"), "interval", "1s"));
            ResourceState made = create(ResourceType.CONTAINER, "app", app);
            assertThat(inspect(made).getState().getRunning()).isTrue();
        } finally {
            engine.removeStack(stack);
            engine.client().removeImageCmd(tag).withForce(true).exec();
        }
    }

    @Test
    void aVolumeReplacedBehindKombifysBackByAForeignOneOfTheSameNameIsGoneAndNeverDeleted() {
        ResourceId id = ResourceId.of(ResourceType.VOLUME, "data");
        Map<String, Object> attributes = Map.of("name", "data", "node", "home");
        ResourceState made = create(provider, ResourceType.VOLUME, "data", attributes, "k1");
        engine.client().removeVolumeCmd(made.providerId()).exec();
        engine.client().createVolumeCmd().withName(made.providerId()).withLabels(Map.of("owner", "someone-else")).exec();
        try {
            assertThat(provider.read(new ReadRequest(id, made.providerId(), attributes, context(id, "")))).isEmpty();

            provider.delete(new DeleteRequest(id, made.providerId(), attributes, "d1", context(id, "")));

            assertThat(engine.client().inspectVolumeCmd(made.providerId()).exec().getLabels())
                    .as("the foreign volume is untouched").containsEntry("owner", "someone-else");
        } finally {
            engine.client().removeVolumeCmd(made.providerId()).exec();
        }
    }

    @Test
    void aVolumeOfThisResourceIsTakenOverWithItsDataButOneKombifyDidNotMakeIsRefused() {
        ResourceState first = create(provider, ResourceType.VOLUME, "data", Map.of("name", "data", "node", "home"), "k1");
        ResourceState again = create(provider, ResourceType.VOLUME, "data", Map.of("name", "data", "node", "home"), "k2");
        assertThat(again.providerId()).isEqualTo(first.providerId()).isEqualTo(stack + "-data");
        assertThat(engine.volumes(stack)).containsExactly(stack + "-data");

        engine.client().createVolumeCmd().withName(stack + "-foreign").exec();
        try {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> create(ResourceType.VOLUME, "foreign",
                    Map.of("name", "foreign", "node", "home")));
            assertThat(e.code()).isEqualTo("DOCKER_NAME_CONFLICT");
            assertThat(e.getMessage()).contains("kombify did not create it").contains("docker volume rm " + stack + "-foreign");
        } finally {
            engine.client().removeVolumeCmd(stack + "-foreign").exec();
        }
    }

    @Test
    void aNetworkStillInUseNamesItsContainersAndOneTheEngineCannotReleaseSaysHowToRecover() {
        network();
        ResourceState app = create(ResourceType.CONTAINER, "app", container("app"));
        ResourceId id = ResourceId.of(ResourceType.CONTAINER_NETWORK, "home");
        String networkId = engine.networks(stack).get(0).getId();
        Map<String, Object> recorded = Map.of("name", stack, "node", "home", "driver", "bridge");

        ProviderException inUse = catchThrowableOfType(ProviderException.class,
                () -> provider.delete(new DeleteRequest(id, networkId, recorded, "d1", context(id, ""))));
        assertThat(inUse.code()).isEqualTo("DOCKER_NETWORK_IN_USE");
        assertThat(inUse.retryable()).isTrue();
        assertThat(inUse.getMessage()).contains("containers [" + stack + "-app] still use network " + stack + "-home");

        engine.client().removeContainerCmd(app.providerId()).withForce(true).exec();
        FaultyTransport.Faults faults = new FaultyTransport.Faults();
        faults.answer(r -> r.method().equals("DELETE") && r.path().contains("/networks/"), 403,
                "{\"message\":\"error while removing network: network " + stack + "-home id " + networkId + " has active endpoints\"}");
        DockerSettings settings = engine.settings();
        try (DockerProvider faulty = new DockerProvider(settings, endpoint -> Engines.open(settings, endpoint,
                http -> new FaultyTransport(http, faults)))) {
            ProviderException stuck = catchThrowableOfType(ProviderException.class,
                    () -> faulty.delete(new DeleteRequest(id, networkId, recorded, "d2", context(id, ""))));
            assertThat(stuck.code()).isEqualTo("DOCKER_NETWORK_STUCK");
            assertThat(stuck.retryable()).isFalse();
            assertThat(stuck.getMessage()).contains("no container uses it").contains("restart the Docker daemon");
        }
        provider.delete(new DeleteRequest(id, networkId, recorded, "d3", context(id, "")));
        assertThat(engine.networks(stack)).isEmpty();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
