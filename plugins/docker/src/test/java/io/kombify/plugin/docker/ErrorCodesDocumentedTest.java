package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.spi.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every error code the plugin raises is in the errors table of its section of docs/providers.md. */
class ErrorCodesDocumentedTest {
    private static final Pattern CODE = Pattern.compile("\"((?:DOCKER|IO|SECRET)_[A-Z_]+)\"");
    private static final Pattern KIND_CODE = Pattern.compile("ErrorKind\\.([A-Z_]+)\\.code\\(\\)");

    @Test
    void theErrorsTableListsEveryCodeThePluginThrows() throws IOException {
        Path root = Path.of(System.getProperty("kombify.root", "../.."));
        Path sources = root.resolve("plugins/docker/src/main/java/io/kombify/plugin/docker");
        Set<String> thrown = new TreeSet<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher m = CODE.matcher(text);
                while (m.find()) {
                    thrown.add(m.group(1));
                }
                Matcher k = KIND_CODE.matcher(text);
                while (k.find()) {
                    thrown.add(ErrorKind.valueOf(k.group(1)).code());
                }
            }
        }
        // Names of Docker's own environment variables, not error codes.
        thrown.removeAll(Set.of("DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"));

        String docs = Files.readString(root.resolve("docs/providers.md"));
        int docker = docs.indexOf("\n## Docker");
        String section = docs.substring(docker, docs.indexOf("\n## ", docker + 1));
        String table = section.substring(section.indexOf("### Errors"));

        assertThat(thrown).contains("DOCKER_UNREACHABLE", "DOCKER_CLIENT_ERROR", "PROVIDER_RATE_LIMITED", "IO_ERROR");
        assertThat(thrown).allSatisfy(code -> assertThat(table).as("errors table of docs/providers.md").contains("`" + code + "`"));
    }
}
