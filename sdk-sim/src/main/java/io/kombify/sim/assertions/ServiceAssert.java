package io.kombify.sim.assertions;

import io.kombify.sim.Client;
import io.kombify.sim.Reachability;
import io.kombify.sim.ServiceOutcome;
import io.kombify.sim.SimEvent;
import io.kombify.sim.SimulationReport;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Assertions on one service of a {@link SimulationReport}: where it ran, whether and when it
 * became ready, and who reaches it. Obtain one from {@link SimulationReportAssert#service(String)};
 * {@link #and()} goes back to the report.
 */
public final class ServiceAssert extends AbstractAssert<ServiceAssert, ServiceOutcome> {

    /** How many of the service's last events a failure message shows. */
    private static final int EVENTS_SHOWN = 8;

    private final SimulationReport report;
    private final SimulationReportAssert parent;

    ServiceAssert(SimulationReport report, ServiceOutcome actual, SimulationReportAssert parent) {
        super(actual, ServiceAssert.class);
        this.report = report;
        this.parent = parent;
    }

    /** Back to the assertions on the whole report. */
    public SimulationReportAssert and() {
        return parent;
    }

    /** Fails unless the service was healthy when the run ended. */
    public ServiceAssert isReady() {
        if (!actual.isReady()) {
            failWithMessage("Expected service <%s> on <%s> to be ready, but it is %s%s.%n%s", actual.name(), actual.node(),
                    actual.state().wire(), everReady(), events());
        }
        return this;
    }

    /** Fails unless the service first became healthy no later than {@code limit} after the start. */
    public ServiceAssert isReadyWithin(Duration limit) {
        if (actual.readyAt() == null) {
            failWithMessage("Expected service <%s> on <%s> to be ready within %s, but it never became ready (state: %s).%n%s",
                    actual.name(), actual.node(), limit, actual.state().wire(), events());
        } else if (actual.readyAt().compareTo(limit) > 0) {
            failWithMessage("Expected service <%s> on <%s> to be ready within %s, but it became ready only at %s.%n%s", actual.name(),
                    actual.node(), limit, actual.readyAt(), events());
        }
        return this;
    }

    /** Fails unless the service ran on {@code node}. */
    public ServiceAssert runsOn(String node) {
        if (!actual.node().equals(node)) {
            failWithMessage("Expected service <%s> to run on <%s>, but it runs on <%s>", actual.name(), node, actual.node());
        }
        return this;
    }

    /** Fails unless {@code client} reaches the service through the reverse proxy; the message says why not. */
    public ServiceAssert isReachableFrom(Client client) {
        Reachability r = report.reachability(client, actual.name());
        if (!r.reachable()) {
            failWithMessage("Expected service <%s> to be reachable from %s, but it is not: %s%s", actual.name(), client.describe(),
                    r.reason(), path(r));
        }
        return this;
    }

    /** Fails if {@code client} reaches the service through the reverse proxy, saying how it does. */
    public ServiceAssert isNotReachableFrom(Client client) {
        Reachability r = report.reachability(client, actual.name());
        if (r.reachable()) {
            failWithMessage("Expected service <%s> not to be reachable from %s, but it is: %s%s", actual.name(), client.describe(),
                    r.reason(), path(r));
        }
        return this;
    }

    /** Fails unless service {@code caller} reaches this service directly (same node, LAN, VPN mesh or internet link). */
    public ServiceAssert isReachableFrom(String caller) {
        Reachability r = report.reachability(caller, actual.name());
        if (!r.reachable()) {
            failWithMessage("Expected service <%s> to be reachable from service <%s>, but it is not: %s%s", actual.name(), caller,
                    r.reason(), path(r));
        }
        return this;
    }

    /** Fails if service {@code caller} reaches this service directly. */
    public ServiceAssert isNotReachableFrom(String caller) {
        Reachability r = report.reachability(caller, actual.name());
        if (r.reachable()) {
            failWithMessage("Expected service <%s> not to be reachable from service <%s>, but it is: %s%s", actual.name(), caller,
                    r.reason(), path(r));
        }
        return this;
    }

    private String everReady() {
        return actual.readyAt() == null ? " and never became ready" : " (it was first ready at " + actual.readyAt() + ")";
    }

    private static String path(Reachability r) {
        return r.path().isEmpty() ? "" : String.format("%npath: %s", String.join(" -> ", r.path()));
    }

    private String events() {
        List<SimEvent> about = report.events().stream()
                .filter(e -> e.subject().equals(actual.name()) || e.subject().equals(actual.node())).toList();
        if (about.isEmpty()) {
            return "No events about it or its node.";
        }
        List<SimEvent> last = about.subList(Math.max(0, about.size() - EVENTS_SHOWN), about.size());
        return (about.size() > last.size() ? "The last " + last.size() + " of " + about.size() + " events about it and its node:%n" : "Events about it and its node:%n")
                .formatted() + last.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }
}
