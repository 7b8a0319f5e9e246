package io.kombify.deploy.state;

import io.kombify.core.KombifyException;
import java.util.Objects;

/** The state is locked by someone else; says who, since when, and how to release a stale lock. */
public class StateLockedException extends KombifyException {
    private static final long serialVersionUID = 1L;

    private final transient LockInfo holder;

    public StateLockedException(LockInfo holder, String where) {
        super("STATE_LOCKED", "the state in " + where + " is locked by " + Objects.requireNonNull(holder, "holder").owner()
                + " for " + holder.operation() + " since " + holder.createdAt() + " (lock ID " + holder.id()
                + "). Wait for it to finish; if that process is gone, release the lock with `kombify state unlock "
                + holder.id() + "`");
        this.holder = holder;
    }

    /** Who holds the lock. */
    public LockInfo holder() {
        return holder;
    }
}
