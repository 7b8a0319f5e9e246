package io.kombify.deploy.internal;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.Providers;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.RetryPolicy;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.Journal;
import io.kombify.deploy.state.JournalEntry;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.State;
import io.kombify.deploy.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Folds the journal an interrupted apply left behind into the state, under the caller's lock.
 *
 * <p>Steps that ended ({@code DONE}) are recorded as their entries say (a delete drops the record
 * it was keyed to). A step that began but has no end, or whose create failed (a create that
 * timed out may still have made something), is reconciled by asking its provider: a create is
 * looked up by its idempotency key, an update or delete is read back. A replacement whose new
 * resource exists while the old one is still there keeps the old record: the next apply replaces
 * it again, and its create, carrying the same key, gets back the resource already made. The
 * state is written (serial + 1) when anything changed, and the journal is cleared.
 */
final class JournalRecovery {

    private final Providers providers;
    private final SecretResolver secrets;
    private final DeployListener listener;
    private final Clock clock;

    JournalRecovery(Providers providers, SecretResolver secrets, DeployListener listener, Clock clock) {
        this.providers = providers;
        this.secrets = secrets;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * What recovery left.
     *
     * @param state     the state after recovery, if there is one
     * @param recovered how many interrupted steps were reconciled (0 when the journal was empty)
     */
    record Result(Optional<State> state, int recovered) {
    }

    /** One step of the journal: its entries, in order. */
    private record JournalStep(Action action, ResourceId id, String provider, String key, List<JournalEntry> entries) {
        JournalEntry last() {
            return entries.get(entries.size() - 1);
        }

        JournalEntry.Phase phase() {
            return last().phase();
        }

        /** The record the step meant to write, from its latest entry that carries one. */
        Optional<ResourceRecord> intended() {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (entries.get(i).result().isPresent()) {
                    return entries.get(i).result();
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Reconciles the journal of {@code store}.
     *
     * @param stack the stack's name, for a state that does not exist yet
     * @param retry how provider calls made here are retried
     * @throws KombifyException {@code RECOVERY_FAILED} when a provider cannot be asked (the journal is kept,
     *                          so the next apply tries again), {@code PROVIDER_MISSING} when a journaled
     *                          provider is not available
     */
    Result recover(StateStore store, String stack, RetryPolicy retry) {
        Journal journal = store.journal();
        List<JournalEntry> entries = journal.entries();
        Optional<State> current = store.read();
        if (entries.isEmpty()) {
            return new Result(current, 0);
        }
        Map<String, JournalStep> steps = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            String k = e.action() + " " + e.id() + " " + e.idempotencyKey();
            steps.computeIfAbsent(k, x -> new JournalStep(e.action(), e.id(), e.provider(), e.idempotencyKey(),
                    new ArrayList<>())).entries().add(e);
        }
        emit(new DeployEvent.RecoveryStarted(steps.size()));

        State base = current.orElseGet(() -> State.empty(stack, clock.instant()));
        Map<ResourceId, ResourceRecord> resources = new TreeMap<>(base.resources());
        Map<ResourceId, ResourceRecord> replacements = new LinkedHashMap<>();
        Map<ResourceId, JournalStep> replacementSteps = new LinkedHashMap<>();
        for (JournalStep step : steps.values()) {
            String outcome = switch (step.action()) {
                case CREATE -> recoverCreate(base.stack(), step, resources, replacements, replacementSteps, retry);
                case UPDATE -> recoverUpdate(base.stack(), step, resources, retry);
                case DELETE -> recoverDelete(base.stack(), step, base.lineage(), resources, replacements, retry);
                default -> "nothing to do for a journaled " + step.action().label();
            };
            if (outcome != null) {
                emit(new DeployEvent.StepRecovered(step.id(), step.action(), outcome));
            }
        }
        // replacements made while the old resource was not yet deleted
        for (Map.Entry<ResourceId, ResourceRecord> e : replacements.entrySet()) {
            JournalStep step = replacementSteps.get(e.getKey());
            ResourceRecord old = resources.get(e.getKey());
            Optional<ResourceState> oldState = old == null ? Optional.empty() : read(base.stack(), step, old, retry);
            String outcome;
            if (oldState.isEmpty()) {
                resources.put(e.getKey(), e.getValue());
                outcome = "created " + e.getValue().providerId() + " in place of " + (old == null ? "a resource"
                        : old.providerId()) + ", which is gone; recorded";
            } else {
                outcome = "created " + e.getValue().providerId() + " while " + old.providerId()
                        + " still exists; the old one stays recorded and the next apply completes the replacement";
            }
            emit(new DeployEvent.StepRecovered(step.id(), step.action(), outcome));
        }

        Optional<State> result = current;
        if (!resources.equals(base.resources())) {
            State next = base.next(resources, base.specHash(), clock.instant());
            store.write(next);
            result = Optional.of(next);
        }
        journal.clear();
        return new Result(result, steps.size());
    }

    private String recoverCreate(String stack, JournalStep step, Map<ResourceId, ResourceRecord> resources,
                                 Map<ResourceId, ResourceRecord> replacements,
                                 Map<ResourceId, JournalStep> replacementSteps, RetryPolicy retry) {
        ResourceRecord made;
        String how;
        if (step.phase() == JournalEntry.Phase.DONE && step.last().result().isPresent()) {
            made = step.last().result().get();
            how = "created before the interruption";
        } else {
            Provider provider = provider(step);
            Optional<ResourceState> found = call(step, retry, () -> provider.lookup(
                    new LookupRequest(step.id(), step.key(), context(stack, step, step.key()))));
            if (found.isEmpty()) {
                return step.phase() == JournalEntry.Phase.FAILED ? "failed; nothing was created"
                        : "interrupted before anything was created";
            }
            ResourceState s = found.get();
            made = step.intended()
                    .map(r -> new ResourceRecord(r.id(), r.provider(), s.providerId(), r.attributes(), r.sensitive(),
                            s.outputs(), r.dependsOn(), r.idempotencyKey()))
                    .orElseGet(() -> new ResourceRecord(step.id(), step.provider(), s.providerId(), s.attributes(),
                            java.util.Set.of(), s.outputs(), java.util.Set.of(), step.key()));
            how = "found by its idempotency key";
        }
        ResourceRecord existing = resources.get(step.id());
        if (existing != null && !existing.providerId().equals(made.providerId())) {
            replacements.put(step.id(), made);
            replacementSteps.put(step.id(), step);
            return null;
        }
        resources.put(step.id(), made);
        return how + " as " + made.providerId() + "; recorded";
    }

    private String recoverUpdate(String stack, JournalStep step, Map<ResourceId, ResourceRecord> resources, RetryPolicy retry) {
        if (step.phase() == JournalEntry.Phase.DONE && step.last().result().isPresent()) {
            resources.put(step.id(), step.last().result().get());
            return "updated before the interruption; recorded";
        }
        if (step.phase() == JournalEntry.Phase.FAILED) {
            return "failed; the record is unchanged";
        }
        ResourceRecord recorded = resources.get(step.id());
        if (recorded == null) {
            return "not recorded; nothing to reconcile";
        }
        Optional<ResourceState> actual = read(stack, step, recorded, retry);
        if (actual.isEmpty()) {
            resources.remove(step.id());
            return "gone; dropped from the state, the next apply creates it";
        }
        ResourceState s = actual.get();
        Optional<ResourceRecord> intended = step.intended();
        if (intended.isPresent() && matches(s, intended.get())) {
            ResourceRecord r = intended.get();
            resources.put(step.id(), new ResourceRecord(r.id(), r.provider(), s.providerId(), r.attributes(),
                    r.sensitive(), s.outputs(), r.dependsOn(), r.idempotencyKey()));
            return "the update took effect; recorded";
        }
        return "the update did not take effect; the record is unchanged";
    }

    private String recoverDelete(String stack, JournalStep step, String lineage, Map<ResourceId, ResourceRecord> resources,
                                 Map<ResourceId, ResourceRecord> replacements, RetryPolicy retry) {
        ResourceRecord recorded = resources.get(step.id());
        if (recorded == null || !IdempotencyKeys.delete(lineage, step.id(), recorded.providerId()).equals(step.key())) {
            return "the deleted resource is no longer recorded; nothing to reconcile";
        }
        boolean gone;
        if (step.phase() == JournalEntry.Phase.DONE) {
            gone = true;
        } else if (step.phase() == JournalEntry.Phase.FAILED) {
            return "failed; the resource stays recorded";
        } else {
            gone = read(stack, step, recorded, retry).isEmpty();
        }
        if (!gone) {
            return "still exists; it stays recorded";
        }
        ResourceRecord replacement = replacements.remove(step.id());
        if (replacement != null) {
            resources.put(step.id(), replacement);
            return "deleted " + recorded.providerId() + "; its replacement " + replacement.providerId() + " is recorded";
        }
        resources.remove(step.id());
        return "deleted " + recorded.providerId() + "; dropped from the state";
    }

    /** Whether what the provider reports carries the non-sensitive attributes the step wanted. */
    private static boolean matches(ResourceState actual, ResourceRecord intended) {
        for (Map.Entry<String, Object> e : intended.attributes().entrySet()) {
            if (intended.sensitive().contains(e.getKey())) {
                continue;
            }
            if (!Objects.equals(e.getValue(), actual.attributes().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private Optional<ResourceState> read(String stack, JournalStep step, ResourceRecord record, RetryPolicy retry) {
        Provider provider = providers.get(record.provider())
                .orElseThrow(() -> Executor.missingProvider(record.id(), record.provider(), providers));
        return call(step, retry, () -> provider.read(new ReadRequest(record.id(), record.providerId(),
                record.attributes(), context(stack, step, record.idempotencyKey()))));
    }

    private Provider provider(JournalStep step) {
        return providers.get(step.provider())
                .orElseThrow(() -> Executor.missingProvider(step.id(), step.provider(), providers));
    }

    private ProviderContext context(String stack, JournalStep step, String key) {
        return new ProviderContext(stack, Map.of(ProviderContext.LABEL_STACK, stack,
                ProviderContext.LABEL_RESOURCE, step.id().toString(), ProviderContext.LABEL_IDEMPOTENCY_KEY, key), secrets);
    }

    private <T> T call(JournalStep step, RetryPolicy retry, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = call.get();
                return result == null ? failNull(step) : result;
            } catch (ProviderException e) {
                if (!e.retryable() || attempt >= retry.maxAttempts()) {
                    throw new KombifyException("RECOVERY_FAILED", "could not reconcile the interrupted "
                            + step.action().label() + " of " + step.id() + " with provider " + step.provider() + ": "
                            + e.getMessage() + ". The journal is kept; run the apply again when the provider answers", e);
                }
                Duration delay = retry.baseDelay(attempt);
                if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(delay) > 0) {
                    delay = e.retryAfter().get();
                }
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new KombifyException("RECOVERY_FAILED", "interrupted while reconciling the "
                            + step.action().label() + " of " + step.id() + "; the journal is kept", ie);
                }
            } catch (RuntimeException e) {
                if (e instanceof KombifyException k && k.code().equals("RECOVERY_FAILED")) {
                    throw k;
                }
                String why = e instanceof KombifyException ? e.getMessage()
                        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                throw new KombifyException("RECOVERY_FAILED", "could not reconcile the interrupted "
                        + step.action().label() + " of " + step.id() + " with provider " + step.provider() + ": "
                        + why + ". The journal is kept; run the apply again when the provider answers", e);
            }
        }
    }

    private static <T> T failNull(JournalStep step) {
        throw new KombifyException("RECOVERY_FAILED", "provider " + step.provider() + " answered nothing for "
                + step.id() + "; the journal is kept");
    }

    private void emit(DeployEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException ignored) {
            // a broken progress display must not break recovery
        }
    }
}
