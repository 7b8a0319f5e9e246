package io.kombify.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginLoadBenchmarkTest {

    @Test
    void theBuiltArchivesLoadAndBringTheirProvidersAndTheExporter(@TempDir Path plugins) throws IOException {
        for (Path archive : PluginLoadBenchmark.archives(PluginLoadBenchmark.archiveDirectory())) {
            Files.copy(archive, plugins.resolve(archive.getFileName()));
        }

        PluginLoadBenchmark.Loaded loaded = PluginLoadBenchmark.loadAndStart(plugins);

        assertThat(loaded.plugins()).containsExactlyInAnyOrderElementsOf(PluginLoadBenchmark.PLUGINS);
        assertThat(loaded.providers()).containsExactlyInAnyOrderElementsOf(PluginLoadBenchmark.PROVIDERS);
        assertThat(loaded.exporters()).contains(PluginLoadBenchmark.EXPORTER);
    }

    @Test
    void deflatedCopiesOfTheArchivesLoadTheSame(@TempDir Path plugins) throws IOException {
        for (Path archive : PluginLoadBenchmark.archives(PluginLoadBenchmark.archiveDirectory())) {
            PluginLoadBenchmark.deflate(archive, plugins.resolve(archive.getFileName()));
        }

        assertThat(PluginLoadBenchmark.loadAndStart(plugins).providers())
                .containsExactlyInAnyOrderElementsOf(PluginLoadBenchmark.PROVIDERS);
    }

    @Test
    void aDirectoryWithoutTheThreePluginsYieldsNoFigure(@TempDir Path plugins) throws IOException {
        Path one = PluginLoadBenchmark.archives(PluginLoadBenchmark.archiveDirectory()).get(0);
        Files.copy(one, plugins.resolve(one.getFileName()));

        assertThatThrownBy(() -> PluginLoadBenchmark.loadAndStart(plugins))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not all load");
    }
}
