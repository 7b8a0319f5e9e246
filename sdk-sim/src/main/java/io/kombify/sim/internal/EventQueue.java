package io.kombify.sim.internal;

import java.util.PriorityQueue;

/**
 * The discrete-event queue: actions ordered by virtual time, then by the order they were
 * scheduled. The sequence number makes ties deterministic, which a heap alone does not.
 */
final class EventQueue {

    private record Entry(long time, long seq, Runnable action) {
    }

    private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.time, b.time);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long nextSeq;

    void schedule(long time, Runnable action) {
        heap.add(new Entry(time, nextSeq++, action));
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }

    /** Time of the next action; only when not empty. */
    long peekTime() {
        return heap.element().time;
    }

    /** Removes the next action and returns it; only when not empty. */
    Runnable poll() {
        return heap.remove().action;
    }
}
