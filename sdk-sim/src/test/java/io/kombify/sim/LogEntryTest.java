package io.kombify.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LogEntryTest {

    @Test
    void eventWithDeferredDetailReadsAndComparesLikeOneWithItsText() {
        AtomicInteger built = new AtomicInteger();
        SimEvent deferred = SimEvent.deferred(90_000, EventKind.RESTART_SCHEDULED, "worker", () -> {
            built.incrementAndGet();
            return "in " + Duration.ofSeconds(30);
        });
        SimEvent eager = new SimEvent(Duration.ofSeconds(90), EventKind.RESTART_SCHEDULED, "worker", "in PT30S");

        assertThat(built).hasValue(0);
        assertThat(deferred.detail()).isEqualTo("in PT30S");
        assertThat(deferred.time()).isEqualTo(Duration.ofSeconds(90));
        assertThat(deferred.timeMillis()).isEqualTo(90_000);
        assertThat(deferred).isEqualTo(eager).hasSameHashCodeAs(eager);
        assertThat(deferred).hasToString("PT1M30S restart-scheduled worker in PT30S");
    }

    @Test
    void lazyEntriesAreMadeOnlyInsideTheModuleNotThroughThePublicApi() {
        for (Class<?> type : new Class<?>[] {SimEvent.class, Violation.class}) {
            assertThat(java.util.Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers()) && java.lang.reflect.Modifier.isStatic(m.getModifiers()))
                    .map(java.lang.reflect.Method::getName)).as("public static methods of %s", type.getSimpleName()).isEmpty();
            assertThat(type.getConstructors()).as("public constructors of %s", type.getSimpleName()).hasSize(1);
        }
    }

    @Test
    void eventWithoutDetailPrintsNoTrailingText() {
        SimEvent event = new SimEvent(Duration.ofMinutes(5), EventKind.NODE_UP, "nas", null);

        assertThat(event.detail()).isEmpty();
        assertThat(event).hasToString("PT5M node-up nas");
    }

    @Test
    void violationWithDeferredMessageReadsAndComparesLikeOneWithItsText() {
        Violation deferred = Violation.deferred("OOM_KILLED", () -> "Container db on nas was killed for memory: " + "uses 2 GiB",
                "db", 600_000);
        Violation eager = new Violation("OOM_KILLED", "Container db on nas was killed for memory: uses 2 GiB", "db",
                Duration.ofMinutes(10));

        assertThat(deferred.message()).isEqualTo("Container db on nas was killed for memory: uses 2 GiB");
        assertThat(deferred.time()).isEqualTo(Duration.ofMinutes(10));
        assertThat(deferred).isEqualTo(eager).hasSameHashCodeAs(eager);
        assertThat(deferred).isNotEqualTo(new Violation("OOM_KILLED", "other", "db", Duration.ofMinutes(10)));
    }
}
