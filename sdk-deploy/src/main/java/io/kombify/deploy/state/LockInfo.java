package io.kombify.deploy.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Who holds a state lock.
 *
 * @param id        the lock's identifier, needed to force it open
 * @param owner     who took it, such as {@code alice@nas (pid 4242)}
 * @param operation what for, such as {@code apply}
 * @param createdAt when
 */
public record LockInfo(String id, String owner, String operation, Instant createdAt) {

    public LockInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
