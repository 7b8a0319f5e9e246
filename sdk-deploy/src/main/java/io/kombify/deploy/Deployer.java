package io.kombify.deploy;

import io.kombify.deploy.internal.DeployEngine;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.StateStore;
import java.time.Clock;
import java.util.Objects;

/**
 * Plans, applies, destroys and checks drift for one stack's state. Every mutating operation
 * takes the state's lock (failing at once when another process holds it), first reconciles the
 * steps an interrupted earlier apply left in the journal, and writes the new state atomically.
 * Thread-safe; progress goes to the {@link DeployListener}.
 *
 * <pre>{@code
 * Deployer deployer = Deployer.builder()
 *         .providers(Providers.of(dockerProvider))
 *         .stateStore(new LocalDirectoryStateStore(Path.of(".kombify")))
 *         .listener(event -> progress.update(event))
 *         .build();
 * Plan plan = deployer.plan(ResourceGraph.of(resolved), PlanOptions.DEFAULT);
 * ApplyResult result = deployer.apply(plan, ApplyOptions.defaults());
 * }</pre>
 */
public final class Deployer {

    private final DeployEngine engine;

    private Deployer(Builder b) {
        this.engine = new DeployEngine(b.providers, b.store, b.secrets, b.listener, b.clock, b.owner);
    }

    /** A builder; providers and a state store are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Plans the graph against the state (and, unless refresh is off, the actual infrastructure).
     * Does not lock or change anything.
     *
     * @throws io.kombify.core.KombifyException {@code PROVIDER_MISSING} when a resource names a provider that is
     *                                          not available, {@code RESOURCE_ADDRESS_UNKNOWN} for a target or
     *                                          exclusion that is not in the graph, or a provider's error from refresh
     */
    public Plan plan(ResourceGraph graph, PlanOptions options) {
        return engine.plan(Objects.requireNonNull(graph, "graph"), Objects.requireNonNull(options, "options"));
    }

    /** Plans destroying what the state records (or the targeted part of it). */
    public Plan planDestroy(PlanOptions options) {
        return engine.planDestroy(Objects.requireNonNull(options, "options"));
    }

    /**
     * Applies a plan made earlier, under the lock.
     *
     * @throws io.kombify.core.KombifyException {@code PLAN_STALE} when the state changed since the plan was made,
     *                                          {@code STATE_LOCKED} when another process holds the lock
     */
    public ApplyResult apply(Plan plan, ApplyOptions options) {
        return engine.apply(Objects.requireNonNull(plan, "plan"), Objects.requireNonNull(options, "options"));
    }

    /** Plans and applies in one go, under one lock (the plan cannot go stale in between). */
    public ApplyResult apply(ResourceGraph graph, PlanOptions planOptions, ApplyOptions options) {
        return engine.apply(Objects.requireNonNull(graph, "graph"), Objects.requireNonNull(planOptions, "planOptions"),
                Objects.requireNonNull(options, "options"));
    }

    /** Destroys what the state records (or the targeted part), in reverse dependency order, under one lock. */
    public ApplyResult destroy(PlanOptions planOptions, ApplyOptions options) {
        return engine.destroy(Objects.requireNonNull(planOptions, "planOptions"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Reconciles the steps an interrupted apply or destroy left in the journal, under the lock, and
     * writes the state they lead to; does nothing when the journal is empty. Every apply and destroy
     * does this first; call it before {@link #plan} when the plan is to be shown, confirmed and then
     * applied with {@link #apply(Plan, ApplyOptions)}, so that it starts from the reconciled state
     * instead of going stale when the apply reconciles.
     *
     * @param stack the stack's name, for a state that does not exist yet
     * @return how many interrupted steps were reconciled
     * @throws io.kombify.core.KombifyException {@code STATE_LOCKED} when another process holds the lock,
     *                                          {@code RECOVERY_FAILED} when a provider cannot be asked (the
     *                                          journal is kept)
     */
    public int recover(String stack) {
        return engine.recover(Objects.requireNonNull(stack, "stack"), RetryPolicy.DEFAULT);
    }

    /**
     * A refresh-only plan: reads every recorded resource and reports which differ from the record.
     * Changes nothing.
     */
    public DriftReport drift() {
        return engine.drift();
    }

    /** Builds a {@link Deployer}. */
    public static final class Builder {
        private Providers providers;
        private StateStore store;
        private SecretResolver secrets = SecretResolver.NONE;
        private DeployListener listener = DeployListener.NONE;
        private Clock clock = Clock.systemUTC();
        private String owner = defaultOwner();

        private Builder() {
        }

        /** The providers resources refer to by name. Required. */
        public Builder providers(Providers value) {
            this.providers = Objects.requireNonNull(value, "providers");
            return this;
        }

        /** Where the state, lock and journal live. Required. */
        public Builder stateStore(StateStore value) {
            this.store = Objects.requireNonNull(value, "stateStore");
            return this;
        }

        /** Resolves {@code secret://} references for providers at apply time. */
        public Builder secrets(SecretResolver value) {
            this.secrets = Objects.requireNonNull(value, "secrets");
            return this;
        }

        /** Receives progress events. */
        public Builder listener(DeployListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** The clock for timestamps in state, locks and journal. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Who takes locks, such as {@code alice@nas (pid 4242)}; defaults to the user, host and process. */
        public Builder owner(String value) {
            this.owner = Objects.requireNonNull(value, "owner");
            return this;
        }

        /** The deployer. */
        public Deployer build() {
            if (providers == null) {
                throw new IllegalStateException("providers are required");
            }
            if (store == null) {
                throw new IllegalStateException("a state store is required");
            }
            return new Deployer(this);
        }

        private static String defaultOwner() {
            String user = System.getProperty("user.name", "unknown");
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).strip();
                } catch (java.io.IOException | RuntimeException e) {
                    host = "localhost";
                }
            }
            return user + "@" + host + " (pid " + ProcessHandle.current().pid() + ")";
        }
    }
}
