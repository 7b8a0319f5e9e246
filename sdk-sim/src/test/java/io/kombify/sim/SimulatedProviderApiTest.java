package io.kombify.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedProviderApiTest {

    private static SimulationReport withProviderFaults() {
        return Simulation.of(SimulationTest.twoSites("always"))
                .fault(Fault.providerRateLimit("hetzner", Duration.ofSeconds(30)).at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(5)))
                .fault(Fault.providerServerError("hetzner", 503).at(Duration.ofMinutes(20)).recoverAfter(Duration.ofMinutes(5)))
                .fault(Fault.providerTimeout("hetzner").at(Duration.ofMinutes(30)))
                .runFor(Duration.ofHours(1));
    }

    @Test
    void answersEachCallAccordingToTheProviderFaultInForceAtItsTime() {
        SimulatedProviderApi api = withProviderFaults().providerApi("hetzner");

        assertThat(api.at(Duration.ofMinutes(5)).call("createServer"))
                .isEqualTo(new SimulatedProviderApi.Response("createServer", Duration.ofMinutes(5), SimulatedProviderApi.Outcome.OK, 200, Optional.empty()));
        assertThat(api.at(Duration.ofMinutes(10)).call("createServer")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.outcome()).isEqualTo(SimulatedProviderApi.Outcome.RATE_LIMITED);
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(30));
        });
        assertThat(api.at(Duration.ofMinutes(15)).call("createServer").isSuccess()).isTrue();
        assertThat(api.at(Duration.ofMinutes(22)).call("listServers")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.outcome()).isEqualTo(SimulatedProviderApi.Outcome.SERVER_ERROR);
            assertThat(r.retryAfter()).isEmpty();
        });
        assertThat(api.at(Duration.ofMinutes(31)).call("deleteServer").outcome()).isEqualTo(SimulatedProviderApi.Outcome.TIMEOUT);
        assertThat(api.at(Duration.ofHours(5)).call("deleteServer").status()).isZero();
        assertThat(api.call("createServer").time()).isZero();
    }

    @Test
    void providerFaultsAreInTheEventLogAndLeaveTheStackAlone() {
        SimulationReport report = withProviderFaults();

        assertThat(report.events(EventKind.PROVIDER_ERRORS_STARTED))
                .extracting(SimEvent::time, SimEvent::subject, SimEvent::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(10), "hetzner", "429 retry-after 30s"),
                        org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(20), "hetzner", "503"),
                        org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(30), "hetzner", "timeout"));
        assertThat(report.events(EventKind.PROVIDER_ERRORS_ENDED)).extracting(SimEvent::time)
                .containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(25));
        assertThat(report.allReady()).isTrue();
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void theLatestFaultInForceAnswersAndTheSameRunAnswersTheSameWay() {
        Simulation sim = Simulation.of(SimulationTest.twoSites("always"))
                .fault(Fault.providerServerError("hetzner", 500).at(Duration.ofMinutes(1)).recoverAfter(Duration.ofMinutes(30)))
                .fault(Fault.providerRateLimit("hetzner", Duration.ofMinutes(2)).at(Duration.ofMinutes(5)).recoverAfter(Duration.ofMinutes(5)));

        SimulatedProviderApi api = sim.runFor(Duration.ofHours(1)).providerApi("hetzner");

        assertThat(api.at(Duration.ofMinutes(6)).call("x").retryAfter()).contains(Duration.ofMinutes(2));
        assertThat(api.at(Duration.ofMinutes(11)).call("x").status()).isEqualTo(500);
        assertThat(api.at(Duration.ofMinutes(31)).call("x").status()).isEqualTo(200);
        assertThat(sim.runFor(Duration.ofHours(1)).providerApi("hetzner").at(Duration.ofMinutes(6)).call("x"))
                .isEqualTo(api.at(Duration.ofMinutes(6)).call("x"));
    }

    @Test
    void onlyCloudProvidersOfTheStackHaveAnApi() {
        SimulationReport report = withProviderFaults();

        assertThatThrownBy(() -> report.providerApi("home")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stack uses no cloud provider named home; sites: [home, hetzner]");
        assertThatThrownBy(() -> Simulation.of(SimulationTest.twoSites("always"))
                .fault(Fault.providerTimeout("home").at(Duration.ZERO)).runFor(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("providerTimeout(home): home is not a cloud provider and has no provider API");
        assertThatThrownBy(() -> Fault.providerServerError("hetzner", 404)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a server error status is between 500 and 599, got 404");
    }

    @Test
    void providerFaultsParseFromTheCommandLineSyntax() {
        assertThat(Fault.parse("provider-rate-limit:hetzner=30s@1h+5m"))
                .isEqualTo(Fault.providerRateLimit("hetzner", Duration.ofSeconds(30)).at(Duration.ofHours(1)).recoverAfter(Duration.ofMinutes(5)));
        assertThat(Fault.parse("provider-server-error:hetzner=503@1h"))
                .isEqualTo(Fault.providerServerError("hetzner", 503).at(Duration.ofHours(1)));
        assertThat(Fault.parse("provider-timeout:aws@healthy(db)"))
                .isEqualTo(Fault.providerTimeout("aws").when(Trigger.healthy("db")));
        assertThatThrownBy(() -> Fault.parse("provider-server-error:hetzner=404@1h")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid fault 'provider-server-error:hetzner=404@1h': provider-server-error needs =STATUS between 500 and 599, such as =503");
        assertThatThrownBy(() -> Fault.parse("provider-rate-limit:hetzner@1h")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid fault 'provider-rate-limit:hetzner@1h': provider-rate-limit needs =RETRY-AFTER, such as =30s");
        assertThatThrownBy(() -> Fault.parse("provider-timeout:hetzner=5s@1h")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid fault 'provider-timeout:hetzner=5s@1h': provider-timeout takes no =SIZE");
    }
}
