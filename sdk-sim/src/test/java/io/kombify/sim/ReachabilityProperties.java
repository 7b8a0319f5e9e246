package io.kombify.sim;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReachabilityProperties {

    @Provide
    Arbitrary<SimulationProperties.Scenario> scenarios() {
        return new SimulationProperties().scenarios();
    }

    @Property(tries = 40)
    void reachabilityAgreesWithTheFinalStatesAndExplainsEveryRefusal(@ForAll("scenarios") SimulationProperties.Scenario scenario) {
        SimulationReport report = scenario.simulation().runFor(Duration.ofHours(3));

        for (ServiceOutcome a : report.services().values()) {
            for (ServiceOutcome b : report.services().values()) {
                Reachability r = report.reachability(a.name(), b.name());
                if (r.reachable()) {
                    assertThat(b.isReady()).as("%s reached but not ready", b.name()).isTrue();
                    assertThat(a.state()).isIn(ServiceState.STARTING, ServiceState.HEALTHY, ServiceState.UNHEALTHY);
                } else {
                    assertThat(r.reason()).as(r.toString()).isNotBlank();
                }
                if (a.node().equals(b.node()) && b.isReady() && a.isReady()) {
                    assertThat(r.reachable()).as(r.toString()).isTrue();
                }
            }
            for (Client client : List.of(Client.onHomeLan(), Client.onVpn(), Client.onInternet())) {
                Reachability r = report.reachability(client, a.name());
                if (r.reachable()) {
                    assertThat(a.isReady()).isTrue();
                    assertThat(report.topology().route(a.name())).isPresent();
                    assertThat(r.tlsMode()).isPresent();
                } else {
                    assertThat(r.reason()).as(r.toString()).isNotBlank();
                }
            }
        }
    }
}
