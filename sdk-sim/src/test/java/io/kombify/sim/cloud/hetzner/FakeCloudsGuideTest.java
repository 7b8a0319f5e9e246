package io.kombify.sim.cloud.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The example of docs/fake-clouds.md, and a check that the guide quotes it line for line. */
class FakeCloudsGuideTest {
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void retriesARateLimitedCreateAndLeavesOneServer() throws Exception {
        // guide: example {
        try (HetznerCloudFake fake = HetznerCloudFake.builder().start()) {
            fake.faults().rateLimitNext(1, Duration.ZERO);
            ExampleHetznerClient client = new ExampleHetznerClient(fake.endpoint(), fake.token());

            long id = client.createServer("web-1", "cx22", "debian-12");

            assertThat(fake.resources("servers")).singleElement().satisfies(server -> {
                assertThat(server.id()).isEqualTo(id);
                assertThat(server.name()).isEqualTo("web-1");
                assertThat(server.json()).contains("\"status\":\"running\"");
            });
            assertThat(fake.requests()).extracting(FakeRequest::method, FakeRequest::apiPath, FakeRequest::status)
                    .startsWith(tuple("POST", "/servers", 429), tuple("POST", "/servers", 201));
        }
        // }
    }

    @Test
    void theGuidesJavaExcerptsAreCompiledTestCode() throws IOException {
        Path root = Path.of(System.getProperty("kombify.root", ".."));
        String guide = Files.readString(root.resolve("docs/fake-clouds.md"));
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("sdk-sim/src/test/java/io/kombify/sim/cloud/hetzner"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.add(lines(Files.readString(f)));
            }
        }
        Matcher m = BLOCK.matcher(guide);
        int excerpts = 0;
        while (m.find()) {
            excerpts++;
            List<String> excerpt = lines(m.group(1));
            assertThat(sources.stream().anyMatch(s -> Collections.indexOfSubList(s, excerpt) >= 0))
                    .as("docs/fake-clouds.md excerpt found in the tests of io.kombify.sim.cloud.hetzner:%n%s", m.group(1)).isTrue();
        }
        assertThat(excerpts).as("java excerpts in docs/fake-clouds.md").isGreaterThanOrEqualTo(1);
    }

    /** The non-blank lines, without indentation. */
    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
