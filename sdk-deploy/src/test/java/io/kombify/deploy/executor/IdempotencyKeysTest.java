package io.kombify.deploy.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.Action;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.internal.IdempotencyKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    private static final ResourceId APP = ResourceId.parse("container.app");

    @Test
    void isTheDocumentedHashOfLineageActionAddressAndAttributes() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                "lin-1\nCREATE\ncontainer.app\n{\"env\":{\"A\":\"x\\\"y\",\"TZ\":\"UTC\"},\"image\":\"app:1\",\"ports\":[80,443],\"ratio\":0.5}"
                        .getBytes(StandardCharsets.UTF_8))).substring(0, 32);

        String key = IdempotencyKeys.create("lin-1", APP, Map.of("image", "app:1", "ports", List.of(80, 443L),
                "env", Map.of("TZ", "UTC", "A", "x\"y"), "ratio", 0.5));

        assertThat(key).isEqualTo(expected).hasSize(32).matches("[0-9a-f]{32}");
    }

    @Test
    void aDeleteIsKeyedByTheProviderIdentifier() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                "lin-1\nDELETE\ncontainer.app\nabc123".getBytes(StandardCharsets.UTF_8))).substring(0, 32);

        assertThat(IdempotencyKeys.delete("lin-1", APP, "abc123")).isEqualTo(expected);
    }

    @Test
    void doesNotDependOnTheOrderOrWidthOfValues() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("image", "app:1");
        a.put("replicas", 2);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("replicas", 2L);
        b.put("image", "app:1");

        assertThat(IdempotencyKeys.create("l", APP, a)).isEqualTo(IdempotencyKeys.create("l", APP, b));
    }

    @Test
    void changesWithEachInput() {
        Map<String, Object> attrs = Map.of("image", "app:1");
        String key = IdempotencyKeys.create("l", APP, attrs);

        assertThat(List.of(
                IdempotencyKeys.create("other", APP, attrs),
                IdempotencyKeys.create("l", ResourceId.parse("container.web"), attrs),
                IdempotencyKeys.create("l", APP, Map.of("image", "app:2")),
                IdempotencyKeys.update("l", APP, attrs),
                IdempotencyKeys.replacement("l", APP, attrs, "c-1"),
                IdempotencyKeys.key("l", Action.DELETE, APP, "{\"image\":\"app:1\"}")))
                .doesNotContain(key)
                .doesNotHaveDuplicates();
    }

    @Test
    void aReplacementOfTheSameResourceGetsTheSameKeyEveryTime() {
        Map<String, Object> attrs = Map.of("image", "app:1");

        assertThat(IdempotencyKeys.replacement("l", APP, attrs, "c-1"))
                .isEqualTo(IdempotencyKeys.replacement("l", APP, Map.of("image", "app:1"), "c-1"))
                .isNotEqualTo(IdempotencyKeys.replacement("l", APP, attrs, "c-2"));
    }

    @Test
    void canonicalJsonEscapesControlCharacters() {
        assertThat(IdempotencyKeys.canonicalJson(Map.of("s", "a\u0001b\n", "n", List.of(), "z", Map.of())))
                .isEqualTo("{\"n\":[],\"s\":\"a\\u0001b\\n\",\"z\":{}}");
    }
}
