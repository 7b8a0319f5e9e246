package io.kombify.deploy.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kombify.deploy.testing.StateStoreContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore newStore() {
        return new InMemoryStateStore("memory:homelab");
    }

    @Test
    void keepsThePreviousStateAsBackup() {
        InMemoryStateStore store = new InMemoryStateStore();
        State first = firstState();
        store.write(first);
        assertThat(store.backup()).isEmpty();
        State second = first.next(Map.of(), "", T0.plusSeconds(1));
        store.write(second);
        State third = second.next(first.resources(), "sha256:abc", T0.plusSeconds(2));
        store.write(third);
        assertThat(store.backup()).contains(second);
        assertThat(store.read()).contains(third);
    }

    @Test
    void namesItsLocationInMessages() {
        assertThat(new InMemoryStateStore().location()).isEqualTo("memory");
        StateStore store = newStore();
        try (StateLock held = store.lock("apply", "alice")) {
            assertThat(catchThrowable(() -> store.lock("apply", "bob")))
                    .hasMessageContaining("memory:homelab").hasMessageContaining("alice")
                    .hasMessageContaining(held.info().id());
        }
    }
}
