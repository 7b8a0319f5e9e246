package io.kombify.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** {@code kombify fake-cloud hetzner} in the packaged jar, stopped by a TERM signal as Ctrl-C would stop it. */
class FakeCloudJarIT {
    private static final Pattern LISTENING = Pattern.compile("Hetzner Cloud fake listening on (http://127\\.0\\.0\\.1:\\d+/v1) \\(token: fake-token\\)");

    @Test
    void servesUntilTerminated() throws Exception {
        String jar = System.getProperty("kombify.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "kombify.jar is built by 'mvn package'");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-jar", jar, "fake-cloud", "hetzner")).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher m = LISTENING.matcher(String.valueOf(first));
            assertThat(m.matches()).as(first).isTrue();
            assertThat(out.readLine()).isEqualTo("  export HCLOUD_ENDPOINT=" + m.group(1));
            assertThat(FakeCloudCommandTest.get(m.group(1) + "/locations", "fake-token")).isEqualTo(200);

            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped after TERM").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }
}
