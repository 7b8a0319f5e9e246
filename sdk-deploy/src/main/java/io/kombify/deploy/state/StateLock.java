package io.kombify.deploy.state;

/** A held state lock; closing it releases it. */
public interface StateLock extends AutoCloseable {

    /** Who holds it. */
    LockInfo info();

    /** Releases the lock. Idempotent. */
    @Override
    void close();
}
