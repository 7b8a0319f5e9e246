package io.kombify.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void parsesAReference() {
        SecretRef ref = SecretRef.parse("secret://db-password");
        assertThat(ref.name()).isEqualTo("db-password");
        assertThat(ref).hasToString("secret://db-password");
    }

    @Test
    void aResolvedSecretNeverShowsItsValue() {
        Secret secret = Secret.of(SecretRef.parse("secret://db-password"), "hunter2");
        assertThat(secret.toString()).doesNotContain("hunter2").contains("secret://db-password");
        assertThat(String.valueOf(secret)).doesNotContain("hunter2");
        assertThat(new String(secret.reveal())).isEqualTo("hunter2");
    }

    @Test
    void revealReturnsACopy() {
        Secret secret = Secret.of(SecretRef.parse("secret://k"), "abc");
        char[] first = secret.reveal();
        first[0] = 'x';
        assertThat(new String(secret.reveal())).isEqualTo("abc");
    }

    @Test
    void aPastedValueIsNotEchoedInTheError() {
        assertThatThrownBy(() -> SecretRef.parse("hunter2"))
                .isInstanceOf(KombifyException.class)
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("secret://name");
        assertThat(SecretRef.isReference("secret://")).isFalse();
    }
}
