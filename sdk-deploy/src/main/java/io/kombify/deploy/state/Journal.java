package io.kombify.deploy.state;

import java.util.List;

/**
 * The write-ahead record of an apply's steps. Every step is appended before the provider is
 * called and again when it ends, durably, before the executor goes on; so after a crash at any
 * point the next apply knows which steps were in flight. Thread-safe.
 */
public interface Journal {

    /**
     * Appends an entry and makes it durable before returning.
     *
     * @throws io.kombify.core.KombifyException {@code IO_ERROR} when it cannot be written
     */
    void append(JournalEntry entry);

    /**
     * Every entry, in order. A last entry torn by a crash mid-write is left out.
     *
     * @throws io.kombify.core.KombifyException {@code JOURNAL_CORRUPT} when an earlier entry cannot be read
     */
    List<JournalEntry> entries();

    /** The next sequence number to use. */
    long nextSeq();

    /** Empties the journal, once its results are in the written state. */
    void clear();
}
