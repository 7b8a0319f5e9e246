package io.kombify.deploy.state;

import io.kombify.deploy.Action;
import io.kombify.deploy.ResourceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the journal: a step about to run ({@link Phase#BEGIN}), or how it ended.
 *
 * @param seq            position in the journal, from 1
 * @param phase          begin, done or failed
 * @param action         {@link Action#CREATE}, {@link Action#UPDATE} or {@link Action#DELETE}
 * @param id             the resource
 * @param provider       the provider called
 * @param idempotencyKey the call's key
 * @param at             when
 * @param result         for a done create or update: the record to keep
 * @param error          for a failed step: its code and message
 */
public record JournalEntry(long seq, Phase phase, Action action, ResourceId id, String provider, String idempotencyKey,
                           Instant at, Optional<ResourceRecord> result, Optional<String> error) {

    /** Where a step is. */
    public enum Phase {
        /** About to call the provider. */
        BEGIN,
        /** The provider call succeeded. */
        DONE,
        /** The provider call failed for good. */
        FAILED
    }

    public JournalEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(error, "error");
    }
}
