package io.kombify.plugin.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every Java and XML excerpt in docs/plugins.md is taken, line for line, from this module. */
class PluginGuideExcerptsTest {

    private static final Pattern BLOCK = Pattern.compile("```(java|xml)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theGuidesExcerptsAreTheTemplatesCode() throws IOException {
        Path root = Path.of(System.getProperty("kombify.root", "../.."));
        String guide = Files.readString(root.resolve("docs/plugins.md"));
        Path module = root.resolve("samples/plugin-template");
        List<List<String>> sources = new ArrayList<>();
        sources.add(lines(Files.readString(module.resolve("pom.xml"))));
        try (Stream<Path> files = Files.walk(module.resolve("src"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.add(lines(Files.readString(f)));
            }
        }
        Matcher m = BLOCK.matcher(guide);
        int excerpts = 0;
        while (m.find()) {
            excerpts++;
            List<String> excerpt = lines(m.group(2));
            assertThat(sources.stream().anyMatch(s -> containsRun(s, excerpt)))
                    .as("docs/plugins.md excerpt found in samples/plugin-template:%n%s", m.group(2)).isTrue();
        }
        assertThat(excerpts).as("excerpts in docs/plugins.md").isGreaterThanOrEqualTo(10);
    }

    /** The non-blank lines, without indentation. */
    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static boolean containsRun(List<String> lines, List<String> run) {
        return Collections.indexOfSubList(lines, run) >= 0;
    }
}
