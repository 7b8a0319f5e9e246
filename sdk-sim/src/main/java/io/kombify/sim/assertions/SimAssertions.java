package io.kombify.sim.assertions;

import io.kombify.sim.SimulationReport;

/**
 * Entry point of the simulation assertions. Import {@code assertThat} statically next to AssertJ's
 * own {@code Assertions.assertThat} (Java picks the overload by the argument's type) and chain checks on services,
 * reachability and violations; a failing check explains itself with the service's state, the
 * reason and the events that led there.
 *
 * <pre>{@code
 * assertThat(report).hasNoViolations();
 * assertThat(report).service("immich-server").runsOn("home-server").isReadyWithin(Duration.ofMinutes(10))
 *         .isNotReachableFrom(Client.onInternet());
 * }</pre>
 */
public final class SimAssertions {

    private SimAssertions() {
    }

    /** Assertions on {@code report}. */
    public static SimulationReportAssert assertThat(SimulationReport report) {
        return new SimulationReportAssert(report);
    }
}
