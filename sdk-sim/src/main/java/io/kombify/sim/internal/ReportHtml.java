package io.kombify.sim.internal;

import io.kombify.sim.Client;
import io.kombify.sim.CriticalStep;
import io.kombify.sim.DurationText;
import io.kombify.sim.EventKind;
import io.kombify.sim.NodeCapacity;
import io.kombify.sim.Reachability;
import io.kombify.sim.ServiceOutcome;
import io.kombify.sim.SimEvent;
import io.kombify.sim.SimulationReport;
import io.kombify.sim.Violation;
import io.kombify.sim.model.InternetLink;
import io.kombify.sim.model.ProxyRoute;
import io.kombify.sim.model.SimNode;
import io.kombify.sim.model.Site;
import io.kombify.sim.model.VpnMesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link SimulationReport} as one self-contained HTML page: inline CSS and inline SVG
 * pictures (a Gantt timeline per node, resource bars, the network), no scripts and no external
 * resources, so the file can be mailed, archived or opened offline. Output depends only on the
 * report, so the same report gives the same bytes.
 */
public final class ReportHtml {

    /** Lifecycle phases drawn on the timeline, in legend order: css class, label. */
    private static final String[][] PHASES = {
            {"pulling", "pulling image"},
            {"creating", "creating"},
            {"waiting", "created, waiting for needs"},
            {"checking", "started, health-checking"},
            {"ready", "ready"},
            {"unhealthy", "unhealthy"},
            {"restarting", "crashed / restarting"},
            {"down", "down / failed"},
    };

    /** Tick steps for the time axis, in milliseconds; the first giving at most 10 ticks wins. */
    private static final long[] TICKS = {
            100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
            1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000};

    private static final int WIDTH = 1160;
    private static final int LABEL_W = 210;
    private static final int ROW_H = 22;
    private static final int NODE_H = 26;

    private static final String CSS = """
            :root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;--ok:#2f9e44;--warn:#e8590c;--bad:#c92a2a;}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            main{max-width:1220px;margin:0 auto;padding:24px}
            header.top{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin-bottom:20px}
            header.top h1{margin:0 0 8px;font-size:24px}
            .meta{display:flex;flex-wrap:wrap;gap:8px 28px;color:var(--muted)}
            .meta b{color:var(--ink);font-weight:600}
            .mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
            .verdict{display:inline-block;margin-top:12px;padding:6px 14px;border-radius:999px;font-weight:600;color:#fff}
            .verdict.ok{background:var(--ok)}.verdict.bad{background:var(--bad)}
            section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 24px;margin-bottom:20px}
            section h2{margin:0 0 4px;font-size:18px}
            p.note{margin:0 0 12px;color:var(--muted)}
            svg{display:block;max-width:100%;height:auto}
            svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;fill:var(--ink)}
            table{border-collapse:collapse;width:100%;margin:8px 0 4px}
            th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
            th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            .state{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600}
            .s-healthy{background:#d3f9d8;color:#2b8a3e}.s-unhealthy{background:#fff3bf;color:#e67700}
            .s-down,.s-failed{background:#ffe3e3;color:#c92a2a}.s-exited{background:#ffe8cc;color:#d9480f}
            .s-pending,.s-pulling,.s-created,.s-starting{background:#e7f5ff;color:#1864ab}
            .yes{color:var(--ok);font-weight:600}.no{color:var(--bad);font-weight:600}
            .empty{color:var(--muted);font-style:italic}
            .nowrap{white-space:nowrap}
            span.small{font-size:12px;color:var(--muted)}
            .ph-pulling{fill:#74c0fc}.ph-creating{fill:#b197fc}.ph-waiting{fill:#dee2e6}.ph-checking{fill:#ffd43b}
            .ph-ready{fill:#51cf66}.ph-unhealthy{fill:#ff922b}.ph-restarting{fill:#f783ac}.ph-down{fill:#868e96}
            .track{fill:#f8f9fa}.nodeband{fill:#edf2f7}
            .grid{stroke:#e9ecef;stroke-width:1}.axis{stroke:#adb5bd;stroke-width:1}
            .fault{stroke:var(--bad);stroke-width:1.5;stroke-dasharray:5 3}.recovery{stroke:var(--ok);stroke-width:1.5;stroke-dasharray:2 3}
            text.fault-label{fill:var(--bad);font-size:11px;font-weight:600}text.recovery-label{fill:var(--ok);font-size:11px;font-weight:600}
            text.small{font-size:11px;fill:var(--muted)}text.node-label{font-weight:700;font-size:13px}text.svc{font-size:12px}
            .bar-bg{fill:#f1f3f5;stroke:#dee2e6}.bar-ok{fill:#4dabf7}.bar-over{fill:var(--warn)}.cap{stroke:var(--ink);stroke-width:2}
            .site-home{fill:#f4fce3;stroke:#94d82d}.site-cloud{fill:#e7f5ff;stroke:#4dabf7}
            .node-box{fill:#fff;stroke:#868e96}.link{stroke:#495057;stroke-width:2.5;fill:none}
            .vpn{stroke:#7048e8;stroke-width:1.6;stroke-dasharray:6 4;fill:none;opacity:.75}
            .legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin:10px 0 0;padding:0;list-style:none;color:var(--muted);font-size:12.5px}
            .legend span.sw{display:inline-block;width:14px;height:10px;border-radius:2px;margin-right:6px;vertical-align:middle}
            """;

    private ReportHtml() {
    }

    /** The whole page. */
    public static String write(SimulationReport report) {
        StringBuilder out = new StringBuilder(32_768);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Simulation of ").append(esc(report.stack())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        header(out, report);
        timeline(out, report);
        resources(out, report);
        network(out, report);
        tables(out, report);
        out.append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    // ---- header ------------------------------------------------------------------------------

    private static void header(StringBuilder out, SimulationReport report) {
        long ready = report.services().values().stream().filter(ServiceOutcome::isReady).count();
        int violations = report.violations().size();
        out.append("<header class=\"top\" id=\"summary\">\n<h1>Stack ").append(esc(report.stack())).append("</h1>\n<div class=\"meta\">")
                .append("<span>plan hash <b class=\"mono\">").append(esc(report.planHash()))
                .append("</b></span><span>seed <b>").append(report.seed()).append("</b></span><span>simulated <b>")
                .append(esc(DurationText.format(report.duration()))).append("</b></span><span>stack ready after <b>")
                .append(esc(report.readiness().allReadyAt().map(DurationText::format).orElse("never"))).append("</b></span>")
                .append("<span>nodes <b>").append(report.topology().nodes().size()).append("</b></span><span>services <b>")
                .append(report.services().size()).append("</b></span></div>\n");
        String verdict = report.allReady() ? "All ready: " + ready + " of " + report.services().size() + " services, no violations"
                : "Problems: " + ready + " of " + report.services().size() + " services ready at the end, " + violations
                + (violations == 1 ? " violation" : " violations");
        out.append("<div class=\"verdict ").append(report.allReady() ? "ok" : "bad").append("\" id=\"verdict\">")
                .append(esc(verdict)).append("</div>\n</header>\n");
    }

    // ---- (1) timeline ------------------------------------------------------------------------

    private record Segment(long from, long to, String phase) {
    }

    private record Marker(long time, boolean fault, String label) {
    }

    private static void timeline(StringBuilder out, SimulationReport report) {
        long horizon = report.duration().toMillis();
        long last = report.events().isEmpty() ? 0 : report.events().get(report.events().size() - 1).time().toMillis();
        long end = horizon;
        if (last * 5 / 4 < horizon) {
            end = Math.max(1_000, niceCeil(Math.max(last * 11 / 10, 1)));
            end = Math.min(end, horizon);
        }
        Map<String, List<Segment>> segments = segments(report, horizon);
        List<Marker> markers = markers(report);
        long deployed = report.readiness().allReadyAt().map(Duration::toMillis)
                .orElseGet(() -> report.services().values().stream().filter(s -> s.readyAt() != null)
                        .mapToLong(s -> s.readyAt().toMillis()).max().orElse(0));
        // A deployment of minutes vanishes on an axis of hours; a second chart shows it at a readable scale.
        if (deployed > 0 && deployed * 8 < end) {
            long deployEnd = Math.max(1_000, niceCeil(deployed * 11 / 10));
            out.append("<section id=\"deployment\">\n<h2>Deployment</h2>\n<p class=\"note\">The first ")
                    .append(esc(DurationText.format(Duration.ofMillis(deployEnd))))
                    .append(" in detail: images pulled, containers created, started once their needs were healthy, health-checked.</p>\n");
            chart(out, report, "gantt-deploy", "deploy", deployEnd, segments, markers);
            out.append("</section>\n");
        }
        out.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n<p class=\"note\">Every service's lifecycle, grouped by node, in virtual time");
        if (end < horizon) {
            out.append("; shown up to ").append(esc(DurationText.format(Duration.ofMillis(end)))).append(" of ")
                    .append(esc(DurationText.format(report.duration()))).append(", nothing changed after ")
                    .append(esc(DurationText.format(Duration.ofMillis(last))));
        }
        out.append(".</p>\n");
        chart(out, report, "gantt", "gantt", end, segments, markers);
        out.append("</section>\n");
    }

    private static void chart(StringBuilder out, SimulationReport report, String svgId, String prefix, long end,
                              Map<String, List<Segment>> segments, List<Marker> allMarkers) {
        List<Marker> markers = allMarkers.stream().filter(m -> m.time <= end).toList();

        int plotW = WIDTH - LABEL_W - 20;
        int markerRows = Math.min(4, markers.size());
        int top = 10 + markerRows * 15 + 8;
        int rows = 0;
        for (SimNode node : report.topology().nodes()) {
            rows += NODE_H;
            rows += ROW_H * (int) report.services().values().stream().filter(s -> s.node().equals(node.name())).count();
        }
        int height = top + rows + 34;

        out.append("<svg id=\"").append(svgId).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"Service lifecycle timeline\">\n");

        long step = tickStep(end);
        out.append("<g class=\"axis-grid\">\n");
        for (long t = 0; t <= end; t += step) {
            double x = LABEL_W + (double) t * plotW / end;
            out.append("<line class=\"grid\" x1=\"").append(fmt(x)).append("\" y1=\"").append(top).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(top + rows).append("\"/>\n");
        }
        out.append("</g>\n");

        int y = top;
        out.append("<g id=\"").append(prefix).append("-rows\">\n");
        for (SimNode node : report.topology().nodes()) {
            out.append("<g class=\"gantt-node\" id=\"").append(prefix).append("-node-").append(esc(node.name())).append("\">\n");
            out.append("<rect class=\"nodeband\" x=\"0\" y=\"").append(y).append("\" width=\"").append(WIDTH).append("\" height=\"")
                    .append(NODE_H).append("\"/>\n<text class=\"node-label\" x=\"8\" y=\"").append(y + 17).append("\">")
                    .append(esc(node.name())).append("</text><text class=\"small\" x=\"").append(LABEL_W).append("\" y=\"").append(y + 17)
                    .append("\">").append(esc("site " + node.site() + " \u00b7 " + (node.type() == null ? "node" : node.type().wire())
                            + " \u00b7 " + cores(node.cpu()) + " \u00b7 " + node.memory())).append("</text>\n");
            y += NODE_H;
            for (ServiceOutcome s : report.services().values()) {
                if (!s.node().equals(node.name())) {
                    continue;
                }
                out.append("<g class=\"gantt-row\" id=\"").append(prefix).append("-row-").append(esc(s.name())).append("\" data-service=\"").append(esc(s.name()))
                        .append("\">\n<rect class=\"track\" x=\"").append(LABEL_W).append("\" y=\"").append(y + 3).append("\" width=\"")
                        .append(plotW).append("\" height=\"").append(ROW_H - 6).append("\"/>\n<text class=\"svc\" x=\"20\" y=\"").append(y + 15)
                        .append("\">").append(esc(s.name())).append("</text>\n");
                for (Segment seg : segments.getOrDefault(s.name(), List.of())) {
                    if (seg.from >= end) {
                        continue;
                    }
                    long to = Math.min(seg.to, end);
                    double x1 = LABEL_W + (double) seg.from * plotW / end;
                    double w = Math.max(1.0, (double) (to - seg.from) * plotW / end);
                    out.append("<rect class=\"ph-").append(seg.phase).append("\" x=\"").append(fmt(x1)).append("\" y=\"").append(y + 3)
                            .append("\" width=\"").append(fmt(w)).append("\" height=\"").append(ROW_H - 6).append("\" rx=\"2\"><title>")
                            .append(esc(s.name() + ": " + phaseLabel(seg.phase) + " from " + DurationText.format(Duration.ofMillis(seg.from))
                                    + " to " + DurationText.format(Duration.ofMillis(seg.to))))
                            .append("</title></rect>\n");
                }
                out.append("</g>\n");
                y += ROW_H;
            }
            out.append("</g>\n");
        }
        out.append("</g>\n");

        out.append("<g id=\"").append(prefix).append("-axis\">\n<line class=\"axis\" x1=\"").append(LABEL_W).append("\" y1=\"").append(top + rows)
                .append("\" x2=\"").append(LABEL_W + plotW).append("\" y2=\"").append(top + rows).append("\"/>\n");
        for (long t = 0; t <= end; t += step) {
            double x = LABEL_W + (double) t * plotW / end;
            out.append("<line class=\"axis\" x1=\"").append(fmt(x)).append("\" y1=\"").append(top + rows).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(top + rows + 5).append("\"/><text class=\"small\" text-anchor=\"middle\" x=\"")
                    .append(fmt(x)).append("\" y=\"").append(top + rows + 18).append("\">").append(esc(DurationText.format(Duration.ofMillis(t))))
                    .append("</text>\n");
        }
        out.append("<text class=\"small\" text-anchor=\"end\" x=\"").append(LABEL_W + plotW).append("\" y=\"").append(top + rows + 31)
                .append("\">virtual time since the start</text>\n</g>\n");

        out.append("<g id=\"").append(prefix).append("-faults\">\n");
        int i = 0;
        for (Marker m : markers) {
            if (m.time > end) {
                continue;
            }
            double x = LABEL_W + (double) m.time * plotW / end;
            int labelY = 10 + (markerRows == 0 ? 0 : i % markerRows) * 15 + 10;
            String cls = m.fault ? "fault" : "recovery";
            boolean right = x > LABEL_W + plotW * 0.75;
            out.append("<g class=\"").append(cls).append("-marker\"><line class=\"").append(cls).append("\" x1=\"").append(fmt(x))
                    .append("\" y1=\"").append(labelY + 3).append("\" x2=\"").append(fmt(x)).append("\" y2=\"").append(top + rows)
                    .append("\"/><text class=\"").append(cls).append("-label\" x=\"").append(fmt(right ? x - 4 : x + 4))
                    .append(right ? "\" text-anchor=\"end" : "").append("\" y=\"").append(labelY).append("\">")
                    .append(esc(m.label + " @ " + DurationText.format(Duration.ofMillis(m.time)))).append("</text></g>\n");
            i++;
        }
        out.append("</g>\n</svg>\n<ul class=\"legend\" id=\"").append(prefix).append("-legend\">");
        for (String[] p : PHASES) {
            out.append("<li><svg width=\"14\" height=\"10\" style=\"display:inline;vertical-align:middle;margin-right:6px\"><rect class=\"ph-")
                    .append(p[0]).append("\" width=\"14\" height=\"10\" rx=\"2\"/></svg>").append(esc(p[1])).append("</li>");
        }
        out.append("<li><svg width=\"18\" height=\"10\" style=\"display:inline;vertical-align:middle;margin-right:6px\"><line class=\"fault\" x1=\"9\" y1=\"0\" x2=\"9\" y2=\"10\"/></svg>fault</li>")
                .append("<li><svg width=\"18\" height=\"10\" style=\"display:inline;vertical-align:middle;margin-right:6px\"><line class=\"recovery\" x1=\"9\" y1=\"0\" x2=\"9\" y2=\"10\"/></svg>recovery</li>")
                .append("</ul>\n");
    }

    /** Each service's phases, replayed from the event log. */
    private static Map<String, List<Segment>> segments(SimulationReport report, long horizon) {
        Map<String, String> phase = new LinkedHashMap<>();
        Map<String, Long> since = new LinkedHashMap<>();
        Map<String, List<Segment>> out = new LinkedHashMap<>();
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        for (ServiceOutcome s : report.services().values()) {
            out.put(s.name(), new ArrayList<>());
            byNode.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(s.name());
        }
        for (SimEvent e : report.events()) {
            long t = e.time().toMillis();
            if (e.kind() == EventKind.NODE_DOWN) {
                for (String s : byNode.getOrDefault(e.subject(), List.of())) {
                    change(out, phase, since, s, "down", t);
                }
                continue;
            }
            if (!out.containsKey(e.subject())) {
                continue;
            }
            String next = switch (e.kind()) {
                case PULL_STARTED, PULL_BLOCKED -> "pulling";
                case PULL_COMPLETED -> "creating";
                case CONTAINER_CREATED -> "waiting";
                case CONTAINER_STARTED -> "checking";
                case HEALTHY -> "ready";
                case UNHEALTHY -> "unhealthy";
                case CONTAINER_EXITED, OOM_KILLED, RESTART_SCHEDULED -> "restarting";
                case GAVE_UP, CREATE_FAILED -> "down";
                default -> null;
            };
            if (next != null) {
                change(out, phase, since, e.subject(), next, t);
            }
        }
        phase.forEach((s, p) -> {
            long from = since.get(s);
            if (from < horizon) {
                out.get(s).add(new Segment(from, horizon, p));
            }
        });
        return out;
    }

    private static void change(Map<String, List<Segment>> out, Map<String, String> phase, Map<String, Long> since, String service,
                               String next, long t) {
        String current = phase.get(service);
        if (next.equals(current)) {
            return;
        }
        if (current != null && t > since.get(service)) {
            out.get(service).add(new Segment(since.get(service), t, current));
        }
        phase.put(service, next);
        since.put(service, t);
    }

    private static List<Marker> markers(SimulationReport report) {
        List<Marker> out = new ArrayList<>();
        for (SimEvent e : report.events()) {
            long t = e.time().toMillis();
            String s = e.subject();
            switch (e.kind()) {
                case NODE_DOWN -> {
                    if (e.detail().startsWith("crashed")) {
                        out.add(new Marker(t, true, "node crash " + s));
                    }
                }
                case POWER_LOST -> out.add(new Marker(t, true, "power lost at " + s));
                case PARTITION_STARTED -> out.add(new Marker(t, true, "partition " + s));
                case DISK_FULL -> out.add(new Marker(t, true, "disk full on " + s));
                case MEMORY_PRESSURE -> out.add(new Marker(t, true, "memory pressure on " + s + labelDetail(e)));
                case MEMORY_SPIKE -> out.add(new Marker(t, true, "memory spike in " + s + labelDetail(e)));
                case CRASH_LOOP_STARTED -> out.add(new Marker(t, true, "crash loop " + s));
                case NODE_UP -> out.add(new Marker(t, false, s + " up"));
                case POWER_RESTORED -> out.add(new Marker(t, false, "power back at " + s));
                case PARTITION_HEALED -> out.add(new Marker(t, false, "partition healed " + s));
                case DISK_RECOVERED -> out.add(new Marker(t, false, "disk freed on " + s));
                case MEMORY_PRESSURE_RELIEVED -> out.add(new Marker(t, false, "memory back on " + s));
                case CRASH_LOOP_ENDED -> out.add(new Marker(t, false, "crash loop over " + s));
                case LINK_DEGRADED -> out.add(new Marker(t, true, "link degraded " + s + labelDetail(e)));
                case LINK_RESTORED -> out.add(new Marker(t, false, "link restored " + s));
                case PROVIDER_ERRORS_STARTED -> out.add(new Marker(t, true, "provider API errors at " + s + labelDetail(e)));
                case PROVIDER_ERRORS_ENDED -> out.add(new Marker(t, false, "provider API back at " + s));
                default -> {
                }
            }
        }
        return out;
    }

    private static String labelDetail(SimEvent e) {
        return e.detail().isEmpty() ? "" : " (" + e.detail() + ")";
    }

    private static String phaseLabel(String phase) {
        for (String[] p : PHASES) {
            if (p[0].equals(phase)) {
                return p[1];
            }
        }
        return phase;
    }

    private static long tickStep(long end) {
        for (long step : TICKS) {
            if (end / step <= 10) {
                return step;
            }
        }
        long week = TICKS[TICKS.length - 1];
        return (end / week / 10 + 1) * week;
    }

    /** The smallest tick multiple at or above {@code t}, so the axis ends on a labelled tick. */
    private static long niceCeil(long t) {
        long end = t;
        while (true) {
            long step = tickStep(end);
            long ceil = (end + step - 1) / step * step;
            if (ceil == end) {
                return end;
            }
            end = ceil;
        }
    }

    // ---- (2) resources -----------------------------------------------------------------------

    private static void resources(StringBuilder out, SimulationReport report) {
        int barX = LABEL_W;
        int barW = WIDTH - LABEL_W - 290;
        int nodeH = 64;
        int height = 10 + report.capacity().size() * nodeH;
        out.append("<section id=\"resources\">\n<h2>Resources per node</h2>\n<p class=\"note\">Requests of the services placed on each node "
                + "against its capacity (black line); requests beyond the capacity are over-committed and drawn in orange.</p>\n");
        out.append("<svg id=\"resource-bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"CPU and memory requests per node\">\n");
        int y = 10;
        for (NodeCapacity c : report.capacity().values()) {
            boolean over = c.isOvercommitted();
            out.append("<g class=\"resource-node").append(over ? " overcommitted" : "").append("\" id=\"resources-node-")
                    .append(esc(c.node())).append("\">\n<text class=\"node-label\" x=\"8\" y=\"").append(y + 16).append("\">")
                    .append(esc(c.node())).append("</text>\n");
            if (over) {
                out.append("<text class=\"small\" x=\"8\" y=\"").append(y + 32).append("\" style=\"fill:#e8590c;font-weight:600\">over-committed</text>\n");
            }
            bar(out, "cpu", "CPU", barX, y, barW, c.cpuRequested().millis(), c.cpu().millis(),
                    c.cpuRequested() + " of " + cores(c.cpu()));
            bar(out, "memory", "memory", barX, y + 26, barW, c.memoryRequested().bytes(), c.memory().bytes(),
                    c.memoryRequested() + " of " + c.memory());
            out.append("</g>\n");
            y += nodeH;
        }
        out.append("</svg>\n</section>\n");
    }

    private static void bar(StringBuilder out, String id, String label, int x, int y, int w, long requested, long capacity, String text) {
        long scale = Math.max(Math.max(requested, capacity), 1);
        double capX = x + (double) capacity * w / scale;
        double okW = (double) Math.min(requested, capacity) * w / scale;
        double overW = requested > capacity ? (double) (requested - capacity) * w / scale : 0;
        String pct = capacity == 0 ? "no capacity" : Math.round(requested * 100.0 / capacity) + "%";
        out.append("<g class=\"bar bar-").append(id).append("\"><text class=\"small\" x=\"").append(x - 8).append("\" y=\"").append(y + 14)
                .append("\" text-anchor=\"end\">").append(esc(label)).append("</text><rect class=\"bar-bg\" x=\"").append(x).append("\" y=\"")
                .append(y + 2).append("\" width=\"").append(w).append("\" height=\"16\" rx=\"3\"/>");
        out.append("<rect class=\"bar-ok\" x=\"").append(x).append("\" y=\"").append(y + 2).append("\" width=\"").append(fmt(okW))
                .append("\" height=\"16\" rx=\"3\"/>");
        if (overW > 0) {
            out.append("<rect class=\"bar-over\" x=\"").append(fmt(capX)).append("\" y=\"").append(y + 2).append("\" width=\"")
                    .append(fmt(overW)).append("\" height=\"16\"/>");
        }
        out.append("<line class=\"cap\" x1=\"").append(fmt(capX)).append("\" y1=\"").append(y - 1).append("\" x2=\"").append(fmt(capX))
                .append("\" y2=\"").append(y + 21).append("\"/><text x=\"").append(x + w + 12).append("\" y=\"").append(y + 14)
                .append("\"").append(requested > capacity ? " style=\"fill:#e8590c;font-weight:600\"" : "").append(">")
                .append(esc(text + " (" + pct + ")")).append("</text></g>\n");
    }

    // ---- (3) network -------------------------------------------------------------------------

    private static void network(StringBuilder out, SimulationReport report) {
        List<Site> sites = report.topology().sites();
        int n = Math.max(1, sites.size());
        int gap = sites.size() <= 2 ? 150 : 110;
        int boxW = Math.min(420, (WIDTH - 40 - gap * (n - 1)) / n);
        int nodeRowH = 40;
        int maxNodes = sites.stream().mapToInt(s -> s.nodes().size()).max().orElse(0);
        int arcSpace = sites.size() > 2 ? 30 + 22 * (sites.size() - 2) : 0;
        int boxTop = 20 + arcSpace;
        int boxH = 76 + maxNodes * nodeRowH;
        VpnMesh mesh = report.topology().vpnMesh().orElse(null);
        int height = boxTop + boxH + (mesh != null ? 84 : 24);
        int totalW = n * boxW + (n - 1) * gap;
        int left = (WIDTH - totalW) / 2;

        Map<String, double[]> siteBox = new LinkedHashMap<>();
        Map<String, double[]> nodeCenter = new LinkedHashMap<>();
        Map<String, Long> servicesOn = new LinkedHashMap<>();
        for (ServiceOutcome s : report.services().values()) {
            servicesOn.merge(s.node(), 1L, Long::sum);
        }

        out.append("<section id=\"network\">\n<h2>Network</h2>\n<p class=\"note\">Sites with their nodes and LAN, internet links between sites");
        if (mesh != null) {
            out.append(", the ").append(esc(mesh.kind().wire())).append(" VPN mesh as dashed lines");
        }
        out.append(".</p>\n<svg id=\"network-map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"Sites, nodes and links\">\n");

        for (int i = 0; i < sites.size(); i++) {
            double x = left + i * (boxW + gap);
            siteBox.put(sites.get(i).name(), new double[] {x, boxTop, boxW, boxH});
        }
        out.append("<g id=\"network-links\">\n");
        for (InternetLink link : report.topology().links()) {
            double[] a = siteBox.get(link.from());
            double[] b = siteBox.get(link.to());
            if (a == null || b == null) {
                continue;
            }
            String label = latency(link.latency()) + " \u00b7 " + mbps(link.bandwidthMbps());
            double ax = a[0] + a[2] / 2;
            double bx = b[0] + b[2] / 2;
            int distance = Math.abs(sites.indexOf(report.topology().site(link.from()).orElseThrow())
                    - sites.indexOf(report.topology().site(link.to()).orElseThrow()));
            out.append("<g class=\"internet-link\" data-from=\"").append(esc(link.from())).append("\" data-to=\"").append(esc(link.to())).append("\">");
            if (distance == 1) {
                double y = boxTop + 34;
                double x1 = Math.min(a[0] + a[2], b[0] + b[2]);
                double x2 = Math.max(a[0], b[0]);
                out.append("<line class=\"link\" x1=\"").append(fmt(x1)).append("\" y1=\"").append(fmt(y)).append("\" x2=\"").append(fmt(x2))
                        .append("\" y2=\"").append(fmt(y)).append("\"/><text class=\"small\" text-anchor=\"middle\" x=\"").append(fmt((x1 + x2) / 2))
                        .append("\" y=\"").append(fmt(y - 8)).append("\">").append(esc(label)).append("</text>");
            } else {
                double peak = boxTop - 8 - 22 * (distance - 1);
                out.append("<path class=\"link\" d=\"M").append(fmt(ax)).append(' ').append(boxTop).append(" C").append(fmt(ax)).append(' ')
                        .append(fmt(peak)).append(' ').append(fmt(bx)).append(' ').append(fmt(peak)).append(' ').append(fmt(bx)).append(' ')
                        .append(boxTop).append("\"/><text class=\"small\" text-anchor=\"middle\" x=\"").append(fmt((ax + bx) / 2))
                        .append("\" y=\"").append(fmt(boxTop - 2 - 22 * (distance - 1) * 0.75 - 8)).append("\">").append(esc(label)).append("</text>");
            }
            out.append("</g>\n");
        }
        out.append("</g>\n<g id=\"network-sites\">\n");
        for (Site site : sites) {
            double[] b = siteBox.get(site.name());
            String kind = site.kind().wire();
            out.append("<g class=\"site\" id=\"site-").append(esc(site.name())).append("\"><rect class=\"site-").append(kind).append("\" x=\"")
                    .append(fmt(b[0])).append("\" y=\"").append(fmt(b[1])).append("\" width=\"").append(fmt(b[2])).append("\" height=\"")
                    .append(fmt(b[3])).append("\" rx=\"12\" stroke-width=\"2\"/><text class=\"node-label\" x=\"").append(fmt(b[0] + 14))
                    .append("\" y=\"").append(fmt(b[1] + 22)).append("\">").append(esc(site.name() + " (" + kind + ")")).append("</text>")
                    .append("<text class=\"small\" x=\"").append(fmt(b[0] + 14)).append("\" y=\"").append(fmt(b[1] + 40)).append("\">")
                    .append(esc("LAN " + mbps(site.lan().bandwidthMbps()) + ", " + latency(site.lan().latency()))).append("</text>")
                    .append("<text class=\"small\" x=\"").append(fmt(b[0] + 14)).append("\" y=\"").append(fmt(b[1] + 54)).append("\">")
                    .append(esc("internet down " + mbps(site.downlinkMbps()) + ", up " + mbps(site.uplinkMbps()))).append("</text>\n");
            double ny = b[1] + 66;
            if (!site.nodes().isEmpty()) {
                String lanColor = site.kind() == io.kombify.sim.model.SiteKind.HOME ? "#5c940d" : "#1971c2";
                double busTop = ny + (nodeRowH - 8) / 2.0;
                double busBottom = busTop + (site.nodes().size() - 1) * nodeRowH;
                out.append("<g class=\"lan\"><line x1=\"").append(fmt(b[0] + 18)).append("\" y1=\"").append(fmt(ny - 4)).append("\" x2=\"")
                        .append(fmt(b[0] + 18)).append("\" y2=\"").append(fmt(busBottom)).append("\" stroke=\"").append(lanColor)
                        .append("\" stroke-width=\"3\"/>");
                for (int k = 0; k < site.nodes().size(); k++) {
                    double yk = busTop + k * nodeRowH;
                    out.append("<line x1=\"").append(fmt(b[0] + 18)).append("\" y1=\"").append(fmt(yk)).append("\" x2=\"").append(fmt(b[0] + 30))
                            .append("\" y2=\"").append(fmt(yk)).append("\" stroke=\"").append(lanColor).append("\" stroke-width=\"3\"/>");
                }
                out.append("</g>\n");
            }
            for (String nodeName : site.nodes()) {
                SimNode node = report.topology().node(nodeName).orElse(null);
                double nx = b[0] + 30;
                double nw = b[2] - 44;
                // Tunnels leave each node on the side facing the middle of the picture, so they cross between the sites.
                boolean leftHalf = b[0] + b[2] / 2 < WIDTH / 2.0;
                nodeCenter.put(nodeName, new double[] {leftHalf || n == 1 ? nx + nw - 14 : nx + 14, ny + (nodeRowH - 8) / 2.0,
                        leftHalf || n == 1 ? 1 : -1});
                long count = servicesOn.getOrDefault(nodeName, 0L);
                String about = node == null ? "" : (node.type() == null ? "" : node.type().wire() + " \u00b7 ") + node.arch() + " \u00b7 "
                        + cores(node.cpu()) + " \u00b7 " + node.memory();
                boolean coordinator = mesh != null && nodeName.equals(mesh.coordinator());
                out.append("<g class=\"net-node\" id=\"net-node-").append(esc(nodeName)).append("\"><rect class=\"node-box\" x=\"").append(fmt(nx))
                        .append("\" y=\"").append(fmt(ny)).append("\" width=\"").append(fmt(nw)).append("\" height=\"").append(nodeRowH - 8)
                        .append("\" rx=\"6\"/><text class=\"svc\" style=\"font-weight:600\" x=\"").append(fmt(nx + (leftHalf || n == 1 ? 10 : 26))).append("\" y=\"")
                        .append(fmt(ny + 14)).append("\">").append(esc(nodeName)).append("<tspan style=\"font-weight:400;font-size:11px;fill:#616e7c\">")
                        .append(esc("  " + count + (count == 1 ? " service" : " services"))).append("</tspan>")
                        .append(coordinator ? "<tspan style=\"font-size:11px;fill:#7048e8\">  \u2605 VPN coordinator</tspan>" : "").append("</text>")
                        .append("<text class=\"small\" x=\"").append(fmt(nx + (leftHalf || n == 1 ? 10 : 26))).append("\" y=\"").append(fmt(ny + 27)).append("\">")
                        .append(esc(about)).append("</text></g>\n");
                ny += nodeRowH;
            }
            out.append("</g>\n");
        }
        out.append("</g>\n");
        if (mesh != null) {
            out.append("<g id=\"network-vpn\" class=\"vpn-mesh\">\n");
            List<String> members = mesh.members().stream().filter(nodeCenter::containsKey).toList();
            // A full mesh of many nodes is unreadable; beyond a dozen members the picture shows each member's tunnel to the first.
            boolean full = members.size() <= 12;
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    if (!full && i > 0) {
                        break;
                    }
                    double[] a = nodeCenter.get(members.get(i));
                    double[] b = nodeCenter.get(members.get(j));
                    String d;
                    if (Math.abs(a[0] - b[0]) < 1) {
                        // Two nodes of one site: a bow beside them.
                        double mx = a[0] + a[2] * (30 + Math.abs(a[1] - b[1]) / 3);
                        d = "M" + fmt(a[0]) + ' ' + fmt(a[1]) + " Q" + fmt(mx) + ' ' + fmt((a[1] + b[1]) / 2) + ' ' + fmt(b[0]) + ' ' + fmt(b[1]);
                    } else {
                        // Across sites: a curve dipping below the site boxes, wider pairs lower, so tunnels do not run through nodes.
                        double cy = boxTop + boxH + 24 + Math.abs(a[0] - b[0]) / 25;
                        d = "M" + fmt(a[0]) + ' ' + fmt(a[1]) + " C" + fmt(a[0]) + ' ' + fmt(cy) + ' ' + fmt(b[0]) + ' ' + fmt(cy) + ' '
                                + fmt(b[0]) + ' ' + fmt(b[1]);
                    }
                    out.append("<path class=\"vpn\" d=\"").append(d).append("\"><title>")
                            .append(esc(mesh.kind().wire() + " tunnel " + members.get(i) + " \u2194 " + members.get(j))).append("</title></path>\n");
                }
            }
            for (String m : members) {
                double[] c = nodeCenter.get(m);
                out.append("<circle cx=\"").append(fmt(c[0])).append("\" cy=\"").append(fmt(c[1])).append("\" r=\"4\" fill=\"#7048e8\"/>\n");
            }
            out.append("<text class=\"small\" x=\"20\" y=\"").append(height - 14).append("\" style=\"fill:#7048e8;font-weight:600\">")
                    .append(esc("VPN mesh: " + mesh.kind().wire() + ", " + members.size() + " members"
                            + mesh.coordinatorNode().map(c -> ", coordinated from " + c).orElse("")))
                    .append("</text>\n</g>\n");
        }
        out.append("</svg>\n");

        out.append("<h3>Addresses</h3>\n<p class=\"note\">What firewall rules with a network source see: a node's LAN address"
                + " on its site, its mesh address over the VPN, its public address between sites over the internet (home nodes"
                + " share their router's).</p>\n<table id=\"addresses\"><thead><tr><th>Node</th><th>Site</th><th>LAN</th><th>VPN mesh</th>"
                + "<th>Public</th></tr></thead><tbody>\n");
        for (SimNode node : report.topology().nodes()) {
            boolean shared = report.topology().site(node.site()).map(site -> node.publicAddress().equals(site.publicAddress())).orElse(false);
            out.append("<tr id=\"address-").append(esc(node.name())).append("\"><td>").append(esc(node.name())).append("</td><td>")
                    .append(esc(node.site())).append("</td><td class=\"mono\">").append(esc(node.address())).append("</td><td class=\"mono\">")
                    .append(node.vpnAddress() == null ? "<span class=\"empty\">none</span>" : esc(node.vpnAddress()))
                    .append("</td><td><span class=\"mono\">").append(esc(node.publicAddress())).append("</span>")
                    .append(shared ? " <span class=\"small\">shared by site " + esc(node.site()) + "</span>" : "").append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");

        out.append("<h3>Proxy routes</h3>\n");
        if (report.topology().routes().isEmpty()) {
            out.append("<p class=\"empty\">No proxy routes.</p>\n");
        } else {
            out.append("<table id=\"routes\"><thead><tr><th>Domain</th><th>Service</th><th>Node</th><th>TLS</th>"
                    + "<th>Home LAN</th><th>VPN</th><th>Internet</th></tr></thead><tbody>\n");
            for (ProxyRoute r : report.topology().routes()) {
                out.append("<tr><td class=\"mono nowrap\">").append(esc(r.domain())).append("</td><td class=\"nowrap\">").append(esc(r.service()))
                        .append("</td><td class=\"nowrap\">").append(esc(r.node())).append("</td><td>").append(esc(r.tls() == null ? "default" : r.tls().wire())).append("</td>");
                List<Reachability> reach = new ArrayList<>();
                for (Client client : List.of(Client.onHomeLan(), Client.onVpn(), Client.onInternet())) {
                    reach.add(report.reachability(client, r.service()));
                }
                boolean sameRefusal = reach.stream().noneMatch(Reachability::reachable)
                        && reach.stream().map(Reachability::reason).distinct().count() == 1;
                if (sameRefusal) {
                    // One reason for every client reads better once across the three columns than three times.
                    out.append("<td colspan=\"3\"><span class=\"no\">blocked for all</span> <span class=\"small\">")
                            .append(esc(reach.get(0).reason())).append("</span></td>");
                } else {
                    for (Reachability one : reach) {
                        out.append(one.reachable() ? "<td class=\"yes\">reachable</td>"
                                : "<td><span class=\"no\">blocked</span> <span class=\"small\">" + esc(one.reason()) + "</span></td>");
                    }
                }
                out.append("</tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        out.append("</section>\n");
    }

    private static String cores(io.kombify.core.CpuQuantity cpu) {
        return cpu + (cpu.millis() == 1000 ? " core" : " cores");
    }

    private static String mbps(int mbps) {
        return mbps >= 1000 && mbps % 1000 == 0 ? mbps / 1000 + " Gbit/s" : mbps + " Mbit/s";
    }

    private static String latency(Duration d) {
        long micros = d.toNanos() / 1000;
        if (micros % 1000 == 0) {
            return micros / 1000 + " ms";
        }
        return fmt(micros / 1000.0) + " ms";
    }

    // ---- (4) tables --------------------------------------------------------------------------

    private static void tables(StringBuilder out, SimulationReport report) {
        out.append("<section id=\"services\">\n<h2>Services</h2>\n<table><thead><tr><th>Service</th><th>Node</th><th>State at the end</th>"
                + "<th>First ready at</th><th class=\"num\">Restarts</th></tr></thead><tbody>\n");
        for (ServiceOutcome s : report.services().values()) {
            out.append("<tr id=\"service-").append(esc(s.name())).append("\"><td>").append(esc(s.name())).append("</td><td>").append(esc(s.node()))
                    .append("</td><td><span class=\"state s-").append(s.state().wire()).append("\">").append(esc(s.state().wire()))
                    .append("</span></td><td>").append(s.readyAt() == null ? "<span class=\"empty\">never</span>" : esc(DurationText.format(s.readyAt())))
                    .append("</td><td class=\"num\">").append(s.restarts()).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n</section>\n");

        out.append("<section id=\"violations\">\n<h2>Violations</h2>\n");
        if (report.violations().isEmpty()) {
            out.append("<p class=\"empty\">None: no rule was broken.</p>\n");
        } else {
            out.append("<table><thead><tr><th>Time</th><th>Code</th><th>Subject</th><th>Message</th></tr></thead><tbody>\n");
            for (Violation v : report.violations()) {
                out.append("<tr><td>").append(esc(DurationText.format(v.time()))).append("</td><td class=\"mono\">").append(esc(v.code()))
                        .append("</td><td>").append(esc(v.subject())).append("</td><td>").append(esc(v.message())).append("</td></tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        out.append("</section>\n");

        out.append("<section id=\"impact\">\n<h2>Failure impact</h2>\n<p class=\"note\">The services lost if a node or a whole site fails: "
                + "those placed there and everything that needs them.</p>\n<table><thead><tr><th>If this fails</th><th class=\"num\">Lost</th>"
                + "<th>Services</th></tr></thead><tbody>\n");
        impactRows(out, "node", report.failureImpact().nodes());
        impactRows(out, "site", report.failureImpact().sites());
        out.append("</tbody></table>\n</section>\n");

        out.append("<section id=\"critical-path\">\n<h2>Critical path</h2>\n");
        List<CriticalStep> path = report.readiness().criticalPath();
        if (path.isEmpty()) {
            out.append("<p class=\"empty\">None: no service became ready.</p>\n");
        } else {
            out.append("<p class=\"note\">The chain of needs that ends with the last service to become ready; "
                    + "shortening any step shortens the whole deployment.</p>\n<table><thead><tr><th>#</th><th>Service</th>"
                    + "<th>Ready at</th></tr></thead><tbody>\n");
            int i = 1;
            for (CriticalStep step : path) {
                out.append("<tr><td>").append(i++).append("</td><td>").append(esc(step.service())).append("</td><td>")
                        .append(esc(DurationText.format(step.readyAt()))).append("</td></tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        out.append("</section>\n");
    }

    private static void impactRows(StringBuilder out, String what, Map<String, List<String>> impact) {
        for (Map.Entry<String, List<String>> e : impact.entrySet()) {
            out.append("<tr><td>").append(what).append(' ').append(esc(e.getKey())).append("</td><td class=\"num\">").append(e.getValue().size())
                    .append("</td><td>").append(e.getValue().isEmpty() ? "<span class=\"empty\">nothing</span>" : esc(String.join(", ", e.getValue())))
                    .append("</td></tr>\n");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Escapes text for HTML and SVG content and double- or single-quoted attributes. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters are not allowed in XML (inline SVG); drop them rather than break the picture.
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A coordinate with at most one decimal, written the same on every locale. */
    private static String fmt(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }
}
