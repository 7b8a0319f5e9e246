package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The providers report the version the build gives the plugin (its {@code Plugin-Version}). */
class PluginVersionTest {

    @Test
    void bothProvidersReportThePluginVersionOfTheBuild() throws IOException {
        String pom = Files.readString(Path.of(System.getProperty("kombify.root", "../..")).resolve("plugins/pom.xml"));
        Matcher m = Pattern.compile("<plugin\\.version>([^<]+)</plugin\\.version>").matcher(pom);
        assertThat(m.find()).as("plugins/pom.xml sets plugin.version").isTrue();

        assertThat(DockerProvider.VERSION).isEqualTo(m.group(1));
        assertThat(LocalProvider.VERSION).isEqualTo(m.group(1));
    }
}
