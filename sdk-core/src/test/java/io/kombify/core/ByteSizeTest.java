package io.kombify.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void parsesBinarySuffixes() {
        assertThat(ByteSize.parse("512Mi").bytes()).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("2Gi").bytes()).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("1Ti").bytes()).isEqualTo(1L << 40);
        assertThat(ByteSize.parse("4Ki").bytes()).isEqualTo(4096);
        assertThat(ByteSize.parse("100").bytes()).isEqualTo(100);
    }

    @Test
    void equalSizesInDifferentUnitsAreEqual() {
        assertThat(ByteSize.parse("2048Mi")).isEqualTo(ByteSize.parse("2Gi"));
        assertThat(ByteSize.parse("2048Mi")).hasToString("2Gi");
        assertThat(ByteSize.parse("1536Mi")).hasToString("1536Mi");
    }

    @Test
    void rejectsDecimalUnitsAndGarbageWithAHelpfulMessage() {
        assertThatThrownBy(() -> ByteSize.parse("2GB"))
                .isInstanceOf(KombifyException.class)
                .hasMessageContaining("'2GB' is not a size")
                .hasMessageContaining("512Mi")
                .extracting(e -> ((KombifyException) e).code()).isEqualTo("QUANTITY_INVALID");
        assertThat(ByteSize.isValid("1.5Gi")).isFalse();
        assertThat(ByteSize.isValid("")).isFalse();
        assertThat(ByteSize.isValid(null)).isFalse();
    }

    @Test
    void rejectsSizesThatOverflow() {
        assertThat(ByteSize.isValid("999999999999999999Pi")).isFalse();
        assertThatThrownBy(() -> ByteSize.parse("999999999999999999Pi")).hasMessageContaining("too large");
    }

    @Test
    void printsHumanFriendlySizes() {
        assertThat(ByteSize.parse("1536Mi").toHumanString()).isEqualTo("1.5 GiB");
        assertThat(ByteSize.parse("2Gi").toHumanString()).isEqualTo("2 GiB");
        assertThat(new ByteSize(12).toHumanString()).isEqualTo("12 B");
    }

    @Property
    void printedFormParsesBackToTheSameSize(@ForAll @LongRange(min = 0, max = 1L << 50) long bytes) {
        ByteSize size = new ByteSize(bytes);
        assertThat(ByteSize.parse(size.toString())).isEqualTo(size);
    }
}
