package io.kombify.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.core.spi.Ranked;
import org.junit.jupiter.api.Test;

class RankedServiceLoaderTest {

    /** A service type for the test; providers are declared in META-INF/services. */
    public interface Greeter {
        String greet();
    }

    public static final class Plain implements Greeter {
        @Override
        public String greet() {
            return "plain";
        }
    }

    public static final class Preferred implements Greeter, Ranked {
        @Override
        public String greet() {
            return "preferred";
        }

        @Override
        public int rank() {
            return 10;
        }
    }

    public static final class Broken implements Greeter {
        public Broken() {
            throw new IllegalStateException("cannot start");
        }

        @Override
        public String greet() {
            return "never";
        }
    }

    @Test
    void ordersProvidersByRankAndReportsFailuresWithoutHidingTheOthers() {
        var result = RankedServiceLoader.load(Greeter.class, getClass().getClassLoader());

        assertThat(result.providers()).extracting(Greeter::greet).containsExactly("preferred", "plain");
        assertThat(result.found()).first().extracting(RankedServiceLoader.Found::rank).isEqualTo(10);
        assertThat(result.found()).allSatisfy(f -> assertThat(f.origin()).isNotBlank());
        assertThat(result.failures()).singleElement().asString().contains("Broken");
    }

    @Test
    void findsNothingWhenThereAreNoProviders() {
        var result = RankedServiceLoader.load(Runnable.class, getClass().getClassLoader());
        assertThat(result.found()).isEmpty();
        assertThat(result.failures()).isEmpty();
    }
}
