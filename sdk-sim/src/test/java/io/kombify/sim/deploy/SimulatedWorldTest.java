package io.kombify.sim.deploy;

import static io.kombify.sim.deploy.SampleResources.BRIDGE;
import static io.kombify.sim.deploy.SampleResources.NAS;
import static io.kombify.sim.deploy.SampleResources.VOLUME;
import static io.kombify.sim.deploy.SampleResources.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Resource;
import io.kombify.deploy.spi.ResourceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedWorldTest {

    @TempDir
    Path dir;

    @Test
    void aSecondProviderSeesTheWorldTheFirstSaved() {
        SimulatedProvider first = SimulatedProvider.builder().world(SimulatedWorld.load(dir)).build();
        DirectCalls a = new DirectCalls(first, "lab");
        a.createAll(NAS, BRIDGE, VOLUME);
        ResourceState web = a.create(WEB);
        Resource before = DirectCalls.sample(WEB);
        a.update(before, DirectCalls.with(before, "restartPolicy", "unless-stopped"), web.providerId());
        a.delete(VOLUME, "sim-volume-1");

        SimulatedProvider second = SimulatedProvider.builder().world(SimulatedWorld.load(dir)).build();
        DirectCalls b = new DirectCalls(second, "lab");
        assertThat(second.world().resources()).isEqualTo(first.world().resources());
        assertThat(DirectCalls.providerIds(second.world()))
                .containsExactly("sim-host-1", "sim-container-network-1", "sim-container-1");
        assertThat(b.read(WEB, web.providerId()).orElseThrow().attributes()).containsEntry("restartPolicy", "unless-stopped");
        assertThat(b.read(WEB, web.providerId()).orElseThrow().outputs()).isEqualTo(web.outputs());
        assertThat(b.create(NAS).providerId()).as("a create with a key the first provider saw").isEqualTo("sim-host-1");
        assertThat(b.lookup(BRIDGE, "key-" + BRIDGE)).map(ResourceState::providerId).contains("sim-container-network-1");
        assertThat(b.create(VOLUME).providerId()).as("counters go on where the first provider left them").isEqualTo("sim-volume-2");
        assertThat(second.world().resources("lab", WEB)).singleElement()
                .satisfies(r -> assertThat(r.idempotencyKey()).contains("key-" + WEB));
    }

    @Test
    void savesByReplacingTheFileWholeAndLeavesNoTemporaryFiles() throws IOException {
        SimulatedProvider sim = SimulatedProvider.builder().world(SimulatedWorld.load(dir)).build();
        new DirectCalls(sim, "lab").createAll(NAS, BRIDGE);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(SimulatedWorld.FILE_NAME);
        }
        String json = Files.readString(dir.resolve(SimulatedWorld.FILE_NAME));
        assertThat(json).startsWith("{").contains("\"format\" : \"kombify-simulated-world/1\"")
                .contains("\"kombify.io/resource\" : \"container_network.nas\"").endsWith("}\n");
        assertThat(json).isEqualTo(sim.world().toJson());
        assertThat(sim.world().file()).contains(dir.toAbsolutePath().resolve(SimulatedWorld.FILE_NAME));
        assertThat(SimulatedWorld.inMemory().file()).isEmpty();
    }

    @Test
    void aWorldThatCannotBeReadIsReportedWithItsFile() throws IOException {
        Files.writeString(dir.resolve(SimulatedWorld.FILE_NAME), "{\"format\": \"kombify-simulated-world/1\", \"resources\": [{");
        assertThatThrownBy(() -> SimulatedWorld.load(dir))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.code()).isEqualTo("SIMULATED_WORLD_CORRUPT"))
                .hasMessageStartingWith("the simulated world in " + dir.toAbsolutePath().resolve(SimulatedWorld.FILE_NAME)
                        + " cannot be read (")
                .hasMessageEndingWith("); delete the file to start again with an empty world");
        Files.writeString(dir.resolve(SimulatedWorld.FILE_NAME), "{\"format\": \"something-else/2\", \"resources\": []}");
        assertThatThrownBy(() -> SimulatedWorld.load(dir)).hasMessageContaining("its format is something-else/2");
    }

    @Test
    void temporaryFilesOfAProcessKilledWhileSavingAreRemoved() throws IOException {
        Path leftover = dir.resolve(SimulatedWorld.FILE_NAME + ".tmp-" + Long.MAX_VALUE + "-1");
        Path ours = dir.resolve(SimulatedWorld.FILE_NAME + ".tmp-" + ProcessHandle.current().pid() + "-1");
        Files.writeString(leftover, "{");
        Files.writeString(ours, "{");
        assertThat(SimulatedWorld.load(dir).size()).isZero();
        assertThat(leftover).doesNotExist();
        assertThat(ours).as("a running process may still be saving").exists();
    }

    @Test
    void aMissingDirectoryIsAnEmptyWorldCreatedOnlyByTheFirstSave() {
        SimulatedWorld world = SimulatedWorld.load(dir.resolve("not-yet"));
        assertThat(world.size()).isZero();
        assertThat(dir.resolve("not-yet")).as("reading a world leaves nothing behind").doesNotExist();

        SimulatedProvider provider = SimulatedProvider.builder().world(world).build();
        new DirectCalls(provider, "lab").createAll(NAS);

        assertThat(dir.resolve("not-yet").resolve(SimulatedWorld.FILE_NAME)).isRegularFile();
    }

    @Test
    void driftChangesTheWorldBehindTheEnginesBackAndIsSaved() {
        SimulatedProvider sim = SimulatedProvider.builder().world(SimulatedWorld.load(dir)).build();
        DirectCalls calls = new DirectCalls(sim, "lab");
        calls.createAll(NAS, BRIDGE, VOLUME, WEB);

        Map<String, Object> changes = new HashMap<>();
        changes.put("image", "nginx:latest");
        changes.put("memoryLimit", null);
        SimulatedResource changed = sim.world().changeBehindOurBack("sim-container-1", changes);
        assertThat(changed.attributes()).containsEntry("image", "nginx:latest").doesNotContainKey("memoryLimit");
        assertThat(sim.world().deleteBehindOurBack("sim-volume-1")).isTrue();
        assertThat(sim.world().deleteBehindOurBack("sim-volume-1")).isFalse();
        assertThatThrownBy(() -> sim.world().changeBehindOurBack("sim-volume-1", Map.of("x", 1)))
                .isInstanceOf(NoSuchElementException.class).hasMessage("the simulated world holds no resource sim-volume-1");

        DirectCalls reloaded = new DirectCalls(SimulatedProvider.builder().world(SimulatedWorld.load(dir)).build(), "lab");
        assertThat(reloaded.read(VOLUME, "sim-volume-1")).isEmpty();
        assertThat(reloaded.read(WEB, "sim-container-1").orElseThrow().attributes())
                .containsEntry("image", "nginx:latest").doesNotContainKey("memoryLimit");
        assertThat(sim.world().byAddress("lab").keySet()).as("by address, in order").containsExactly(WEB, BRIDGE, NAS);
        assertThat(sim.world().byAddress("lab").values()).allSatisfy(l -> assertThat(l).hasSize(1));
        assertThat(sim.world().byAddress("other")).isEmpty();
        assertThat(List.of(sim.world().resources().get(0).stack())).containsExactly("lab");
    }
}
