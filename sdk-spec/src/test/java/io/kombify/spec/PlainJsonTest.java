package io.kombify.spec;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlainJsonTest {
    private static Map<String, Object> tree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", "lab \"one\"\n");
        tree.put("nodes", List.of(1, 2L));
        tree.put("empty", Map.of());
        tree.put("none", List.of());
        tree.put("valid", true);
        tree.put("hint", null);
        return tree;
    }

    @Test
    void prettyIndentsByTwoSpacesKeepsMemberOrderAndEndsWithALineBreak() {
        assertThat(PlainJson.pretty(tree())).isEqualTo(String.join("\n",
                "{",
                "  \"name\": \"lab \\\"one\\\"\\n\",",
                "  \"nodes\": [",
                "    1,",
                "    2",
                "  ],",
                "  \"empty\": {},",
                "  \"none\": [],",
                "  \"valid\": true,",
                "  \"hint\": null",
                "}",
                ""));
    }

    @Test
    void compactWritesOneLineWithoutWhiteSpace() {
        assertThat(PlainJson.compact(tree()))
                .isEqualTo("{\"name\":\"lab \\\"one\\\"\\n\",\"nodes\":[1,2],\"empty\":{},\"none\":[],\"valid\":true,\"hint\":null}");
    }

    @Test
    void numbersKeepTheSpellingOfTheirJavaType() {
        List<Object> numbers = List.of(80, 80.0, 80.5f, new BigDecimal("1.50"), new BigInteger("123456789012345678901234567890"),
                (short) 7, (byte) -1);

        assertThat(PlainJson.compact(numbers)).isEqualTo("[80,80.0,80.5,1.50,123456789012345678901234567890,7,-1]");
    }

    @Test
    void nonFiniteNumbersBecomeStringsBecauseJsonCannotSpellThem() {
        assertThat(PlainJson.compact(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)))
                .isEqualTo("[\"NaN\",\"Infinity\",\"-Infinity\"]");
    }

    @Test
    void aBareNullIsTheDocumentNull() {
        assertThat(PlainJson.pretty(null)).isEqualTo("null\n");
        assertThat(PlainJson.compact(null)).isEqualTo("null");
    }

    @Test
    void mapKeysAreWrittenAsTheirStringValue() {
        assertThat(PlainJson.compact(Map.of(1, "one"))).isEqualTo("{\"1\":\"one\"}");
    }

    @Test
    void rejectsAValueThatIsNotPartOfAPlainTree() {
        assertThatThrownBy(() -> PlainJson.compact(Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a plain JSON value: java.lang.Object");
    }
}
