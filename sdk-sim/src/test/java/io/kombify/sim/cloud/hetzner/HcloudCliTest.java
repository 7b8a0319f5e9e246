package io.kombify.sim.cloud.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The official Hetzner Cloud command ({@code hcloud}, Debian's {@code hcloud-cli}) against the
 * fake: it creates, lists, describes and deletes a server as it would against the real API.
 * Skipped when {@code hcloud} is not installed, except on CI ({@code CI=true}), where that fails.
 */
class HcloudCliTest {
    @TempDir
    Path home;
    HetznerCloudFake fake;
    Path hcloud;

    record Run(int status, String output) {
    }

    @BeforeEach
    void findIt() {
        hcloud = findHcloud();
    }

    private void start(int actionPolls) {
        fake = HetznerCloudFake.builder().actionPolls(actionPolls).start();
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private static Path findHcloud() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "hcloud"));
            }
        }
        candidates.add(Path.of("/usr/bin/hcloud"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = "the hcloud command is not installed; install Debian's hcloud-cli: apt-get install hcloud-cli";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("hcloud is required on CI: " + message);
        }
        assumeTrue(false, "skipped: " + message);
        return null;
    }

    /** Runs hcloud with a configuration of its own (never the user's) pointed at the fake. */
    private Run hcloud(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(hcloud.toString());
        command.add("--poll-interval");
        command.add("20ms");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("HCLOUD_"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("HCLOUD_CONFIG", home.resolve("cli.toml").toString());
        env.put("HCLOUD_ENDPOINT", fake.endpoint().toString());
        env.put("HCLOUD_TOKEN", fake.token());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("hcloud " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private Run ok(String... args) throws IOException, InterruptedException {
        Run r = hcloud(args);
        assertThat(r.status()).as("hcloud %s%n%s", String.join(" ", args), r.output()).isZero();
        return r;
    }

    @Test
    void createsListsDescribesAndDeletesAServer() throws Exception {
        start(1);
        assertThat(ok("ssh-key", "create", "--name", "me", "--public-key", Keys.ED25519).output()).contains("SSH key 1 created");

        Run create = ok("server", "create", "--name", "web-1", "--type", "cx22", "--image", "debian-12", "--location", "fsn1",
                "--ssh-key", "me");
        assertThat(create.output()).contains("Server 2 created").contains("IPv4: 203.0.113.1").contains("IPv6: 2001:db8:1::1");
        assertThat(fake.resources("servers")).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("web-1");
            assertThat(s.json()).contains("\"status\":\"running\"");
        });

        JsonNode list = Api.JSON.readTree(ok("server", "list", "-o", "json").output());
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).path("name").asString()).isEqualTo("web-1");
        assertThat(list.get(0).path("status").asString()).isEqualTo("running");
        assertThat(list.get(0).path("public_net").path("ipv4").path("ip").asString()).isEqualTo("203.0.113.1");
        assertThat(ok("server", "list", "-o", "noheader").output().strip())
                .matches("2\\s+web-1\\s+running\\s+203\\.0\\.113\\.1\\s+2001:db8:1::/64\\s+-\\s+fsn1-dc14");

        JsonNode described = Api.JSON.readTree(ok("server", "describe", "web-1", "-o", "json").output());
        assertThat(described.path("id").asLong()).isEqualTo(2);
        assertThat(described.path("server_type").path("name").asString()).isEqualTo("cx22");
        assertThat(described.path("image").path("name").asString()).isEqualTo("debian-12");
        assertThat(described.path("datacenter").path("location").path("name").asString()).isEqualTo("fsn1");

        assertThat(ok("server", "delete", "web-1").output()).contains("Server web-1 deleted");
        assertThat(fake.resources("servers")).isEmpty();
        assertThat(fake.resources("primary_ips")).isEmpty();
        assertThat(hcloud("server", "describe", "web-1").output()).contains("server not found: web-1");

        List<FakeRequest> requests = fake.requests();
        assertThat(requests).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isLessThan(400));
        assertThat(requests).filteredOn(r -> r.method().equals("POST") && r.path().equals("/v1/servers")).singleElement()
                .satisfies(r -> {
                    JsonNode body = Api.JSON.readTree(r.body());
                    assertThat(body.path("name").asString()).isEqualTo("web-1");
                    assertThat(body.path("server_type").asString()).isEqualTo("cx22");
                    assertThat(body.path("image").asLong()).isEqualTo(114690387);
                    assertThat(body.path("ssh_keys").toString()).isEqualTo("[1]");
                    assertThat(r.contentType()).startsWith("application/json");
                });
        assertThat(requests).extracting(r -> r.method() + " " + r.apiPath())
                .contains("GET /images", "POST /servers", "GET /servers/2", "DELETE /servers/2");
    }

    @Test
    void reportsTheErrorsTheFakeAnswersWith() throws Exception {
        start(0);
        ok("server", "create", "--name", "web-1", "--type", "cx22", "--image", "debian-12");
        Run duplicate = hcloud("server", "create", "--name", "web-1", "--type", "cx22", "--image", "debian-12");

        assertThat(duplicate.status()).isNotZero();
        assertThat(duplicate.output()).contains("server name is already used (uniqueness_error)");
        fake.faults().failNextAction("create_server", "placement_error", "no capacity in fsn1");
        Run failed = hcloud("server", "create", "--name", "web-2", "--type", "cx22", "--image", "debian-12");
        assertThat(failed.status()).isNotZero();
        assertThat(failed.output()).contains("no capacity in fsn1");
    }
}
