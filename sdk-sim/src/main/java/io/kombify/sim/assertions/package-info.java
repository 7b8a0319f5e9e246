/**
 * AssertJ assertions on a {@link io.kombify.sim.SimulationReport}, for test suites that simulate
 * their stack: {@code SimAssertions.assertThat(report).service("nextcloud").isReadyWithin(Duration.ofMinutes(5))}.
 * Needs {@code org.assertj:assertj-core} on the test class path; the SDK declares it optional.
 */
package io.kombify.sim.assertions;
