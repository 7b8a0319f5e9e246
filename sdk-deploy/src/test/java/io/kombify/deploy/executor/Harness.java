package io.kombify.deploy.executor;

import io.kombify.core.KombifyException;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.Plan;
import io.kombify.deploy.Providers;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.State;
import java.util.List;

/** A deployer over fake providers and a recording in-memory store. */
final class Harness {

    final Providers providers;
    final Fixtures.RecordingStore store = new Fixtures.RecordingStore();
    final Fixtures.Events events = new Fixtures.Events();
    final Deployer deployer;

    Harness(Provider... providers) {
        this(SecretResolver.NONE, DeployListener.NONE, providers);
    }

    Harness(SecretResolver secrets, DeployListener extra, Provider... providers) {
        this.providers = Providers.of(List.of(providers));
        this.deployer = Deployer.builder()
                .providers(this.providers)
                .stateStore(store)
                .secrets(secrets)
                .listener(e -> {
                    events.onEvent(e);
                    extra.onEvent(e);
                })
                .owner("tester@lab (pid 1)")
                .build();
    }

    State state() {
        return Fixtures.stateOf(store);
    }

    Plan plan(ResourceGraph graph) {
        return Fixtures.plan(graph, state(), providers);
    }

    ApplyResult apply(ResourceGraph graph, ApplyOptions options) {
        return deployer.apply(plan(graph), options);
    }

    /**
     * Applies the graph the way a user runs {@code kombify apply} after an interruption: when the
     * recovery of the interrupted apply made the plan stale, plans again and applies that.
     */
    ApplyResult applyAfterInterruption(ResourceGraph graph, ApplyOptions options) {
        try {
            return apply(graph, options);
        } catch (KombifyException e) {
            if (!e.code().equals("PLAN_STALE")) {
                throw e;
            }
            return apply(graph, options);
        }
    }

    ApplyResult destroy(ApplyOptions options) {
        return deployer.apply(Fixtures.destroyPlan(state()), options);
    }
}
