package io.kombify.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kombify fake-cloud hetzner} in the packaged jar, stopped by a TERM signal as Ctrl-C would stop it. */
class FakeCloudJarIT {
    private static final Pattern LISTENING = Pattern.compile("Hetzner Cloud fake listening on (http://127\\.0\\.0\\.1:\\d+/v1) \\(token: fake-token\\)");

    @Test
    void servesUntilTerminated(@TempDir Path dir) throws Exception {
        String jar = System.getProperty("kombify.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("kombify.jar is required on CI but was not found at " + jar + "; build it with 'mvn verify'");
            }
            assumeTrue(false, "skipped: kombify.jar is built by 'mvn package' (run 'mvn verify' to test it); not found at " + jar);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("fake-cloud.out");
        Process p = new ProcessBuilder(List.of(java.toString(), "-jar", jar, "fake-cloud", "hetzner"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            List<String> lines = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (lines.size() < 2 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            }
            assertThat(lines).as("what it printed first").hasSizeGreaterThanOrEqualTo(2);
            Matcher m = LISTENING.matcher(lines.get(0));
            assertThat(m.matches()).as(lines.get(0)).isTrue();
            assertThat(lines.get(1)).isEqualTo("  export HCLOUD_ENDPOINT=" + m.group(1));
            assertThat(FakeCloudCommandTest.get(m.group(1) + "/locations", "fake-token")).isEqualTo(200);

            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped after TERM").isTrue();
            assertThat(Files.readAllLines(log, StandardCharsets.UTF_8)).as("what it printed")
                    .contains("Hetzner Cloud fake stopped after 1 requests.");
            assertThat(p.exitValue()).as("exit value after TERM").isIn(0, 143);
        } finally {
            p.destroyForcibly();
        }
    }
}
