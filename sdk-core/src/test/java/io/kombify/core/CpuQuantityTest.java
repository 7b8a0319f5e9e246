package io.kombify.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CpuQuantityTest {

    @Test
    void parsesCoresAndMillicores() {
        assertThat(CpuQuantity.parse("1.5").millis()).isEqualTo(1500);
        assertThat(CpuQuantity.parse("2").millis()).isEqualTo(2000);
        assertThat(CpuQuantity.parse("0.25").millis()).isEqualTo(250);
        assertThat(CpuQuantity.parse("500m").millis()).isEqualTo(500);
    }

    @Test
    void printsCoresWithoutTrailingZeros() {
        assertThat(CpuQuantity.parse("1.50")).hasToString("1.5");
        assertThat(CpuQuantity.parse("1000m")).hasToString("1");
        assertThat(CpuQuantity.parse("1.0")).isEqualTo(CpuQuantity.ofCores(1));
    }

    @Test
    void rejectsFinerThanAMillicoreAndGarbage() {
        assertThat(CpuQuantity.isValid("0.0001")).isFalse();
        assertThat(CpuQuantity.isValid("-1")).isFalse();
        assertThatThrownBy(() -> CpuQuantity.parse("two"))
                .isInstanceOf(KombifyException.class)
                .hasMessageContaining("'two' is not a CPU amount");
    }

    @Property
    void printedFormParsesBack(@ForAll @LongRange(min = 0, max = 10_000_000) long millis) {
        CpuQuantity cpu = new CpuQuantity(millis);
        assertThat(CpuQuantity.parse(cpu.toString())).isEqualTo(cpu);
    }
}
