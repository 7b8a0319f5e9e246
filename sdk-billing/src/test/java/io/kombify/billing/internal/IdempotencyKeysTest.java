package io.kombify.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {
    @Test
    void theSameInputsGiveTheSameKeyAndDifferentOnesAnother() {
        String key = IdempotencyKeys.of("checkout", "acme", "cus_1", "pro");
        assertThat(key).matches("kombify-checkout-[0-9a-f]{32}");
        assertThat(IdempotencyKeys.of("checkout", "acme", "cus_1", "pro")).isEqualTo(key);
        assertThat(IdempotencyKeys.of("checkout", "acme", "cus_1", "team")).isNotEqualTo(key);
        assertThat(IdempotencyKeys.of("portal", "acme", "cus_1", "pro")).isNotEqualTo(key);
        // parts are delimited by their lengths, so moving text across a boundary changes the key
        assertThat(IdempotencyKeys.of("x", "ab", "c")).isNotEqualTo(IdempotencyKeys.of("x", "a", "bc"));
        assertThat(IdempotencyKeys.of("x", (String) null)).isNotEqualTo(IdempotencyKeys.of("x", ""));
    }
}
