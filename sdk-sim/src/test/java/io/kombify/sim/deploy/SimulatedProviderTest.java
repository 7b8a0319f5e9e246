package io.kombify.sim.deploy;

import static io.kombify.sim.deploy.SampleResources.BRIDGE;
import static io.kombify.sim.deploy.SampleResources.FIREWALL;
import static io.kombify.sim.deploy.SampleResources.NAS;
import static io.kombify.sim.deploy.SampleResources.NETWORK;
import static io.kombify.sim.deploy.SampleResources.SSH_KEY;
import static io.kombify.sim.deploy.SampleResources.SUBNET;
import static io.kombify.sim.deploy.SampleResources.VOLUME;
import static io.kombify.sim.deploy.SampleResources.VPN;
import static io.kombify.sim.deploy.SampleResources.VPS;
import static io.kombify.sim.deploy.SampleResources.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.sim.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedProviderTest {

    private final SimulatedProvider sim = SimulatedProvider.inMemory();
    private final DirectCalls calls = new DirectCalls(sim, "lab");

    @Test
    void standsInForEveryTypeOfTheResourceGraph() {
        assertThat(sim.descriptor().name()).isEqualTo("simulated");
        assertThat(sim.descriptor().types().keySet()).containsExactlyInAnyOrder(ResourceType.MACHINE, ResourceType.HOST,
                ResourceType.SSH_KEY, ResourceType.NETWORK, ResourceType.SUBNET, ResourceType.FIREWALL, ResourceType.VPN_MEMBER,
                ResourceType.CONTAINER_NETWORK, ResourceType.VOLUME, ResourceType.CONTAINER, ResourceType.PROXY_ROUTE,
                ResourceType.DNS_RECORD);
        Providers providers = sim.standIn(List.of("hetzner", "docker", "local"));
        assertThat(providers.names()).containsExactlyInAnyOrder("simulated", "hetzner", "docker", "local");
        assertThat(providers.get("hetzner").orElseThrow().descriptor().name()).isEqualTo("hetzner");
        assertThat(((SimulatedProvider) providers.get("docker").orElseThrow()).world()).isSameAs(sim.world());
    }

    @Test
    void numbersResourcesPerTypeAndGivesAddressesFromDocumentationRanges() {
        calls.createAll(SSH_KEY, NETWORK, SUBNET, NAS);
        ResourceState vps = calls.create(VPS);
        Resource second = new Resource(ResourceId.of(ResourceType.MACHINE, "vps2"), "hetzner",
                Map.of("serverType", "cx22", "subnet", SUBNET.toString()), Set.of());
        ResourceState vps2 = calls.create(second, "key-vps2");

        assertThat(vps.providerId()).isEqualTo("sim-machine-1");
        assertThat(vps2.providerId()).isEqualTo("sim-machine-2");
        assertThat(vps.outputs()).containsEntry("public_ipv4", "203.0.113.1").containsEntry("private_ipv4", "10.0.0.2");
        assertThat(vps2.outputs()).containsEntry("public_ipv4", "203.0.113.2").containsEntry("private_ipv4", "10.0.0.3");
        assertThat(calls.read(NAS, "sim-host-1").orElseThrow().outputs()).containsEntry("private_ipv4", "10.0.1.1");
        assertThat(calls.read(SSH_KEY, "sim-ssh-key-1").orElseThrow().outputs().get("fingerprint").toString())
                .startsWith("SHA256:");
        assertThat(calls.create(VPN).outputs()).containsEntry("vpn_ipv4", "100.64.0.1");
        calls.createAll(BRIDGE, VOLUME);
        assertThat(calls.create(WEB).outputs()).containsEntry("state", "running")
                .hasEntrySatisfying("container_id", id -> assertThat(id.toString()).matches("[0-9a-f]{64}"));

        calls.delete(VPS, "sim-machine-1");
        ResourceState third = calls.create(rename(second, "vps3"), "key-vps3");
        assertThat(third.providerId()).as("numbers are never reused").isEqualTo("sim-machine-3");
        assertThat(third.outputs()).as("the lowest free address is reused").containsEntry("public_ipv4", "203.0.113.1");
    }

    @Test
    void refusesAResourceOnANodeTheWorldDoesNotHold() {
        calls.create(NAS);
        calls.delete(NAS, "sim-host-1");

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> calls.create(BRIDGE));
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).isEqualTo("container_network.nas needs node 'nas', but the simulated world holds no "
                + "machine.nas or host.nas of stack 'lab'; create that first (does container_network.nas depend on it in "
                + "the resource graph?)");

        new DirectCalls(sim, "other-stack").create(NAS);
        assertThatThrownBy(() -> calls.create(BRIDGE)).as("a node of another stack does not count")
                .isInstanceOf(ProviderException.class).hasMessageContaining("holds no machine.nas or host.nas of stack 'lab'");
        assertThatThrownBy(() -> calls.create(SUBNET)).hasMessage("subnet.hetzner needs network 'network.hetzner', but the "
                + "simulated world holds no network.hetzner of stack 'lab'; create that first (does subnet.hetzner depend on it "
                + "in the resource graph?)");
        assertThat(sim.world().resources(("lab"), BRIDGE)).isEmpty();
    }

    @Test
    void refusesASecondResourceWithTheAddressOfOneThatExists() {
        calls.create(NAS);
        assertThat(calls.create(DirectCalls.sample(NAS), "key-" + NAS).providerId())
                .as("the same key returns the same host").isEqualTo("sim-host-1");
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> calls.create(DirectCalls.sample(NAS), "another-key"));
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
        assertThat(e.getMessage()).isEqualTo("host.nas already exists in the simulated world as sim-host-1, made by a "
                + "create with another idempotency key; a second host with the same name is refused");

        calls.createAll(SSH_KEY, NETWORK, SUBNET, VPS, FIREWALL);
        assertThat(calls.create(DirectCalls.sample(FIREWALL), "replacement").providerId())
                .as("a firewall is replaced by creating the new one first").isEqualTo("sim-firewall-2");
        assertThat(sim.world().resources("lab", FIREWALL)).hasSize(2);
    }

    @Test
    void changesInPlaceOnlyWhatTheTypeAllows() {
        calls.createAll(NAS, BRIDGE, VOLUME);
        ResourceState web = calls.create(WEB);
        Resource before = DirectCalls.sample(WEB);

        ResourceState updated = calls.update(before, DirectCalls.with(before, "memoryLimit", "512Mi"), web.providerId());
        assertThat(updated.providerId()).isEqualTo(web.providerId());
        assertThat(calls.read(WEB, web.providerId()).orElseThrow().attributes()).containsEntry("memoryLimit", "512Mi");

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> calls.update(before, DirectCalls.with(before, "image", "nginx:1.29"), web.providerId()));
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
        assertThat(e.getMessage()).isEqualTo("the simulated provider cannot change image of container.web in place; only "
                + "[cpuLimit, cpuRequest, memoryLimit, memoryRequest, pullPolicy, restartPolicy] change in place, anything else "
                + "replaces it");
        assertThat(sim.descriptor().support(ResourceType.CONTAINER).orElseThrow().createBeforeDestroy()).isFalse();

        calls.delete(WEB, web.providerId());
        ProviderException gone = catchThrowableOfType(ProviderException.class,
                () -> calls.update(before, DirectCalls.with(before, "memoryLimit", "1Gi"), web.providerId()));
        assertThat(gone.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void checksSecretReferencesAndNeverKeepsTheirValues() {
        calls.createAll(NAS, BRIDGE, VOLUME);
        ResourceState web = calls.create(WEB);
        assertThat(web.attributes()).doesNotContainKey("secretEnvironment").containsEntry("image", "nginx:1.27");
        assertThat(sim.world().toJson()).doesNotContain(DirectCalls.SECRET_VALUE).doesNotContain("secret://");
        assertThat(sim.world().resource(web.providerId()).orElseThrow().attributes()).doesNotContainKey("secretEnvironment");

        Resource unknown = DirectCalls.with(DirectCalls.sample(WEB), "secretEnvironment",
                Map.of("DB_PASSWORD", "secret://unknown-db-password"));
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> calls.create(rename(unknown, "web2"), "k2"));
        assertThat(e.code()).isEqualTo("SECRET_UNRESOLVED");
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
        assertThat(e.getMessage()).isEqualTo("the attribute secretEnvironment of container.web2 refers to "
                + "secret://unknown-db-password, which has no value; configure a value for it");

        Resource plain = DirectCalls.with(DirectCalls.sample(WEB), "secretEnvironment", Map.of("DB_PASSWORD", "pa55word"));
        ProviderException p = catchThrowableOfType(ProviderException.class, () -> calls.create(rename(plain, "web3"), "k3"));
        assertThat(p.kind()).isEqualTo(ErrorKind.INVALID);
        assertThat(p.getMessage()).doesNotContain("pa55word")
                .isEqualTo("the sensitive attribute secretEnvironment of container.web3 holds a value that is not a "
                        + "secret:// reference (the value is not shown)");

        SimulatedProvider lenient = SimulatedProvider.builder().resolveSecrets(false).build();
        DirectCalls lenientCalls = new DirectCalls(lenient, "lab");
        lenientCalls.createAll(NAS, BRIDGE, VOLUME);
        assertThat(lenientCalls.create(rename(unknown, "web4"), "k4").providerId()).isEqualTo("sim-container-1");
    }

    @Test
    void aRateLimitStrikesTheChosenCallWithItsRetryAfter() {
        sim.inject(Fault.parse("provider-rate-limit:*=30s@call(3)"));
        calls.create(NAS);
        calls.read(NAS, "sim-host-1");
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> calls.read(NAS, "sim-host-1"));
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(e.getMessage()).isEqualTo("the simulated simulated API answered 429 Too Many Requests to the read of "
                + "host.nas (Retry-After 30s, injected by providerRateLimit(*, 30s))");
        assertThat(calls.read(NAS, "sim-host-1")).isPresent();
    }

    @Test
    void serverErrorsStrikeOnlyTheChosenOperationAndChangeNothing() {
        sim.inject(Fault.parse("provider-server-error:*=503@call(create,2)+2"));
        calls.create(SSH_KEY);
        calls.read(SSH_KEY, "sim-ssh-key-1");
        for (int i = 0; i < 2; i++) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> calls.create(NETWORK));
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("answered 503 to the create of network.hetzner");
        }
        assertThat(sim.world().size()).isEqualTo(1);
        assertThat(calls.create(NETWORK).providerId()).isEqualTo("sim-network-1");
        assertThat(sim.steps()).isEqualTo(2);
    }

    @Test
    void aTimedOutCreateTookEffectAndItsRetryReturnsWhatItMade() {
        sim.inject(Fault.parse("provider-timeout:*@call(create,1)"));
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> calls.create(NAS));
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("the simulated simulated API did not answer the create of host.nas in time; "
                + "the change took effect (injected by providerTimeout(*))");
        assertThat(DirectCalls.providerIds(sim.world())).containsExactly("sim-host-1");
        assertThat(calls.lookup(NAS, "key-host.nas")).map(ResourceState::providerId).contains("sim-host-1");
        assertThat(calls.create(NAS).providerId()).isEqualTo("sim-host-1");
        assertThat(sim.world().size()).isEqualTo(1);
    }

    @Test
    void faultsStruckByChanceFollowTheSeed() {
        assertThat(failures(7)).isEqualTo(failures(7)).isNotEqualTo(failures(8));
        long failed = failures(7).stream().filter(b -> b).count();
        assertThat(failed).as("about 30 %% of 200 calls").isBetween(35L, 85L);
    }

    private List<Boolean> failures(long seed) {
        SimulatedProvider p = SimulatedProvider.builder().seed(seed).fault(Fault.parse("provider-server-error:*=500@chance(30%)"))
                .build();
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            try {
                new DirectCalls(p, "lab").read(NAS, "sim-host-1");
                out.add(false);
            } catch (ProviderException e) {
                out.add(true);
            }
        }
        return out;
    }

    @Test
    void aFaultAimedAtAProviderNameStrikesOnlyCallsThroughThatName() {
        Providers providers = sim.standIn(List.of("hetzner", "docker"));
        sim.inject(Fault.parse("provider-timeout:hetzner@call(1)+1000"));
        Provider hetzner = providers.get("hetzner").orElseThrow();
        Provider docker = providers.get("docker").orElseThrow();
        ReadRequest read = new ReadRequest(NAS, "sim-host-1", Map.of(), DirectCalls.context("lab", NAS, ""));
        assertThat(docker.read(read)).isEmpty();
        assertThat(sim.read(read)).isEmpty();
        assertThatThrownBy(() -> hetzner.read(read)).isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("the simulated hetzner API did not answer the read of host.nas in time");
    }

    @Test
    void latencySlowsEveryCall() {
        sim.inject(Fault.parse("latency:60ms"));
        long start = System.nanoTime();
        calls.create(NAS);
        calls.read(NAS, "sim-host-1");
        calls.lookup(NAS, "key-host.nas");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(180));
    }

    @Test
    void aCrashStrikesRightAfterTheStepTookEffectAndEveryCallAfterIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        SimulatedProvider dying = SimulatedProvider.builder().world(SimulatedWorld.load(dir)).fault(Fault.crashAfterStep(3)).build();
        DirectCalls c = new DirectCalls(dying, "lab");
        c.create(NAS);
        c.create(NAS);
        assertThat(dying.steps()).as("an idempotent replay is a step too").isEqualTo(2);
        SimulatedCrash crash = catchThrowableOfType(SimulatedCrash.class, () -> c.create(BRIDGE));
        assertThat(crash).isInstanceOf(Error.class);
        assertThat(crash.step()).isEqualTo(3);
        assertThat(crash.getMessage()).isEqualTo("simulated crash after step 3: the create of container_network.nas took "
                + "effect, and the process died before hearing of it");
        assertThat(dying.crashed()).isTrue();
        assertThatThrownBy(() -> c.read(NAS, "sim-host-1")).isInstanceOf(SimulatedCrash.class)
                .hasMessage("the simulated process died after step 3; make a new provider on the same world to go on");
        assertThatThrownBy(() -> c.create(VOLUME)).isInstanceOf(SimulatedCrash.class);

        SimulatedProvider restarted = SimulatedProvider.builder().world(SimulatedWorld.load(dir)).build();
        DirectCalls after = new DirectCalls(restarted, "lab");
        assertThat(DirectCalls.providerIds(restarted.world())).containsExactly("sim-host-1", "sim-container-network-1");
        assertThat(after.lookup(BRIDGE, "key-" + BRIDGE)).map(ResourceState::providerId).contains("sim-container-network-1");
        assertThat(after.create(VOLUME).providerId()).isEqualTo("sim-volume-1");
    }

    @Test
    void readsAndDeletesOnlyResourcesOfTheirType() {
        calls.create(NAS);
        assertThat(calls.read(ResourceId.of(ResourceType.MACHINE, "nas"), "sim-host-1")).isEmpty();
        assertThatThrownBy(() -> calls.delete(ResourceId.of(ResourceType.MACHINE, "nas"), "sim-host-1"))
                .isInstanceOf(ProviderException.class).hasMessage("sim-host-1 is a host, not the machine machine.nas");
        calls.delete(NAS, "sim-host-1");
        calls.delete(NAS, "sim-host-1");
        assertThat(sim.world().size()).isZero();
    }

    @Test
    void anUnknownTypeIsRefused() {
        ResourceId bucket = ResourceId.of(new ResourceType("bucket"), "b");
        Resource r = new Resource(bucket, "simulated", Map.of(), Set.of());
        assertThatThrownBy(() -> calls.create(r, "k")).isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("the simulated provider does not handle resources of type bucket (bucket.b)");
        assertThat(new ProviderContext("lab", Map.of(), SecretResolver.NONE).stack()).isEqualTo("lab");
    }

    private static Resource rename(Resource r, String name) {
        return new Resource(ResourceId.of(r.type(), name), r.provider(), r.attributes(), r.sensitive(), r.dependsOn());
    }

}
