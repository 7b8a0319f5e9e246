package io.kombify.sim.assertions;

import io.kombify.sim.Reachability;
import io.kombify.sim.ServiceOutcome;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.Violation;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Assertions on a whole {@link SimulationReport}: its violations, and the way into one service's
 * assertions with {@link #service(String)}. Obtain one from {@link SimAssertions#assertThat}.
 */
public final class SimulationReportAssert extends AbstractAssert<SimulationReportAssert, SimulationReport> {

    SimulationReportAssert(SimulationReport actual) {
        super(actual, SimulationReportAssert.class);
    }

    /** Assertions on the deployed service {@code name}; fails if the stack did not deploy it. */
    public ServiceAssert service(String name) {
        isNotNull();
        ServiceOutcome outcome = actual.services().get(name);
        if (outcome == null) {
            failWithMessage("Expected stack <%s> to deploy service <%s>, but it deploys only: %s", actual.stack(), name,
                    String.join(", ", actual.services().keySet()));
        }
        return new ServiceAssert(actual, outcome, this);
    }

    /** Fails if the simulation recorded any violation, listing them. */
    public SimulationReportAssert hasNoViolations() {
        isNotNull();
        if (!actual.violations().isEmpty()) {
            failWithMessage("Expected stack <%s> to run without violations, but found %d:%n%s", actual.stack(), actual.violations().size(),
                    describe(actual.violations()));
        }
        return this;
    }

    /** Fails unless the simulation recorded a violation with {@code code} (such as {@code PORT_CONFLICT}). */
    public SimulationReportAssert hasViolation(String code) {
        isNotNull();
        if (actual.violations(code).isEmpty()) {
            failWithMessage("Expected stack <%s> to have a %s violation, but %s", actual.stack(), code,
                    actual.violations().isEmpty() ? "it has none" : "it has only:%n" + describe(actual.violations()));
        }
        return this;
    }

    /**
     * Fails if a service cannot reach one it needs as the run ended, though both are up (see
     * {@link SimulationReport#blockedNeeds()}), listing each with its reason.
     */
    public SimulationReportAssert hasNoBlockedNeeds() {
        isNotNull();
        List<Reachability> blocked = actual.blockedNeeds();
        if (!blocked.isEmpty()) {
            failWithMessage("Expected every service of stack <%s> to reach the services it needs, but:%n%s", actual.stack(),
                    blocked.stream().map(r -> "  " + r.from() + " -> " + r.to() + ": " + r.reason()).collect(Collectors.joining("\n")));
        }
        return this;
    }

    /** Fails unless every service was ready when the run ended and no rule was broken. */
    public SimulationReportAssert isAllReady() {
        isNotNull();
        hasNoViolations();
        List<ServiceOutcome> notReady = actual.services().values().stream().filter(s -> !s.isReady()).toList();
        if (!notReady.isEmpty()) {
            failWithMessage("Expected every service of stack <%s> to be ready, but these are not:%n%s", actual.stack(),
                    notReady.stream().map(s -> "  " + s.name() + " on " + s.node() + ": " + s.state().wire()).collect(Collectors.joining("\n")));
        }
        return this;
    }

    static String describe(List<Violation> violations) {
        return violations.stream().map(v -> "  " + v.time() + " " + v.code() + " " + v.subject() + ": " + v.message())
                .collect(Collectors.joining("\n"));
    }
}
