package io.kombify.sim.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventQueueTest {

    @Test
    void actionsDueAtTheSameTimeRunInTheOrderTheyWereScheduled() {
        EventQueue queue = new EventQueue();
        List<String> ran = new ArrayList<>();
        for (String name : List.of("c", "a", "b", "e", "d")) {
            queue.schedule(1_000, () -> ran.add(name));
        }
        queue.schedule(500, () -> ran.add("early"));

        while (!queue.isEmpty()) {
            queue.poll().run();
        }

        assertThat(ran).containsExactly("early", "c", "a", "b", "e", "d");
    }

    @Property(tries = 200)
    void drainsInTimeOrderThenSchedulingOrder(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 20) Integer> times) {
        EventQueue queue = new EventQueue();
        List<int[]> ran = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            int[] entry = {times.get(i), i};
            queue.schedule(entry[0], () -> ran.add(entry));
        }
        while (!queue.isEmpty()) {
            queue.poll().run();
        }

        List<int[]> expected = new ArrayList<>(ran);
        expected.sort(Comparator.<int[]>comparingInt(e -> e[0]).thenComparingInt(e -> e[1]));
        assertThat(ran).hasSize(times.size()).containsExactlyElementsOf(expected);
    }
}
