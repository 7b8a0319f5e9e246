package io.kombify.sim.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.sim.Fault;
import io.kombify.sim.Simulation;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fault syntax of a simulated apply: provider errors on calls, latency and crashes after a step. */
class DeployFaultParseTest {

    @Test
    void readsProviderErrorsOnCalls() {
        assertThat(Fault.parse("provider-rate-limit:hetzner=30s@call(3)"))
                .isEqualTo(Fault.providerRateLimit("hetzner", Duration.ofSeconds(30)).onCall(3));
        assertThat(Fault.parse("provider-server-error:*=503@call(create,2)+3"))
                .isEqualTo(Fault.providerServerError("*", 503).onCalls(Fault.Operation.CREATE, 2, 3));
        assertThat(Fault.parse("provider-timeout:docker@chance(10%)"))
                .isEqualTo(Fault.providerTimeout("docker").withChance(null, 0.1));
        assertThat(Fault.parse("provider-timeout:docker@chance(delete, 2.5%)"))
                .isEqualTo(Fault.providerTimeout("docker").withChance(Fault.Operation.DELETE, 0.025));

        Fault f = Fault.parse("provider-server-error:*=503@call(create,2)+3");
        assertThat(f.isDeployTime()).isTrue();
        assertThat(f.isScheduled()).isFalse();
        assertThat(f.status()).isEqualTo(503);
        assertThat(f.calls()).hasValueSatisfying(c -> {
            assertThat(c.operation()).contains(Fault.Operation.CREATE);
            assertThat(c.strikesCall(1)).isFalse();
            assertThat(c.strikesCall(2)).isTrue();
            assertThat(c.strikesCall(4)).isTrue();
            assertThat(c.strikesCall(5)).isFalse();
            assertThat(c.matches(Fault.Operation.CREATE)).isTrue();
            assertThat(c.matches(Fault.Operation.READ)).isFalse();
        });
        assertThat(f.toString()).isEqualTo("providerServerError(*, 503) on create calls 2-4");
        assertThat(Fault.parse("provider-timeout:docker@chance(10%)").toString()).isEqualTo("providerTimeout(docker) on 10% of calls");
    }

    @Test
    void readsLatencyAndCrashes() {
        assertThat(Fault.parse("latency:200ms")).isEqualTo(Fault.providerLatency("*", Duration.ofMillis(200)));
        assertThat(Fault.parse("latency:hetzner=1.5s")).isEqualTo(Fault.providerLatency("hetzner", Duration.ofMillis(1500)));
        assertThat(Fault.parse("latency:200ms").latency()).contains(Duration.ofMillis(200));
        assertThat(Fault.parse("crash-after-step:3")).isEqualTo(Fault.crashAfterStep(3));
        assertThat(Fault.parse("crash-after-step:3").steps()).isEqualTo(3);
        assertThat(Fault.crashAfterStep(3).describe()).isEqualTo("crashAfterStep(3)");
        assertThat(Fault.crashAfterStep(3).isDeployTime()).isTrue();
        assertThat(Fault.providerLatency("*", Duration.ofMillis(200)).describe()).isEqualTo("providerLatency(*, 0.2s)");
    }

    @Test
    void simulationFaultsStayAsTheyWere() {
        Fault timed = Fault.parse("provider-rate-limit:hetzner=30s@1h+5m");
        assertThat(timed).isEqualTo(Fault.providerRateLimit("hetzner", Duration.ofSeconds(30)).at(Duration.ofHours(1))
                .recoverAfter(Duration.ofMinutes(5)));
        assertThat(timed.isDeployTime()).isFalse();
        assertThat(timed.calls()).isEmpty();
        assertThat(Fault.parse("node-crash:nas@10m").isDeployTime()).isFalse();
        assertThat(Fault.parse("node-crash:nas@10m").steps()).isZero();
    }

    @Test
    void aSimulationRefusesFaultsOfASimulatedApplyAndTheProviderRefusesTimedOnes() {
        Simulation simulation = Simulation.of(HybridSample.resolved());
        assertThatThrownBy(() -> simulation.fault(Fault.crashAfterStep(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulation.fault(Fault.providerTimeout("hetzner").onCall(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.crashAfterStep(2).at(Duration.ofMinutes(1)))
                .hasMessage("crashAfterStep(2) belongs to a simulated apply and happens on its provider calls, not at a time");
        assertThatThrownBy(() -> Fault.providerTimeout("hetzner").onCall(1).recoverAfter(Duration.ofMinutes(1)))
                .hasMessageContaining("lasts a number of calls");
        assertThatThrownBy(() -> Fault.nodeCrash("nas").onCall(1)).hasMessage("only provider API errors strike calls, not nodeCrash(nas)");
        assertThatThrownBy(() -> SimulatedProvider.builder().fault(Fault.parse("provider-timeout:hetzner@10m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a simulated apply takes provider faults on calls");
        assertThat(Optional.of(Fault.parse("provider-timeout:hetzner@call(1)"))).hasValueSatisfying(f ->
                assertThat(SimulatedProvider.builder().fault(f).build().faults()).containsExactly(f));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "crash-after-step:0|crash-after-step needs a number of steps of at least 1, such as crash-after-step:3",
            "crash-after-step:soon|crash-after-step needs a number of steps of at least 1, such as crash-after-step:3",
            "crash-after-step:3@10m|crash-after-step takes no @TIME: it applies to a whole simulated apply",
            "latency:|latency needs a duration, such as latency:200ms or latency:hetzner=200ms",
            "latency:hetzner=|latency needs a duration, such as latency:200ms or latency:hetzner=200ms",
            "latency:slow|not a duration: 'slow' (write it like 90s, 10m, 2h30m or 1d)",
            "provider-timeout:hetzner@call(0)|the call number must be 1 or more, such as @call(3)",
            "provider-timeout:hetzner@call(create,x)|the call number must be 1 or more, such as @call(3)",
            "provider-timeout:hetzner@call(reboot,1)|unknown operation 'reboot' (read, create, update, delete, lookup)",
            "provider-timeout:hetzner@call(1,2,3)|write @call(3) or @call(create,3)",
            "provider-timeout:hetzner@call(3|write @call(3) or @call(create,3)",
            "provider-timeout:hetzner@call(3)+x|+COUNT after @call(...) is a number of calls, such as @call(3)+2",
            "provider-timeout:hetzner@chance(10)|the chance must be a percentage, such as @chance(10%)",
            "provider-timeout:hetzner@chance(0%)|the chance must be above 0 and at most 100%, not 0%",
            "provider-timeout:hetzner@chance(10%)+2|a fault struck by chance takes no +COUNT",
            "node-crash:nas@call(2)|only provider faults strike calls; nodeCrash(nas) needs a time such as @10m"})
    void explainsWhatIsWrong(String spec, String why) {
        assertThatThrownBy(() -> Fault.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid fault '" + spec + "': " + why);
    }
}
