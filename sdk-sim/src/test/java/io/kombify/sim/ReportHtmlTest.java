package io.kombify.sim;

import io.kombify.core.ByteSize;
import io.kombify.sim.model.Topology;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class ReportHtmlTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final SimulationReport TROUBLED = Simulation.of(Specs.resource("hybrid-closed-home-firewall.yaml")).seed(42)
            .fault(Fault.nodeCrash("mini-pc").at(Duration.ofHours(1)))
            .fault(Fault.memorySpike("immich-valkey", ByteSize.parse("1Gi")).at(Duration.ofMinutes(30)))
            .runFor(Duration.ofHours(2));

    @Test
    void isOneSelfContainedPageWithoutScriptsOrExternalResources() {
        String html = TROUBLED.toHtml();

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").contains("<style>")
                .doesNotContain("<script", "<link", "@import", "url(", "http://cdn", "https://");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://");
    }

    @Test
    void headerNamesStackPlanSeedDurationAndVerdict() {
        String html = TROUBLED.toHtml();

        assertThat(html).contains("<h1>Stack hybrid-lab</h1>", TROUBLED.planHash(), "seed <b>42</b>", "simulated <b>2h</b>")
                .contains("<div class=\"verdict bad\" id=\"verdict\">Problems: 12 of 14 services ready at the end, 1 violation</div>");
        assertThat(Simulation.of(Specs.sample("single-node-homelab.yaml")).runFor(Duration.ofHours(1)).toHtml())
                .containsPattern("<div class=\"verdict ok\" id=\"verdict\">All ready: \\d+ of \\d+ services, no violations</div>");
    }

    @Test
    void drawsOneGanttRowPerServiceInsideItsNodesGroup() {
        String html = TROUBLED.toHtml();

        assertThat(count(html, "<svg id=\"gantt\"")).isEqualTo(1);
        assertThat(count(html, "<g class=\"gantt-row\" id=\"gantt-row-")).isEqualTo(TROUBLED.services().size());
        assertThat(count(html, "<g class=\"gantt-row\" id=\"deploy-row-")).isEqualTo(TROUBLED.services().size());
        for (ServiceOutcome s : TROUBLED.services().values()) {
            int node = html.indexOf("<g class=\"gantt-node\" id=\"gantt-node-" + s.node() + "\">");
            int row = html.indexOf("<g class=\"gantt-row\" id=\"gantt-row-" + s.name() + "\"");
            assertThat(node).as("node group of %s", s.node()).isNotNegative();
            assertThat(row).as("row of %s", s.name()).isGreaterThan(node);
            assertThat(html.indexOf("</g>\n</g>\n", node)).as("row of %s inside its node group", s.name()).isGreaterThan(row);
        }
    }

    @Test
    void colorsSegmentsByPhaseAndMarksFaultsOnTheTimeline() {
        String html = TROUBLED.toHtml();
        String paperless = row(html, "paperless");

        assertThat(paperless).contains("class=\"ph-pulling\"", "class=\"ph-ready\"", "class=\"ph-down\"")
                .contains("<title>paperless: ready from 2m11.499s to 1h</title>");
        assertThat(row(html, "immich-valkey")).contains("class=\"ph-restarting\"");
        assertThat(html).contains("<text class=\"fault-label\"", ">node crash mini-pc @ 1h</text>",
                ">memory spike in immich-valkey (+1 GiB) @ 30m</text>");
        assertThat(html).contains("<ul class=\"legend\" id=\"gantt-legend\">", "crashed / restarting", "started, health-checking");
    }

    @Test
    void axisTicksAreSensibleVirtualTimes() {
        String html = TROUBLED.toHtml();
        List<String> ticks = new ArrayList<>();
        Matcher m = Pattern.compile("<text class=\"small\" text-anchor=\"middle\" x=\"[0-9.]+\" y=\"\\d+\">([^<]+)</text>")
                .matcher(html.substring(html.indexOf("<g id=\"gantt-axis\">"), html.indexOf("<g id=\"gantt-faults\">")));
        while (m.find()) {
            ticks.add(m.group(1));
        }

        assertThat(ticks).containsExactly("0s", "10m", "20m", "30m", "40m", "50m", "1h", "1h10m");
    }

    @Test
    void showsTheDeploymentInDetailWhenTheRunIsMuchLonger() {
        String html = TROUBLED.toHtml();
        String deploy = html.substring(html.indexOf("<svg id=\"gantt-deploy\""), html.indexOf("<section id=\"timeline\">"));

        assertThat(html).contains("<section id=\"deployment\">\n<h2>Deployment</h2>\n<p class=\"note\">The first 3m in detail");
        assertThat(deploy).contains(">2m</text>", ">3m</text>").doesNotContain("node crash mini-pc");
    }

    @Test
    void zoomsIntoTheDeploymentWhenNothingHappensLater() {
        String html = Simulation.of(Specs.sample("single-node-homelab.yaml")).runFor(Duration.ofHours(24)).toHtml();

        assertThat(html).containsPattern("shown up to [0-9ms.]+ of 1d, nothing changed after ")
                .doesNotContain(">12h</text>");
    }

    @Test
    void drawsResourceBarsWithOvercommitInWarningColor() {
        SimulationReport report = Simulation.of(Specs.yaml("""
                name: tight-lab
                nodes:
                  - name: box
                    type: main
                    provider: docker
                    resources: {cpu: 8, memory: 16Gi, disk: 100Gi}
                  - name: small
                    type: worker
                    provider: docker
                    resources: {cpu: 1, memory: 1Gi, disk: 20Gi}
                services:
                  - name: hog
                    type: service
                    node: small
                    config: {image: "acme/hog:1"}
                    resources: {memoryLimit: 2Gi, cpuLimit: "2"}
                """)).runFor(Duration.ofMinutes(10));
        String html = report.toHtml();

        assertThat(count(html, "<g class=\"resource-node")).isEqualTo(report.capacity().size());
        assertThat(html).contains("<g class=\"resource-node overcommitted\" id=\"resources-node-small\">")
                .contains("class=\"bar-over\"").containsPattern(">2Gi of 1Gi \\(200%\\)</text>");
        assertThat(TROUBLED.toHtml()).contains("id=\"resources-node-edge-vps\"", "768Mi of 8Gi (9%)", "3 of 4 cores (75%)")
                .doesNotContain("resource-node overcommitted");
    }

    @Test
    void drawsSitesLinksVpnMeshAndListsProxyRoutes() {
        String html = TROUBLED.toHtml();
        Topology topology = TROUBLED.topology();

        assertThat(count(html, "<g class=\"site\"")).isEqualTo(topology.sites().size());
        assertThat(count(html, "<g class=\"net-node\"")).isEqualTo(topology.nodes().size());
        assertThat(count(html, "<g class=\"internet-link\"")).isEqualTo(topology.links().size());
        assertThat(html).contains("<g id=\"network-vpn\" class=\"vpn-mesh\">", "class=\"vpn\"", "20 ms \u00b7 40 Mbit/s", "\u2605 VPN coordinator")
                .contains("<table id=\"routes\">", "<td class=\"mono nowrap\">photos.example.net</td>")
                .contains("<td colspan=\"3\"><span class=\"no\">blocked for all</span> <span class=\"small\">traefik cannot forward"
                        + " photos.example.net to immich-server: the firewall on home-server does not admit tcp port 2283 from the VPN");
        assertThat(count(html, "<g class=\"lan\">")).isEqualTo(topology.sites().size());
        assertThat(Simulation.of(Specs.sample("single-node-homelab.yaml")).runFor(Duration.ofHours(1)).toHtml())
                .doesNotContain("id=\"network-vpn\"");
    }

    @Test
    void listsEveryNodesLanMeshAndPublicAddress() {
        String html = TROUBLED.toHtml();

        assertThat(html).contains("<h3>Addresses</h3>", "<table id=\"addresses\">")
                .contains("<tr id=\"address-edge-vps\"><td>edge-vps</td><td>hetzner</td><td class=\"mono\">10.1.0.1</td>"
                        + "<td class=\"mono\">100.64.0.1</td><td><span class=\"mono\">203.0.113.1</span></td></tr>")
                .contains("<tr id=\"address-mini-pc\"><td>mini-pc</td><td>home</td><td class=\"mono\">10.42.0.3</td>"
                        + "<td class=\"mono\">100.64.0.3</td><td><span class=\"mono\">198.51.100.1</span>"
                        + " <span class=\"small\">shared by site home</span></td></tr>");
        assertThat(count(html, "<tr id=\"address-")).isEqualTo(TROUBLED.topology().nodes().size());
        assertThat(Simulation.of(Specs.sample("single-node-homelab.yaml")).runFor(Duration.ofHours(1)).toHtml())
                .contains("<td class=\"mono\">172.20.0.2</td><td class=\"mono\"><span class=\"empty\">none</span></td>");
    }

    @Test
    void listsServicesViolationsImpactAndCriticalPath() {
        String html = TROUBLED.toHtml();

        assertThat(html).contains("<tr id=\"service-paperless\"><td>paperless</td><td>mini-pc</td><td><span class=\"state s-down\">down</span></td>"
                        + "<td>2m11.499s</td><td class=\"num\">0</td></tr>")
                .contains("<td class=\"mono\">OOM_KILLED</td><td>immich-valkey</td>")
                .contains("<tr><td>node mini-pc</td><td class=\"num\">2</td><td>paperless, paperless-redis</td></tr>")
                .contains("<tr><td>2</td><td>immich-server</td><td>2m29.866s</td></tr>");
    }

    @Test
    void escapesTextFromTheRunInHtmlAndSvg() {
        SimulationReport hostile = new SimulationReport(TROUBLED.stack(), TROUBLED.planHash(), TROUBLED.seed(), TROUBLED.duration(),
                TROUBLED.topology(), TROUBLED.services(),
                List.of(new Violation("OOM_KILLED", "<script>alert('x')</script> & \"more\"", "immich-valkey", Duration.ofMinutes(1))),
                List.of(new SimEvent(Duration.ofMinutes(1), EventKind.MEMORY_PRESSURE, "home-server", "<b onload=x>1Gi</b>")),
                TROUBLED.failureImpact(), TROUBLED.capacity(), TROUBLED.readiness());
        String html = hostile.toHtml();

        assertThat(html).doesNotContain("<script>", "<b onload")
                .contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</td>")
                .contains("memory pressure on home-server (&lt;b onload=x&gt;1Gi&lt;/b&gt;) @ 1m</text>");
    }

    @Test
    void sameReportGivesSameBytes() {
        SimulationReport again = Simulation.of(Specs.resource("hybrid-closed-home-firewall.yaml")).seed(42)
                .fault(Fault.nodeCrash("mini-pc").at(Duration.ofHours(1)))
                .fault(Fault.memorySpike("immich-valkey", ByteSize.parse("1Gi")).at(Duration.ofMinutes(30)))
                .runFor(Duration.ofHours(2));

        assertThat(again.toHtml()).isEqualTo(TROUBLED.toHtml());
    }

    @Test
    void rendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMIUM + " is missing; CI must install it (apt-get install chromium)");
            }
            Assumptions.abort(CHROMIUM + " is missing; install it to run the render test: apt-get install chromium");
        }
        Path page = dir.resolve("report.html");
        Files.writeString(page, TROUBLED.toHtml(), StandardCharsets.UTF_8);

        String dom = chromium(dir, "--dump-dom", page.toUri().toString());

        assertThat(count(dom, "<svg")).as("svg elements in the rendered DOM").isGreaterThanOrEqualTo(3);
        assertThat(dom).contains("id=\"gantt\"", "id=\"resource-bars\"", "id=\"network-map\"", "id=\"network-vpn\"");
        assertThat(count(dom, "id=\"gantt-row-")).isEqualTo(TROUBLED.services().size());
        assertThat(count(dom, "class=\"site\"")).isEqualTo(TROUBLED.topology().sites().size());

        Path png = dir.resolve("report.png");
        chromium(dir, "--screenshot=" + png, "--window-size=1400,2000", page.toUri().toString());

        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).as("screenshot size").isGreaterThan(20_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private static String chromium(Path dir, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("chromium-" + System.nanoTime() + ".out");
        Path stderr = dir.resolve("chromium-" + System.nanoTime() + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("chromium did not finish within 90 s: " + Files.readString(stderr));
        }
        assertThat(process.exitValue()).as("chromium exit status; stderr: %s", Files.readString(stderr)).isZero();
        return Files.readString(stdout);
    }

    private static String row(String html, String service) {
        int start = html.indexOf("<g class=\"gantt-row\" id=\"gantt-row-" + service + "\"");
        assertThat(start).as("row of %s", service).isNotNegative();
        return html.substring(start, html.indexOf("</g>", start));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
