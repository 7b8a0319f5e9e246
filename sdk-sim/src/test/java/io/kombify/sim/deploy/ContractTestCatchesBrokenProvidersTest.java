package io.kombify.sim.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.kombify.core.SecretRef;
import io.kombify.deploy.Resource;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.UpdateRequest;
import io.kombify.deploy.testing.ProviderContractTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The provider contract tests fail for providers that break the contract: each flaw below,
 * planted in an otherwise working simulated provider, fails exactly the tests that check that
 * part of the contract, and the honest provider fails none.
 */
class ContractTestCatchesBrokenProvidersTest {

    private static final String ENABLED = "kombify.contract.selftest";

    @Test
    void anHonestProviderPassesEveryContractTest() {
        Map<String, Integer> failed = failedTests(Honest.class);
        assertThat(failed).isEmpty();
    }

    @Test
    void aProviderThatForgetsIdempotencyKeysFailsTheIdempotencyTests() {
        assertThat(failedTests(ForgetsKeys.class).keySet()).contains("createWithASeenKeyReturnsTheSameResource",
                "applyRecoversFromRetryableErrors").doesNotContain("aGoneResourceReadsEmptyAndDeletesQuietly",
                "samplesCoverEveryTypeTheProviderDeclares");
    }

    @Test
    void aProviderThatFailsToDeleteWhatIsGoneFailsTheDeleteTests() {
        assertThat(failedTests(DeleteOfGoneFails.class).keySet()).contains("aGoneResourceReadsEmptyAndDeletesQuietly")
                .doesNotContain("createWithASeenKeyReturnsTheSameResource", "applyingTheSamplesThenPlanningAgainFindsNothingToDo");
    }

    @Test
    void aProviderThatLeaksSecretValuesFailsTheTestsThatLookForThem() {
        Map<String, Integer> failed = failedTests(LeaksSecrets.class);
        assertThat(failed).containsEntry("createReadUpdateDeleteOfEveryType", 1)
                .containsKey("applyingTheSamplesThenPlanningAgainFindsNothingToDo")
                .doesNotContainKeys("createWithASeenKeyReturnsTheSameResource", "aGoneResourceReadsEmptyAndDeletesQuietly");
    }

    @Test
    void aProviderThatReadsBackSomethingElseFailsTheReadAndPlanTests() {
        assertThat(failedTests(ReadsBackOtherAttributes.class).keySet()).contains("createReadUpdateDeleteOfEveryType",
                "applyingTheSamplesThenPlanningAgainFindsNothingToDo");
    }

    @Test
    void aProviderThatLeavesResourcesBehindFailsTheDestroyTest() {
        assertThat(failedTests(KeepsDeletedResources.class).keySet()).contains("destroyLeavesNothingBehind",
                "createReadUpdateDeleteOfEveryType");
    }

    /** Runs a contract test class in a nested engine; the failed tests, by the method that made them, with their counts. */
    private static Map<String, Integer> failedTests(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameter(ENABLED, "true")
                .build();
        Map<String, Integer> failed = new ConcurrentHashMap<>();
        int[] succeeded = {0};
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    succeeded[0]++;
                    return;
                }
                String method = id.getUniqueIdObject().getSegments().stream()
                        .filter(s -> s.getType().equals("method") || s.getType().equals("test-factory"))
                        .map(UniqueId.Segment::getValue).findFirst().orElse(id.getDisplayName());
                // an inherited method's segment reads io.kombify.deploy.testing.ProviderContractTest#name()
                String name = method.substring(method.indexOf('#') + 1);
                failed.merge(name.substring(0, name.indexOf('(')), 1, Integer::sum);
            }
        });
        assertThat(succeeded[0]).as("contract tests of %s that passed", testClass.getSimpleName()).isPositive();
        return new TreeMap<>(failed);
    }

    /** Runs the fixtures only inside the nested engine. */
    static final class OnlyInNestedRun implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED).isPresent()
                    ? ConditionEvaluationResult.enabled("nested run")
                    : ConditionEvaluationResult.disabled("runs only inside ContractTestCatchesBrokenProvidersTest");
        }
    }

    /** What is wrong with a provider. */
    enum Flaw { NONE, FORGETS_KEYS, DELETE_OF_GONE_FAILS, LEAKS_SECRETS, READS_BACK_OTHER_ATTRIBUTES, KEEPS_DELETED }

    /** The simulated provider with one flaw planted. */
    static final class Flawed implements Provider {
        private final SimulatedProvider sim = SimulatedProvider.inMemory();
        private final Flaw flaw;

        Flawed(Flaw flaw) {
            this.flaw = flaw;
        }

        @Override
        public ProviderDescriptor descriptor() {
            return sim.descriptor();
        }

        @Override
        public Optional<ResourceState> read(ReadRequest request) {
            Optional<ResourceState> state = sim.read(request);
            if (flaw == Flaw.READS_BACK_OTHER_ATTRIBUTES) {
                return state.map(s -> {
                    Map<String, Object> attributes = new HashMap<>(s.attributes());
                    attributes.put("name", "renamed-by-someone");
                    return new ResourceState(s.providerId(), attributes, s.outputs());
                });
            }
            return state;
        }

        @Override
        public ResourceState create(CreateRequest request) {
            if (flaw == Flaw.FORGETS_KEYS) {
                return sim.create(new CreateRequest(request.id(), request.attributes(), request.sensitive(),
                        UUID.randomUUID().toString(), request.context()));
            }
            ResourceState state = sim.create(request);
            if (flaw == Flaw.LEAKS_SECRETS && !request.sensitive().isEmpty()) {
                Map<String, Object> outputs = new HashMap<>(state.outputs());
                for (String s : new TreeSet<>(request.sensitive())) {
                    if (request.attributes().get(s) instanceof Map<?, ?> refs) {
                        for (Object ref : refs.values()) {
                            outputs.put("debug", new String(request.context().secrets().resolve(SecretRef.parse((String) ref)).reveal()));
                        }
                    }
                }
                return new ResourceState(state.providerId(), state.attributes(), outputs);
            }
            return state;
        }

        @Override
        public ResourceState update(UpdateRequest request) {
            return sim.update(request);
        }

        @Override
        public void delete(DeleteRequest request) {
            if (flaw == Flaw.KEEPS_DELETED) {
                return;
            }
            if (flaw == Flaw.DELETE_OF_GONE_FAILS && sim.world().resource(request.providerId()).isEmpty()) {
                throw new ProviderException(ErrorKind.NOT_FOUND, request.providerId() + " does not exist");
            }
            sim.delete(request);
        }

        @Override
        public Optional<ResourceState> lookup(LookupRequest request) {
            return sim.lookup(request);
        }

        List<String> inventory(String stack) {
            return sim.world().resources().stream().filter(r -> r.stack().equals(stack)).map(SimulatedResource::providerId).toList();
        }
    }

    /** The contract test of a flawed provider. */
    @ExtendWith(OnlyInNestedRun.class)
    abstract static class FlawedContract extends ProviderContractTest {
        abstract Flaw flaw();

        @Override
        protected Provider provider() {
            return new Flawed(flaw());
        }

        @Override
        protected List<Resource> sampleResources() {
            return SampleResources.all();
        }

        @Override
        protected Optional<Resource> modified(Resource resource) {
            return new SimulatedProviderContractTest().modified(resource);
        }

        @Override
        protected Optional<io.kombify.deploy.testing.ErrorInjector> errorInjector(Provider provider) {
            return new SimulatedProviderContractTest().errorInjector(((Flawed) provider).sim);
        }

        @Override
        protected Optional<java.util.Collection<String>> inventory(Provider provider, String stack) {
            return Optional.of(((Flawed) provider).inventory(stack));
        }
    }

    static class Honest extends FlawedContract {
        @Override
        Flaw flaw() {
            return Flaw.NONE;
        }
    }

    static class ForgetsKeys extends FlawedContract {
        @Override
        Flaw flaw() {
            return Flaw.FORGETS_KEYS;
        }
    }

    static class DeleteOfGoneFails extends FlawedContract {
        @Override
        Flaw flaw() {
            return Flaw.DELETE_OF_GONE_FAILS;
        }
    }

    static class LeaksSecrets extends FlawedContract {
        @Override
        Flaw flaw() {
            return Flaw.LEAKS_SECRETS;
        }
    }

    static class ReadsBackOtherAttributes extends FlawedContract {
        @Override
        Flaw flaw() {
            return Flaw.READS_BACK_OTHER_ATTRIBUTES;
        }
    }

    static class KeepsDeletedResources extends FlawedContract {
        @Override
        Flaw flaw() {
            return Flaw.KEEPS_DELETED;
        }
    }
}
