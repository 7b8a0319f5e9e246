package io.kombify.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The packaged {@code kombify.jar}, run the way a user runs it. */
class KombifyJarIT {

    @Test
    void theExecutableJarValidatesASampleAndReportsAnInvalidSpec() throws Exception {
        String jar = System.getProperty("kombify.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "kombify.jar is built by 'mvn package'");
        Path sample = Path.of(KombifyJarIT.class.getResource("/specs/valid-minimal.yaml").toURI());
        Path invalid = Path.of(KombifyJarIT.class.getResource("/specs/invalid-three-errors.yaml").toURI());

        Result valid = java(jar, "validate", sample.toString());
        Result bad = java(jar, "validate", "--format", "json", invalid.toString());
        Result missing = java(jar, "validate", "no-such-file.yaml");
        Result version = java(jar, "--version");

        assertThat(valid.status()).isZero();
        assertThat(valid.out()).contains("valid-minimal.yaml: valid, kit base-homelab");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.out()).contains("\"code\": \"SERVICE_NEEDS_UNKNOWN\"");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("kombify validate: cannot read no-such-file.yaml: no such file");
        assertThat(version.out()).startsWith("kombify ");
    }

    record Result(int status, String out, String err) {
    }

    private static Result java(String jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
