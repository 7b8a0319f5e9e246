package io.kombify.sim.internal;

import io.kombify.sim.Client;
import io.kombify.sim.CriticalStep;
import io.kombify.sim.DurationText;
import io.kombify.sim.NodeCapacity;
import io.kombify.sim.Reachability;
import io.kombify.sim.ServiceOutcome;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.Violation;
import io.kombify.sim.model.ProxyRoute;
import io.kombify.sim.model.SimNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a {@link SimulationReport} as a plain-text summary for a terminal, "\n" line ends. */
public final class ReportText {

    private static final Map<Client.Kind, String> CLIENTS = Map.of(
            Client.Kind.HOME_LAN, "home LAN", Client.Kind.VPN, "VPN", Client.Kind.INTERNET, "internet");

    private ReportText() {
    }

    /**
     * The summary: header, per node its addresses and services, violations, reachability through
     * the proxy, failure impact, critical path.
     */
    public static String write(SimulationReport report) {
        StringBuilder out = new StringBuilder(2048);
        long ready = report.services().values().stream().filter(ServiceOutcome::isReady).count();
        out.append("Stack ").append(report.stack()).append(": ").append(DurationText.format(report.duration()))
                .append(" simulated, seed ").append(report.seed()).append('\n');
        out.append(report.allReady() ? "OK" : "PROBLEMS").append(": ").append(ready).append(" of ")
                .append(report.services().size()).append(" services ready at the end, ")
                .append(report.violations().size()).append(report.violations().size() == 1 ? " violation" : " violations");
        report.readiness().allReadyAt().ifPresentOrElse(
                t -> out.append(", whole stack ready after ").append(DurationText.format(t)),
                () -> out.append(", some services never became ready"));
        out.append("\n\n");

        int width = report.services().keySet().stream().mapToInt(String::length).max().orElse(0);
        out.append("Nodes\n");
        for (SimNode node : report.topology().nodes()) {
            NodeCapacity c = report.capacity().get(node.name());
            out.append("  ").append(node.name()).append(" (").append(node.site()).append(", ").append(node.type().wire());
            if (c != null) {
                out.append(", cpu ").append(c.cpuRequested()).append('/').append(c.cpu())
                        .append(", memory ").append(c.memoryRequested()).append('/').append(c.memory());
                if (c.isOvercommitted()) {
                    out.append(", OVERCOMMITTED");
                }
            }
            out.append(")\n");
            out.append("    addresses: LAN ").append(node.address());
            if (node.vpnAddress() != null) {
                out.append(", VPN ").append(node.vpnAddress());
            }
            out.append(", public ").append(node.publicAddress());
            if (report.topology().site(node.site()).map(site -> node.publicAddress().equals(site.publicAddress())).orElse(false)) {
                out.append(" (site ").append(node.site()).append("'s, shared)");
            }
            out.append('\n');
            boolean any = false;
            for (ServiceOutcome s : report.services().values()) {
                if (!s.node().equals(node.name())) {
                    continue;
                }
                any = true;
                out.append("    ").append(pad(s.name(), width)).append("  ").append(pad(s.state().wire(), 9)).append("  ")
                        .append(s.readyAt() == null ? "never ready"
                                : (s.isReady() ? "ready at " : "first ready at ") + DurationText.format(s.readyAt()));
                if (s.restarts() > 0) {
                    out.append(", ").append(s.restarts()).append(s.restarts() == 1 ? " restart" : " restarts");
                }
                out.append('\n');
            }
            if (!any) {
                out.append("    (no services)\n");
            }
        }

        out.append("\nViolations");
        if (report.violations().isEmpty()) {
            out.append(": none\n");
        } else {
            out.append('\n');
            for (Violation v : report.violations()) {
                out.append("  ").append(DurationText.format(v.time())).append("  ").append(v.code()).append("  ")
                        .append(v.subject()).append(": ").append(v.message()).append('\n');
            }
        }

        List<Reachability> blocked = report.blockedNeeds();
        if (!blocked.isEmpty()) {
            out.append("\nNeeds the network blocks (health checks do not model ports and firewalls)\n");
            for (Reachability r : blocked) {
                out.append("  ").append(r.from()).append(" -> ").append(r.to()).append(": ").append(r.reason()).append('\n');
            }
        }

        if (!report.topology().routes().isEmpty()) {
            out.append("\nThrough the proxy, as the run ended\n");
            for (ProxyRoute route : report.topology().routes()) {
                proxied(out, report, route);
            }
        }

        out.append("\nFailure impact (services lost if it fails)\n");
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : report.failureImpact().nodes().entrySet()) {
            rows.add(new String[] {"node " + e.getKey(), impact(e.getValue())});
        }
        for (Map.Entry<String, List<String>> e : report.failureImpact().sites().entrySet()) {
            rows.add(new String[] {"site " + e.getKey(), impact(e.getValue())});
        }
        int label = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] row : rows) {
            out.append("  ").append(pad(row[0], label)).append("  ").append(row[1]).append('\n');
        }

        out.append("\nCritical path");
        List<CriticalStep> path = report.readiness().criticalPath();
        if (path.isEmpty()) {
            out.append(": none (no service became ready)\n");
        } else {
            out.append('\n');
            int w = path.stream().mapToInt(s -> s.service().length()).max().orElse(0);
            for (CriticalStep step : path) {
                out.append("  ").append(pad(step.service(), w)).append("  ready at ").append(DurationText.format(step.readyAt())).append('\n');
            }
        }
        return out.toString();
    }

    /** One route: who reaches it, and who does not and why, clients with the same reason together. */
    private static void proxied(StringBuilder out, SimulationReport report, ProxyRoute route) {
        out.append("  ").append(route.domain()).append(" -> ").append(route.service());
        if (route.tls() != null) {
            out.append(" (TLS ").append(route.tls().wire()).append(')');
        }
        out.append('\n');
        List<String> reached = new ArrayList<>();
        Map<String, List<String>> refused = new LinkedHashMap<>();
        for (Client client : List.of(Client.onHomeLan(), Client.onVpn(), Client.onInternet())) {
            Reachability r = report.reachability(client, route.service());
            if (r.reachable()) {
                reached.add(CLIENTS.get(client.kind()));
            } else {
                refused.computeIfAbsent(r.reason(), k -> new ArrayList<>()).add(CLIENTS.get(client.kind()));
            }
        }
        if (!reached.isEmpty()) {
            out.append("    reachable from ").append(String.join(", ", reached)).append('\n');
        }
        refused.forEach((reason, clients) -> out.append("    not from ").append(String.join(", ", clients)).append(": ")
                .append(reason).append('\n'));
    }

    private static String impact(List<String> services) {
        return services.isEmpty() ? "nothing" : services.size() + ": " + String.join(", ", services);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
