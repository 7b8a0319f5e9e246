package io.kombify.sim.internal;

import io.kombify.sim.Client;
import io.kombify.sim.CriticalStep;
import io.kombify.sim.NodeCapacity;
import io.kombify.sim.Reachability;
import io.kombify.sim.ServiceOutcome;
import io.kombify.sim.SimEvent;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.Violation;
import io.kombify.sim.model.Endpoint;
import io.kombify.sim.model.ProxyRoute;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;

import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Writes a {@link SimulationReport} as JSON, keys in a fixed order, "\n" line ends on every platform. */
public final class ReportJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ReportJson() {
    }

    /** The report as pretty-printed JSON ending in a newline. */
    public static String write(SimulationReport report) {
        StringWriter out = new StringWriter(4096 + report.events().size() * 96);
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        PrettyPrinter pretty = new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        ObjectWriteContext context = new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                return pretty;
            }

            @Override
            public boolean hasPrettyPrinter() {
                return true;
            }
        };
        try (JsonGenerator g = FACTORY.createGenerator(context, out)) {
            g.writeStartObject();
            g.writeStringProperty("stack", report.stack());
            string(g, "planHash", report.planHash());
            g.writeNumberProperty("seed", report.seed());
            g.writeStringProperty("duration", report.duration().toString());

            g.writeName("services");
            g.writeStartObject();
            for (ServiceOutcome s : report.services().values()) {
                g.writeName(s.name());
                g.writeStartObject();
                g.writeStringProperty("node", s.node());
                g.writeStringProperty("state", s.state().wire());
                time(g, "readyAt", s.readyAt());
                g.writeNumberProperty("restarts", s.restarts());
                g.writeEndObject();
            }
            g.writeEndObject();

            impact(g, "failureImpact", report.failureImpact().nodes());
            impact(g, "siteFailureImpact", report.failureImpact().sites());

            g.writeName("capacity");
            g.writeStartObject();
            for (NodeCapacity c : report.capacity().values()) {
                g.writeName(c.node());
                g.writeStartObject();
                g.writeStringProperty("cpu", c.cpu().toString());
                g.writeStringProperty("cpuRequested", c.cpuRequested().toString());
                g.writeStringProperty("memory", c.memory().toString());
                g.writeStringProperty("memoryRequested", c.memoryRequested().toString());
                g.writeBooleanProperty("overcommitted", c.isOvercommitted());
                g.writeEndObject();
            }
            g.writeEndObject();

            g.writeName("readiness");
            g.writeStartObject();
            time(g, "timeUntilReady", report.readiness().timeUntilReady());
            g.writeName("criticalPath");
            g.writeStartArray();
            for (CriticalStep step : report.readiness().criticalPath()) {
                g.writeStartObject();
                g.writeStringProperty("service", step.service());
                g.writeStringProperty("readyAt", step.readyAt().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();

            g.writeName("violations");
            g.writeStartArray();
            for (Violation v : report.violations()) {
                g.writeStartObject();
                g.writeStringProperty("code", v.code());
                g.writeStringProperty("message", v.message());
                g.writeStringProperty("subject", v.subject());
                g.writeStringProperty("at", v.time().toString());
                g.writeEndObject();
            }
            g.writeEndArray();

            reachability(g, report);

            g.writeName("events");
            g.writeStartArray();
            for (SimEvent e : report.events()) {
                g.writeStartObject();
                g.writeStringProperty("at", e.time().toString());
                g.writeStringProperty("kind", e.kind().wire());
                g.writeStringProperty("subject", e.subject());
                g.writeStringProperty("detail", e.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString() + "\n";
    }

    /**
     * Every proxy route as seen from the three client kinds, then every dependency a service cannot
     * reach; both follow the topology's order, so the section is as deterministic as the rest.
     */
    private static void reachability(JsonGenerator g, SimulationReport report) {
        g.writeName("reachability");
        g.writeStartObject();
        g.writeName("routes");
        g.writeStartArray();
        for (ProxyRoute route : report.topology().routes()) {
            if (!report.services().containsKey(route.service())) {
                continue;
            }
            g.writeStartObject();
            g.writeStringProperty("service", route.service());
            g.writeStringProperty("domain", route.domain());
            clientReach(g, "homeLan", report.reachability(Client.onHomeLan(), route.service()));
            clientReach(g, "vpn", report.reachability(Client.onVpn(), route.service()));
            clientReach(g, "internet", report.reachability(Client.onInternet(), route.service()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName("blockedNeeds");
        g.writeStartArray();
        for (Endpoint endpoint : report.topology().endpoints()) {
            if (!report.services().containsKey(endpoint.service())) {
                continue;
            }
            for (String need : endpoint.needs()) {
                if (!report.services().containsKey(need)) {
                    continue;
                }
                Reachability r = report.reachability(endpoint.service(), need);
                if (!r.reachable()) {
                    g.writeStartObject();
                    g.writeStringProperty("service", endpoint.service());
                    g.writeStringProperty("needs", need);
                    g.writeStringProperty("reason", r.reason());
                    g.writeEndObject();
                }
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void clientReach(JsonGenerator g, String name, Reachability r) {
        g.writeName(name);
        g.writeStartObject();
        g.writeBooleanProperty("reachable", r.reachable());
        if (!r.reachable()) {
            g.writeStringProperty("reason", r.reason());
        }
        g.writeEndObject();
    }

    private static void impact(JsonGenerator g, String name, Map<String, List<String>> impact) {
        g.writeName(name);
        g.writeStartObject();
        for (Map.Entry<String, List<String>> e : impact.entrySet()) {
            g.writeName(e.getKey());
            g.writeStartArray();
            for (String service : e.getValue()) {
                g.writeString(service);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void time(JsonGenerator g, String name, Duration value) {
        if (value == null) {
            g.writeNullProperty(name);
        } else {
            g.writeStringProperty(name, value.toString());
        }
    }

    private static void string(JsonGenerator g, String name, String value) {
        if (value == null) {
            g.writeNullProperty(name);
        } else {
            g.writeStringProperty(name, value);
        }
    }
}
