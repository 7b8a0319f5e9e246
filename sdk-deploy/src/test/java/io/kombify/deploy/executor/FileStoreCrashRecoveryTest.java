package io.kombify.deploy.executor;

import static io.kombify.deploy.executor.Fixtures.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Providers;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.state.LocalDirectoryStateStore;
import io.kombify.deploy.state.ResourceRecord;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash test of {@link CrashRecoveryTest} on the default file store: the journal a crashed
 * apply leaves on disk is read back by a new deployer over a new store instance, as the next
 * {@code kombify apply} process would.
 */
class FileStoreCrashRecoveryTest {

    static IntStream calls() {
        return IntStream.rangeClosed(1, 10);
    }

    private static Deployer deployer(Providers providers, Path dir) {
        return Deployer.builder().providers(providers).stateStore(new LocalDirectoryStateStore(dir))
                .owner("tester@lab (pid 1)").build();
    }

    @ParameterizedTest(name = "crash at call {0}")
    @MethodSource("calls")
    void aNewProcessRecoversFromTheJournalOnDisk(int k, @TempDir Path dir) {
        FakeProvider reference = CrashRecoveryTest.provider();
        Deployer clean = deployer(Providers.of(reference), dir.resolve("reference"));
        clean.apply(CrashRecoveryTest.first(), PlanOptions.DEFAULT, options(1));
        ApplyResult expected = clean.apply(CrashRecoveryTest.second(), PlanOptions.DEFAULT, options(1));

        FakeProvider p = CrashRecoveryTest.provider();
        Providers providers = Providers.of(p);
        Path state = dir.resolve("state");
        deployer(providers, state).apply(CrashRecoveryTest.first(), PlanOptions.DEFAULT, options(1));
        p.crashOnMutatingCall(k, k % 2 == 0);
        ResourceGraph target = CrashRecoveryTest.second();

        assertThatThrownBy(() -> deployer(providers, state).apply(target, PlanOptions.DEFAULT, options(1)))
                .isInstanceOf(FakeProvider.SimulatedCrash.class);
        assertThat(new LocalDirectoryStateStore(state).journal().entries()).as("the journal on disk").isNotEmpty();

        p.crashOnMutatingCall(0, false);
        ApplyResult result = deployer(providers, state).apply(target, PlanOptions.DEFAULT, options(1));

        assertThat(result.status()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(result.recovered()).isPositive();
        assertThat(Fixtures.content(result.state())).isEqualTo(Fixtures.content(expected.state()));
        assertThat(new LocalDirectoryStateStore(state).read().map(Fixtures::content))
                .contains(Fixtures.content(expected.state()));
        assertThat(new LocalDirectoryStateStore(state).journal().entries()).isEmpty();
        assertThat(p.objects()).hasSameSizeAs(result.state().resources());
        for (ResourceRecord r : result.state().resources().values()) {
            assertThat(p.objectsOf(r.id())).singleElement()
                    .satisfies(o -> assertThat(o.providerId()).isEqualTo(r.providerId()));
        }
        assertThat(attributesOf(p)).isEqualTo(attributesOf(reference));
    }

    private static Map<String, Map<String, Object>> attributesOf(FakeProvider p) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        p.objects().values().forEach(o -> out.put(o.id().toString(), o.attributes()));
        return out;
    }
}
